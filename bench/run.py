"""`make bench`: what each page costs against a bare Django view, on the demo data plus 4,000
generated reports. README.md, "Benchmark", says how to read it.

1. Builds its own SQLite files under bench/.data/: `demo` (migrate, load_nuts, load_demo) and
   `large` (the demo plus generate_bench_data), rebuilt only when the migrations, the demo data
   or the generator change. Each run works on fresh copies of them.
2. Renders the Cybersecurity July–December 2020 PDF in-process, and the same text as plain
   paragraphs in a plain page: WeasyPrint's floor.
3. Counts each page's queries in-process (Django's test client) at both sizes, and those of
   wizard saves with 1 and with 10 rows.
4. Serves the large data with gunicorn (DEBUG off, one sync worker) and requests every page
   once per round in a shuffled order, the bare view among them, timing the wall clock and
   the worker's CPU.
5. Prints the tables and writes them to bench/results/<date>.md.
"""

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from html import escape
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results"
# What the built databases are made from: when one of these changes, they are built again.
SOURCES = ["*/migrations/*.py", "reports/demo/*.py"]
DEMO, LARGE = "demo.sqlite3", "large.sqlite3"
SERVED = "served.sqlite3"  # the large data as gunicorn serves it, copied for each run
BARE = "bare view"
FLOOR = "bench/pdf-size-floor.pdf"  # a static file as large as the PDF (STATIC_ROOT)
# The wizard's saves counted, by step: the prefix of its table's rows, and a row's cells
# naming a NUTS unit.
SAVES = {
    "regions": ("participating", lambda unit: {"entry": unit}),
    "working-areas": ("working-areas", lambda unit: declared_row("working-areas", unit)),
}
PDF_RENDERS = 3


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    user: str = ""  # the demo account it is requested as; empty: a visitor
    counted: bool = True  # its queries are counted (not a static file's)


# --- the databases --------------------------------------------------------------------------


def bench_env(database: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_DATABASE": database}


def manage(database: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=bench_env(database), check=True
    )


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(path for pattern in SOURCES for path in ROOT.glob(pattern)):
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()


def copy_database(source: str, target: str) -> None:
    """A consistent copy, WAL included (SQLite's backup API, not a file copy)."""
    (DATA / target).unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(DATA / source)) as original,
        closing(sqlite3.connect(DATA / target)) as copy,
    ):
        original.backup(copy)


def build_databases() -> str:
    """The demo and large databases, built unless those of the same sources are there."""
    DATA.mkdir(exist_ok=True)
    stamp = DATA / "fingerprint"
    wanted = fingerprint()
    built = all((DATA / name).exists() for name in (DEMO, LARGE))
    if built and stamp.exists() and stamp.read_text() == wanted:
        return "reused"
    for path in DATA.glob("*.sqlite3*"):
        path.unlink()
    manage(DEMO, "migrate", "--no-input", "-v", "0")
    manage(DEMO, "load_nuts")
    # --force: the demo loader refuses DEBUG off, which these settings are; the file is ours.
    manage(DEMO, "load_demo", "--force")
    copy_database(DEMO, LARGE)
    # Never --force: the generator refuses a database with real data.
    manage(LARGE, "generate_bench_data")
    stamp.write_text(wanted)
    return "built"


# --- the pages ------------------------------------------------------------------------------


def account(role: str) -> str:
    from reports.demo.accounts import ACCOUNTS

    return next(entry.username for entry in ACCOUNTS if entry.role == role)


