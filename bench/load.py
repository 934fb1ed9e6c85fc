"""`make load`: the site under load, measured, and no save lost. README.md, "Load", says how to
read it.

1. A database of its own, made afresh: bench/.data/load.sqlite3, or the PostgreSQL database
   LOAD_DATABASE_URL names (never DATABASE_URL's; refused if anyone but the demo's and the
   load's accounts is in it). Migrated, the NUTS list, the demo data, and for the run ten
   more coordinators, each with a report of the current half-year started on a partnership
   of their own.
2. gunicorn as in production (bench/run.py's `serve`): DEBUG off, 2 × CPUs + 1 sync workers,
   behind a pretend proxy (X-Forwarded-For, so each simulated person has an address).
3. Every page requested once (the first request of a PDF in a language renders it), then
   locust, headless, in a process of its own (bench/locustfile.py): 50 readers of the public
   pages and 10 coordinators saving a wizard step, for 60 s.
4. Every save the server answered with success must be in the database: its save token among
   the step's revisions, with the text typed, and each report holding its coordinator's last
   confirmed text (or a later one sent, whose answer never came). Those missing are lost
   saves.
5. Writes bench/results/load-<date>.md: requests per second, median and 95th percentile per
   kind of request, also as ratios to the floors measured in the same run (a bare view and a
   static file), errors and lost saves.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

from bench.run import (
    DATA,
    RESULTS,
    ROOT,
    commit,
    free_port,
    machine,
    manage,
    serve,
    setup_django,
)

DATABASE = "load.sqlite3"
LOAD_PREFIX = "load-"  # the usernames of the coordinators made for the run
LANGUAGES = ["en", "de", "fr", "pl", "bg", "el"]  # the pages' languages: Latin, Cyrillic, Greek
PDF_LANGUAGES = ["en", "de"]  # each is rendered once, at its first request
FLOORS = ["floor: bare view", "floor: static file"]
SAVE = "wizard: save step"
# The coordinators save the summary step's one long text (its name from the form's
# declaration, summary_field): a page of typing.
STEP = "summary"
TEXT = " ".join(["Our regions met in Rennes and agreed the next pilots."] * 40)


def summary_field() -> str:
    """The summary step's one question, as the form declares it (after Django is set up)."""
    from reports.wizard.steps import STEPS_BY_SLUG

    (question,) = STEPS_BY_SLUG[STEP].page.questions
    return question.name


def database_environment() -> dict[str, str]:
    """How bench/settings.py finds the load's database, for this process and its children."""
    url = os.environ.get("LOAD_DATABASE_URL", "")
    if url:
        return {"BENCH_DATABASE_URL": url}
    return {"BENCH_DATABASE": DATABASE}


def load_environment() -> dict[str, str]:
    return {
        **os.environ,
        **database_environment(),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # The simulated people come through one proxy, which names each one's address.
        "TRUSTED_PROXY_COUNT": "1",
        "API_THROTTLE_DIR": str(DATA / "load-api-throttle"),
    }


# --- the database ---------------------------------------------------------------------------