def pages() -> list[Page]:
    """Every page measured, on the demo's objects, which both databases hold."""
    from django.templatetags.static import static
    from django.urls import reverse

    from accounts.models import Role, User

    coordinator, reviewer, admin = (
        account(role) for role in (Role.COORDINATOR, Role.REVIEWER, Role.ADMINISTRATOR)
    )
    report = seed_report()
    editable = wizard_report(User.objects.get(username=admin))
    at = {"slug": report.partnership.slug, "period": report.period.slug}
    platform = report.partnership.platform.code
    region = report.regions.get(role="lead").region.nuts_code
    wizard_at = {"slug": editable.partnership.slug, "period": editable.period.slug}
    return [
        Page(BARE, reverse("bench_bare")),
        Page("published report page", reverse("reports:public_report", kwargs=at)),
        Page("partnership page", reverse("reports:partnership", kwargs={"slug": at["slug"]})),
        Page("timeline", reverse("reports:timeline", kwargs={"slug": at["slug"]})),
        Page("home", reverse("reports:home")),
        Page(
            "wizard step GET (regions)",
            reverse("reports:wizard_step", kwargs={**wizard_at, "step": "regions"}),
            admin,
        ),
        Page(
            "wizard review step",
            reverse("reports:wizard_step", kwargs={**wizard_at, "step": "review"}),
            admin,
        ),
        Page("review report page", reverse("reports:review_report", kwargs=at), reviewer),
        Page("review dashboard", reverse("reports:review_dashboard"), reviewer),
        Page("published PDF download", reverse("report_pdf", kwargs=at)),
        Page("static file, size of the PDF", static(FLOOR), counted=False),
        Page("workspace (coordinator)", reverse("reports:workspace"), coordinator),
        Page("workspace (administrator)", reverse("reports:workspace"), admin),
        Page("all platforms page", reverse("reports:platforms")),
        Page("platform page", reverse("reports:platform", kwargs={"code": platform})),
        Page("region page (lead region)", reverse("reports:region", kwargs={"code": region})),
        Page("country page", reverse("reports:country", kwargs={"code": region[:2]})),
        Page(
            "period synthesis (reviewers)",
            reverse("reports:review_synthesis", kwargs={"period": report.period.slug}),
            reviewer,
        ),
        Page("open data page", reverse("opendata:index")),
        Page("API: published reports, first page", reverse("api-v1:reports")),
    ]


def wizard_report(admin):
    """A demo report the administrator may edit: the same one in both databases."""
    from reports.demo.generated import PREFIX
    from reports.models import MonitoringReport

    return (
        MonitoringReport.objects.editable_by(admin)
        .exclude(partnership__slug__startswith=PREFIX)
        .order_by("pk")
        .first()
    )


# --- queries, in-process --------------------------------------------------------------------


def count_queries() -> dict:
    """Each page's queries (its second request: the first fills caches), and those of the
    wizard's saves. Run in a child process per database (`--count-queries`)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from accounts.models import Role, User

    setup_test_environment()
    clients: dict[str, Client] = {}

    def client_of(username: str) -> Client:
        if username not in clients:
            clients[username] = Client()
            if username:
                clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    counts = {}
    for page in pages():
        if not page.counted:
            continue
        client = client_of(page.user)
        client.get(page.path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        expect(response.status_code == 200, f"{page.label}: HTTP {response.status_code}")
        counts[page.label] = len(queries)
    admin = account(Role.ADMINISTRATOR)
    return {"pages": counts, "saves": count_saves(client_of(admin), admin)}


def count_saves(client, admin: str) -> dict[str, dict[int, int]]:
    """Queries of a save that fills an empty table with 1 row, and then one with 10."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from regions.models import Region

    report = wizard_report(User.objects.get(username=admin))
    at = {"slug": report.partnership.slug, "period": report.period.slug}
    units = [str(unit) for unit in Region.objects.nuts().filter(nuts_level=2)[:10]]
    counts: dict[str, dict[int, int]] = {}
    for step, (prefix, cells) in SAVES.items():
        url = reverse("reports:wizard_step", kwargs={**at, "step": step})
        # Uncounted, like each page's first request: fills caches (the NUTS index, say).
        save(client, url, step_form(client, url, prefix, [cells(units[0])]))
        counts[step] = {}
        for rows in (1, 10):
            save(client, url, step_form(client, url, prefix, []))
            form = step_form(client, url, prefix, [cells(unit) for unit in units[:rows]])
            with CaptureQueriesContext(connection) as queries:
                save(client, url, form)
            counts[step][rows] = len(queries)
            stored = len(filled_rows(client, url, prefix))
            expect(stored == rows, f"{step} holds {stored} rows after a save of {rows}")
    return counts


def declared_row(step: str, unit: str) -> dict[str, str]:
    """A row of the step's table, each column the form declares for it naming `unit`."""
    from reports.form import FORM, Table

    page = next(page for page in FORM.pages if page.slug == step)
    table = next(question for question in page.questions if isinstance(question, Table))
    return {column.name: unit for column in table.columns}


def step_form(client, url: str, prefix: str, rows: list[dict[str, str]]) -> dict:
    """The step's form as its page shows it, with its `prefix` table holding `rows` only."""
    from tests.wizard_helpers import form_values

    values = form_values(client.get(url))
    for name in cells_of(values, prefix):
        values[name] = [""]  # an empty row is removed
    for index, cells in enumerate(rows):
        values.update({f"{prefix}-{index}-{name}": [value] for name, value in cells.items()})
    total = f"{prefix}-TOTAL_FORMS"
    values[total] = [str(max(int(values[total][0]), len(rows)))]
    return {**values, "action": ["save"]}


def cells_of(values: dict, prefix: str) -> list[str]:
    """The names of the table's cells in a step's form (not its rows' hidden fields)."""
    cell = re.compile(rf"^{re.escape(prefix)}-\d+-(?!row_id$|carried_over$)\w+$")
    return [name for name in values if cell.match(name)]


def filled_rows(client, url: str, prefix: str) -> set[str]:
    """The rows of the table the step's page shows with something in them."""
    from tests.wizard_helpers import form_values

    values = form_values(client.get(url))
    return {name.rsplit("-", 1)[0] for name in cells_of(values, prefix) if values[name] != [""]}


def save(client, url: str, form: dict) -> None:
    response = client.post(url, form)
    expect(response.status_code == 302, f"the save of {url} was refused")


def expect(condition: bool, problem: str) -> None:
    if not condition:
        raise SystemExit(f"bench: {problem}")


def queries_on(database: str) -> dict:
    """count_queries() on a copy of `database`, in a process of its own (saves change it)."""
    copy_database(database, f"count-{database}")
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--count-queries", f"count-{database}"],
        cwd=ROOT,
        env=bench_env(f"count-{database}"),
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


# --- the PDF, in-process --------------------------------------------------------------------