def prepare_database() -> None:
    """The demo data, afresh. Run before Django is set up here: each step in a process."""
    os.environ.update(load_environment())
    if not os.environ.get("LOAD_DATABASE_URL"):
        DATA.mkdir(exist_ok=True)
        for path in DATA.glob(f"{DATABASE}*"):
            path.unlink()
    manage(DATABASE, "migrate", "--no-input", "-v", "0")
    check = subprocess.run(
        [sys.executable, "-m", "bench.load", "--foreign-accounts"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    if foreign := check.stdout.strip():
        raise SystemExit(f"load: the database holds accounts not made by the demo: {foreign}")
    manage(DATABASE, "flush", "--no-input")
    manage(DATABASE, "load_nuts")
    # --force: the demo loader refuses DEBUG off, which these settings are; the database is ours.
    manage(DATABASE, "load_demo", "--force")
    shutil.rmtree(DATA / "media", ignore_errors=True)  # the PDFs stored by earlier runs
    shutil.rmtree(DATA / "load-api-throttle", ignore_errors=True)
    manage(DATABASE, "collectstatic", "--no-input", "-v", "0")


def foreign_accounts() -> list[str]:
    """Usernames neither the demo's nor the load's: a database that is not ours to flush."""
    from accounts.models import User
    from reports.demo.accounts import ACCOUNTS

    ours = {account.username for account in ACCOUNTS}
    return sorted(
        username
        for username in User.objects.values_list("username", flat=True)
        if username not in ours and not username.startswith(LOAD_PREFIX)
    )[:5]


def make_coordinators(number: int) -> list[dict]:
    """`number` coordinators, each with the current half-year's report of a partnership that
    had none, started as a coordinator starts it (carried over from the previous one)."""
    from accounts.models import User
    from reports.carry_over import start_report
    from reports.demo.accounts import PASSWORD
    from reports.demo.load import current_half_year
    from reports.models import Partnership, ReportingPeriod
    from tests.wizard_helpers import step_url

    year, half = current_half_year()
    period = ReportingPeriod.objects.get(year=year, half=half)
    partnerships = Partnership.objects.exclude(reports__period=period).order_by("slug")[:number]
    if len(partnerships) < number:
        raise SystemExit(f"load: only {len(partnerships)} partnerships have no report to start")
    coordinators = []
    for index, partnership in enumerate(partnerships, start=1):
        user = User.objects.create_user(
            f"{LOAD_PREFIX}coordinator-{index:02}", password=PASSWORD, role=User.Role.COORDINATOR
        )
        partnership.coordinators.add(user)
        report = start_report(partnership, period)
        coordinators.append(
            {"username": user.username, "report": report.pk, "step": step_url(report, STEP)}
        )
    return coordinators


# --- what the simulated people visit --------------------------------------------------------


def public_pages() -> dict[str, list[str]]:
    """The addresses of each kind of public request, in several languages where there are."""
    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils import translation

    from reports.models import MonitoringReport, Partnership

    published = MonitoringReport.objects.published().select_related("partnership", "period")
    reports = [{"slug": r.partnership.slug, "period": r.period.slug} for r in published]
    slugs = list(Partnership.objects.order_by("slug").values_list("slug", flat=True))
    pages: dict[str, list[str]] = {
        "floor: bare view": [reverse("bench_bare")],
        "floor: static file": [static("css/site.css")],
        "API: published reports": [reverse("api-v1:reports")],
    }
    for language in LANGUAGES:
        with translation.override(language):
            each = {
                "home": [reverse("reports:home")],
                "published report page": [
                    reverse("reports:public_report", kwargs=report) for report in reports
                ],
                "partnership page": [
                    reverse("reports:partnership", kwargs={"slug": slug}) for slug in slugs
                ],
                "platforms page": [reverse("reports:platforms")],
                "open data page": [reverse("opendata:index")],
                "published PDF": [reverse("report_pdf", kwargs=report) for report in reports]
                if language in PDF_LANGUAGES
                else [],
            }
        for kind, paths in each.items():
            pages.setdefault(kind, []).extend(paths)
    return pages


def warm_up(port: int, pages: dict[str, list[str]]) -> float:
    """Every page once (PDFs render at their first request in a language); the seconds taken.
    A page that is not a 200 stops the run: the load would measure error pages."""
    started = time.monotonic()

    def get(path: str) -> None:
        try:
            with urlopen(f"http://127.0.0.1:{port}{path}", timeout=300) as response:
                response.read()
        except HTTPError as error:
            raise SystemExit(f"load: {path} answered {error.code} before the run") from error

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(get, [path for paths in pages.values() for path in paths]))
    return time.monotonic() - started


# --- the run --------------------------------------------------------------------------------


def run_locust(port: int, plan: dict, seconds: int) -> tuple[Path, dict[str, list]]:
    """locust's statistics file, and the saves sent and those the server confirmed."""
    plan_file, saves = DATA / "load-plan.json", DATA / "load-saves.json"
    saves.unlink(missing_ok=True)
    plan_file.write_text(json.dumps({**plan, "saves": str(saves)}))
    users = plan["readers"] + len(plan["coordinators"])
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
    command += ["--headless", "--host", f"http://127.0.0.1:{port}", "--only-summary"]
    command += ["--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s"]
    command += ["--csv", str(DATA / "load"), "--loglevel", "WARNING"]
    # Failures are counted in the result; locust's own exit code would stop the run first.
    command += ["--exit-code-on-error", "0"]
    # At the end, each simulated person finishes what they are doing: a save is not cut off
    # after the server stored it and before its answer arrived.
    command += ["--stop-timeout", "30"]
    subprocess.run(command, cwd=ROOT, env={**load_environment(), "LOAD_PLAN": str(plan_file)})
    return DATA / "load_stats.csv", json.loads(saves.read_text())


def lost_saves(saves: dict[str, list], coordinators: list[dict]) -> list[str]:
    """The confirmed saves the database does not hold: a save token missing from the step's
    revisions or stored with another text, or a report holding neither its coordinator's last
    confirmed text nor that of a save sent after it (whose answer never came)."""
    confirmed = saves["confirmed"]
    from reports.models import MonitoringReport, StepRevision

    stored = dict(
        StepRevision.objects.filter(
            step=STEP, client_token__in=[token for _, token, _ in confirmed]
        ).values_list("client_token", "answers")
    )
    lost = [
        f"{text.split(':')[0]} is missing"
        for _, token, text in confirmed
        if text not in stored.get(token, {}).values()
    ]
    last = {username: text for username, _, text in confirmed}
    for account in coordinators:
        username = account["username"]
        if username not in last:
            continue
        sent = [text for user, _, text in saves["sent"] if user == username]
        since_last = sent[sent.index(last[username]) :]
        if (
            getattr(MonitoringReport.objects.get(pk=account["report"]), summary_field())
            not in since_last
        ):
            lost.append(f"{username}: the report does not hold the last text saved")
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="of load (default: 60)")
    parser.add_argument("--readers", type=int, default=50, help="(default: 50)")
    parser.add_argument("--coordinators", type=int, default=10, help="(default: 10)")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn's"
    )
    parser.add_argument("--foreign-accounts", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.foreign_accounts:
        setup_django(DATABASE)
        print(" ".join(foreign_accounts()))
        return

    started, load = time.monotonic(), os.getloadavg()[0]
    print("Database…", flush=True)
    prepare_database()
    setup_django(DATABASE)
    coordinators = make_coordinators(args.coordinators)
    pages = public_pages()
    port = free_port()
    server = serve(port, load_environment(), args.workers, DATA / "load-gunicorn.log")
    try:
        print("Warm-up…", flush=True)
        warm = warm_up(port, pages)
        print(f"Load: {args.readers} readers, {args.coordinators} coordinators…", flush=True)
        stats, saves = run_locust(port, plan(args.readers, coordinators, pages), args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=60)
    run = {
        "date": time.strftime("%Y-%m-%d"),
        "args": args,
        "database": database_description(),
        "load": (load, os.getloadavg()[0]),
        "warm": warm,
        "rows": read_stats(stats),
        "failures": read_stats(DATA / "load_failures.csv"),
        "confirmed": len(saves["confirmed"]),
        "lost": lost_saves(saves, coordinators),
        "minutes": (time.monotonic() - started) / 60,
    }
    text = markdown(run)
    RESULTS.mkdir(exist_ok=True)
    written = RESULTS / f"load-{run['date']}.md"
    written.write_text(text)
    print(text)
    print(f"Written to {written.relative_to(ROOT)}")
    if run["lost"] or any(int(row["Failure Count"]) for row in run["rows"]):
        raise SystemExit("load: errors or lost saves (see the result)")


def database_description() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]} (LOAD_DATABASE_URL)"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}, WAL, bench/.data/{DATABASE}"


def plan(readers: int, coordinators: list[dict], pages: dict) -> dict:
    from django.urls import reverse

    from reports.demo.accounts import PASSWORD

    return {
        "readers": readers,
        "coordinators": [{**account, "field": summary_field()} for account in coordinators],
        "pages": pages,
        "login": reverse("login"),
        "password": PASSWORD,
        "text": TEXT,
    }


def read_stats(path: Path) -> list[dict[str, str]]:
    with path.open() as file:
        return list(csv.DictReader(file))


# --- the result -----------------------------------------------------------------------------


def milliseconds(row: dict[str, str], column: str) -> float:
    return float(row[column])


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}×" if floor else "–"


def stats_table(rows: list[dict[str, str]]) -> list[str]:
    """One row per kind of request, the floors first, everything together last."""
    by_name = {row["Name"]: row for row in rows}
    bare = by_name.get(FLOORS[0])
    floor = {column: milliseconds(bare, column) if bare else 0 for column in ("50%", "95%")}
    kinds = [name for name in FLOORS if name in by_name]
    kinds += sorted(name for name in by_name if name not in FLOORS and name != "Aggregated")
    kinds.append("Aggregated")
    table = [
        "| request | requests | req/s | errors | p50 | p95 | p50 vs bare view | p95 vs bare view |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in kinds:
        row = by_name[name]
        p50, p95 = milliseconds(row, "50%"), milliseconds(row, "95%")
        label = "**all requests**" if name == "Aggregated" else name
        table.append(
            f"| {label} | {int(row['Request Count']):,} | {float(row['Requests/s']):.1f} | "
            f"{int(row['Failure Count'])} | {p50:,.0f} ms | {p95:,.0f} ms | "
            f"{ratio(p50, floor['50%'])} | {ratio(p95, floor['95%'])} |"
        )
    return table


def markdown(run: dict) -> str:
    args, rows = run["args"], run["rows"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    failures = [
        f"- {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}×)"
        for row in run["failures"]
    ]
    return "\n".join(
        [
            f"# Load, {run['date']}",
            "",
            f"- Machine: {machine()}. Load average {run['load'][0]:.1f} at the start, "
            f"{run['load'][1]:.1f} at the end: other jobs shared the machine.",
            f"- Database: {run['database']}. gunicorn, {args.workers} sync workers, DEBUG off, "
            "static files collected and served by WhiteNoise.",
            f"- Commit {commit()}. The run took {run['minutes']:.1f} minutes, "
            f"{run['warm']:.0f} s of them requesting every page once before the load "
            "(PDFs render at their first request in a language).",
            "",
            f"**{errors} errors, {len(run['lost'])} lost saves** "
            f"({run['confirmed']:,} saves confirmed by the server, every one found in the "
            "database)"
            if not run["lost"]
            else f"**{errors} errors, {len(run['lost'])} lost saves** "
            f"({run['confirmed']:,} saves confirmed by the server)",
            "",
            f"Method: `make load` (bench/load.py). locust, headless, {args.readers} readers and "
            f"{args.coordinators} coordinators at once for {args.seconds} s, each from an "
            "address of its own (X-Forwarded-For through one trusted proxy). A reader asks for "
            "a page every 1–3 s: published report pages, partnership pages, the home page, "
            f"/platforms/ and /data/ in {', '.join(LANGUAGES)}; PDFs in "
            f"{' and '.join(PDF_LANGUAGES)}; the API's list of reports; and the two floors. "
            "A coordinator, signed in, saves the summary step (a page of text) every 2–5 s, "
            "each save with its page's version and a save token of its own, and opens the step "
            "again. At the end each person finishes the request in hand. Then every save "
            "answered with success is looked for in the database (its token among the step's "
            "revisions, with its text, and each report holding its coordinator's last "
            "confirmed text, or that of a later save whose answer never came). Timings are "
            "the client's, from sending the request to the whole answer; p50 and p95 are "
            "also given as ratios to the bare view's (one query, no template, the same "
            "middleware) in the same run: read "
            "those, not the absolute times, on a shared machine. The static file is "
            "css/site.css.",
            "",
            *stats_table(rows),
            "",
            f"Throughput: {float(total['Requests/s']):.1f} requests per second in all.",
            "",
            *(["## Errors", "", *failures, ""] if failures else []),
            *(
                ["## Lost saves", "", *(f"- {lost}" for lost in run["lost"]), ""]
                if run["lost"]
                else []
            ),
        ]
    )


if __name__ == "__main__":
    main()