def time_pdf() -> dict:
    """The seed report's PDF against WeasyPrint's floor: the same text (as read back from the
    PDF) in plain paragraphs of a plain page. Wall and CPU seconds of each render."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from reports.pdf import render_report_pdf

    report = seed_report()
    rendered, pdf = timed(lambda: render_report_pdf(report))
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    plain = f'<!doctype html><html lang="en"><title>Floor</title><body>{paragraphs}</body></html>'
    floor, _ = timed(lambda: HTML(string=plain).write_pdf())
    return {"pdf": rendered, "floor": floor, "size": len(pdf)}


def timed(render) -> tuple[dict[str, list[float]], bytes]:
    result = render()  # the first render loads fonts and templates
    times: dict[str, list[float]] = {"wall": [], "cpu": []}
    for _ in range(PDF_RENDERS):
        wall, cpu = time.perf_counter(), time.process_time()
        result = render()
        times["wall"].append(time.perf_counter() - wall)
        times["cpu"].append(time.process_time() - cpu)
    return times, result


def seed_report():
    """The Cybersecurity July–December 2020 report, the seed document the demo reproduces."""
    from reports.demo.cybersecurity import PARTNERSHIP, REPORT_2020_H2
    from reports.models import MonitoringReport

    return MonitoringReport.objects.published().get(
        partnership__slug=PARTNERSHIP.slug,
        period__year=REPORT_2020_H2.year,
        period__half=REPORT_2020_H2.half,
    )


# --- over HTTP, against gunicorn ------------------------------------------------------------


def http(port: int, path: str, cookie: str = "", form: dict | None = None):
    """(status, head, body) of one request on a connection of its own, read until the server
    closes it: by then the worker has finished with the request."""
    body = urlencode(form).encode() if form else b""
    lines = [f"{'POST' if form else 'GET'} {path} HTTP/1.0", f"Host: 127.0.0.1:{port}"]
    lines += [f"Cookie: {cookie}"] if cookie else []
    if form:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall("\r\n".join([*lines, "", ""]).encode() + body)
        chunks = []
        while chunk := connection.recv(1 << 16):
            chunks.append(chunk)
    head, _, content = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(None, 2)[1]), head.decode("latin-1"), content


def cookies(head: str) -> dict[str, str]:
    return dict(re.findall(r"(?im)^Set-Cookie: ([^=]+)=([^;]*)", head))


def sign_in(port: int, username: str) -> str:
    """The Cookie header of `username` signed in through the login form."""
    from django.urls import reverse

    from reports.demo.accounts import PASSWORD

    login = reverse("login")
    _, head, page = http(port, login)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    expect(token is not None, "the login page has no CSRF token")
    csrf = cookies(head)["csrftoken"]
    form = {"csrfmiddlewaretoken": token[1].decode(), "username": username, "password": PASSWORD}
    status, head, _ = http(port, login, f"csrftoken={csrf}", form)
    expect(status == 302, f"{username} could not sign in (HTTP {status})")
    return f"csrftoken={csrf}; sessionid={cookies(head)['sessionid']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(
    port: int,
    env: dict[str, str] | None = None,
    workers: int = 1,
    log: Path = DATA / "gunicorn.log",
) -> subprocess.Popen:
    """gunicorn, once it answers; by default as measured here, with one sync worker: requests
    are sent one at a time anyway, the worker's CPU time is then exactly that of the request
    in flight, and the other core is left to this client. `make load` and
    tests/test_two_instances.py serve with it too, in their own environments."""
    command = [sys.executable, "-m", "gunicorn", "s3partnership.wsgi:application"]
    command += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "600"]
    command += ["--error-logfile", str(log), "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env or bench_env(SERVED))
    for _ in range(600):
        expect(server.poll() is None, f"gunicorn stopped: see {log}")
        try:
            http(port, "/bench/bare/")
            return server
        except ConnectionRefusedError:
            time.sleep(0.1)
    raise SystemExit("bench: gunicorn did not answer within a minute")


def worker_of(master: int) -> int:
    workers = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and parent_of(entry) == master
    ]
    expect(len(workers) == 1, f"gunicorn has {len(workers)} workers, not 1")
    return workers[0]


def parent_of(process: Path) -> int | None:
    try:
        # "pid (name) state ppid …": the name may hold spaces and brackets.
        return int((process / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError):
        return None


def cpu_ns(pid: int) -> int:
    """The process's CPU time so far, in nanoseconds: the scheduler's count of its threads'
    run time, where /proc/<pid>/stat counts only in 10 ms ticks."""
    tasks = Path(f"/proc/{pid}/task")
    return sum(int((task / "schedstat").read_text().split()[0]) for task in tasks.iterdir())


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024


def measure(port: int, worker: int, pages: list[Page], cookie: dict, budget: float, rounds: int):
    """{label: {"wall": [s], "cpu": [s]}} and {label: bytes}, round after round, each page once
    per round in a new random order, until `rounds` or `budget` seconds (at least five rounds)."""
    shuffled = random.Random(0)
    samples = {page.label: {"wall": [], "cpu": []} for page in pages}
    sizes = {}
    deadline = time.monotonic() + budget
    done = 0
    while done < rounds and (time.monotonic() < deadline or done < 5):
        for page in shuffled.sample(pages, len(pages)):
            cpu, wall = cpu_ns(worker), time.perf_counter()
            status, _, body = http(port, page.path, cookie[page.user])
            wall, cpu = time.perf_counter() - wall, (cpu_ns(worker) - cpu) / 1e9
            expect(status == 200, f"{page.label}: HTTP {status}")
            samples[page.label]["wall"].append(wall)
            samples[page.label]["cpu"].append(cpu)
            sizes[page.label] = len(body)
        done += 1
    return samples, sizes


def over_http(pages: list[Page], budget: float, rounds: int) -> dict:
    port = free_port()
    server = serve(port)
    try:
        worker = worker_of(server.pid)
        cookie = {user: sign_in(port, user) if user else "" for user in {p.user for p in pages}}
        first = {}
        for page in pages:  # warm-up: templates, caches, the PDF's first rendering
            started = time.perf_counter()
            http(port, page.path, cookie[page.user])
            first[page.label] = time.perf_counter() - started
        started = time.monotonic()
        samples, sizes = measure(port, worker, pages, cookie, budget, rounds)
        elapsed = time.monotonic() - started
        expect(worker_of(server.pid) == worker, "the gunicorn worker was restarted")
        rss = peak_rss_mb(worker)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {"samples": samples, "sizes": sizes, "seconds": elapsed, "rss": rss, "first": first}


# --- the result -----------------------------------------------------------------------------


def number(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def against(values: list[float], floor: float) -> str:
    """The median over `floor`, and the 10th–90th percentiles over it: "14.7× (12.1–19.0)"."""
    deciles = statistics.quantiles(values, n=10, method="inclusive")
    low, high = deciles[0] / floor, deciles[-1] / floor
    return f"{number(statistics.median(values) / floor)}× ({number(low)}–{number(high)})"


def pages_table(pages: list[Page], served: dict, queries: dict) -> list[str]:
    samples = served["samples"]
    floor = {kind: statistics.median(samples[BARE][kind]) for kind in ("wall", "cpu")}
    rows = [
        "| request | wall time vs bare view | server CPU vs bare view | median wall | first "
        "request after start | queries, demo → large |",
        "|---|---|---|---|---|---|",
    ]
    for page in pages:
        wall, cpu = samples[page.label]["wall"], samples[page.label]["cpu"]
        counted = [queries[size]["pages"].get(page.label) for size in ("demo", "large")]
        rows.append(
            f"| {page.label} | {against(wall, floor['wall'])} | {against(cpu, floor['cpu'])} | "
            f"{statistics.median(wall) * 1000:,.1f} ms | {served['first'][page.label]:,.2f} s | "
            + (f"{counted[0]:,} → {counted[1]:,} |" if page.counted else "– |")
        )
    return rows


def saves_table(queries: dict) -> list[str]:
    rows = ["| step saved | 1 row | 10 rows |", "|---|---|---|"]
    for step in SAVES:
        demo, large = (queries[size]["saves"][step] for size in ("demo", "large"))
        rows.append(f"| {step} | {demo['1']} → {large['1']} | {demo['10']} → {large['10']} |")
    return rows


def pdf_table(pdf: dict) -> list[str]:
    rows = ["| render | wall, median | CPU, median |", "|---|---|---|"]
    for label, key in [("reports.pdf (PDF/UA-1)", "pdf"), ("WeasyPrint plain-text floor", "floor")]:
        wall, cpu = (statistics.median(pdf[key][kind]) for kind in ("wall", "cpu"))
        rows.append(f"| {label} | {wall:.2f} s | {cpu:.2f} s |")
    ratio = [
        number(statistics.median(pdf["pdf"][kind]) / statistics.median(pdf["floor"][kind])) + "×"
        for kind in ("wall", "cpu")
    ]
    rows.append(f"| ratio | {ratio[0]} | {ratio[1]} |")
    return rows


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    return (
        f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} CPUs"
        f" ({cpu[1] if cpu else 'unknown model'}), {memory / 2**20:.1f} GB RAM"
    )


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    changed = git("status", "--porcelain", "--", ".", ":!bench/results").strip()
    return git("rev-parse", "--short", "HEAD").strip() + (
        " with uncommitted changes" if changed else ""
    )


def versions() -> str:
    from importlib.metadata import version

    packages = ", ".join(f"{name} {version(name)}" for name in ("Django", "gunicorn", "weasyprint"))
    return f"Python {platform.python_version()}, {packages}"


def markdown(pages: list[Page], run: dict) -> str:
    served, pdf = run["served"], run["pdf"]
    bare = served["samples"][BARE]
    bare_wall, bare_cpu = statistics.median(bare["wall"]), statistics.median(bare["cpu"])
    rounds = len(bare["wall"])
    sizes = served["sizes"]
    return "\n".join(
        [
            f"# Benchmark, {run['date']}",
            "",
            f"- Machine: {machine()}. Load average {run['load'][0]:.1f} at the start, "
            f"{run['load'][1]:.1f} at the end: other jobs shared the machine.",
            f"- {versions()}.",
            f"- Commit {commit()}.",
            f"- Data: *demo* is the demo data; *large* is the demo data plus "
            f"{run['generated']:,} generated reports, {run['reports']:,} in all (databases "
            f"{run['databases']}); `make bench` took {run['minutes']:.1f} minutes.",
            "",
            "Method: gunicorn with one sync worker (requests go one at a time, so its CPU time "
            "is exactly the request's; the other core is the client's), DEBUG off, SQLite. "
            f"{rounds} rounds in {served['seconds']:.0f} s, after one warm-up request per page "
            "(its wall time is the table's first request after start: what the first reader "
            "after a restart waits); "
            "each round requests every page once, in a new random order. Wall time is the "
            "client's, from connecting until the server closes the connection; server CPU is "
            "the worker's run time (/proc/<pid>/task/*/schedstat) before and after each "
            "request. Both are ratios to the bare view's median in the same run (one query, no "
            f"template, the same middleware: {bare_wall * 1000:.1f} ms wall, "
            f"{bare_cpu * 1000:.1f} ms CPU), with the 10th–90th percentiles in brackets. "
            "Queries are counted in-process with Django's test client (each page's second "
            "request), on the demo data alone and with the generated reports. Read the ratios, "
            "not the absolute times: the machine is shared and noisy.",
            "",
            "## Pages",
            "",
            *pages_table(pages, served, run["queries"]),
            "",
            "## Queries of wizard saves (demo → large)",
            "",
            "A save that fills an empty table (or region list) with 1 row, and one with 10.",
            "",
            *saves_table(run["queries"]),
            "",
            "## PDF",
            "",
            f"The Cybersecurity July–December 2020 report, {PDF_RENDERS} renders each after "
            "one warm-up; the floor is the same text, as read back from the PDF, in plain "
            "paragraphs of a plain page.",
            "",
            *pdf_table(pdf),
            "",
            f"Sizes: rendered {pdf['size'] / 1024:,.0f} KB, served "
            f"{sizes['published PDF download'] / 1024:,.0f} KB, static floor "
            f"{sizes['static file, size of the PDF'] / 1024:,.0f} KB.",
            "",
            "## Memory",
            "",
            f"Peak RSS of the gunicorn worker: {served['rss']:,.0f} MB.",
            "",
        ]
    )


# --- the run --------------------------------------------------------------------------------


def setup_django(database: str) -> None:
    import django

    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", BENCH_DATABASE=database)
    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--budget", type=float, default=120, help="seconds of timed rounds (default: 120)"
    )
    parser.add_argument("--rounds", type=int, default=300, help="at most (default: 300)")
    parser.add_argument("--count-queries", metavar="DATABASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_queries:
        setup_django(args.count_queries)
        print(json.dumps(count_queries()))
        return

    started, load = time.monotonic(), os.getloadavg()[0]
    print("Databases…", flush=True)
    databases = build_databases()
    copy_database(LARGE, SERVED)
    shutil.rmtree(DATA / "media", ignore_errors=True)  # the PDFs stored by earlier runs
    manage(SERVED, "collectstatic", "--no-input", "-v", "0")
    setup_django(SERVED)
    from reports.demo.generated import PREFIX
    from reports.models import MonitoringReport

    print("PDF…", flush=True)
    pdf = time_pdf()
    # Random bytes do not compress, as a PDF's streams do not.
    (DATA / "static" / FLOOR).parent.mkdir(exist_ok=True)
    (DATA / "static" / FLOOR).write_bytes(os.urandom(pdf["size"]))
    print("Queries…", flush=True)
    queries = {"demo": queries_on(DEMO), "large": queries_on(LARGE)}
    print("Timing over HTTP…", flush=True)
    measured = pages()
    served = over_http(measured, args.budget, args.rounds)
    run = {
        "date": time.strftime("%Y-%m-%d"),
        "load": (load, os.getloadavg()[0]),
        "databases": databases,
        "reports": MonitoringReport.objects.count(),
        "generated": MonitoringReport.objects.filter(partnership__slug__startswith=PREFIX).count(),
        "minutes": (time.monotonic() - started) / 60,
        "served": served,
        "pdf": pdf,
        "queries": queries,
    }
    text = markdown(measured, run)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{run['date']}.md").write_text(text)
    print(text)
    print(f"Written to {(RESULTS / (run['date'] + '.md')).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
