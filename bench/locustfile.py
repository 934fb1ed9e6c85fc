"""The simulated people of `make load` (bench/load.py), run by locust in a process of its own.

bench/load.py writes what they visit and who they are to the JSON file that LOAD_PLAN names:
the public pages, the coordinators' accounts and the wizard step each of them saves, and
where to write the saves the server confirmed. Each request is named by its kind, which is
what the result's table shows per row.
"""

import json
import os
import random
import uuid
from itertools import count
from pathlib import Path

import django
from locust import HttpUser, between, events, task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from tests.wizard_helpers import form_values  # noqa: E402 (needs Django set up)

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
# The saves sent, and those the server answered with success, as (username, save token, text
# typed). A save sent and not answered (the run ended, say) may or may not be stored.
SENT: list[tuple[str, str, str]] = []
CONFIRMED: list[tuple[str, str, str]] = []
addresses = count(1)


class Visitor(HttpUser):
    """Each simulated person comes from an address of their own, as the proxy in front of the
    site says (X-Forwarded-For, TRUSTED_PROXY_COUNT=1): the API's per-address limit and the
    sign-in throttle count them apart, as they would real people."""

    abstract = True

    def on_start(self) -> None:
        number = next(addresses)
        self.client.headers["X-Forwarded-For"] = f"10.0.{number // 250}.{number % 250 + 1}"

    def visit(self, kind: str) -> None:
        self.client.get(random.choice(PLAN["pages"][kind]), name=kind)


class Reader(Visitor):
    """A member of the public reading published reports, a page every one to three seconds."""

    fixed_count = PLAN["readers"]
    wait_time = between(1, 3)

    @task(6)
    def report_page(self) -> None:
        self.visit("published report page")

    @task(3)
    def partnership_page(self) -> None:
        self.visit("partnership page")

    @task(2)
    def home(self) -> None:
        self.visit("home")

    @task(1)
    def platforms(self) -> None:
        self.visit("platforms page")

    @task(1)
    def pdf(self) -> None:
        self.visit("published PDF")

    @task(1)
    def open_data(self) -> None:
        self.visit("open data page")

    @task(1)
    def api(self) -> None:
        self.visit("API: published reports")

    @task(2)
    def floors(self) -> None:
        """The floors, requested under the same load as the pages compared to them."""
        self.visit("floor: bare view")
        self.visit("floor: static file")


class Coordinator(Visitor):
    """A coordinator filling in their report: types for a few seconds, saves the step, and
    goes on from the page the save leads back to, as the wizard's Save button does."""

    fixed_count = len(PLAN["coordinators"])
    wait_time = between(2, 5)

    def on_start(self) -> None:
        super().on_start()
        self.account = PLAN["coordinators"].pop()
        self.saves = count(1)
        login = PLAN["login"]
        page = self.client.get(login, name="sign-in page")
        form = {
            "csrfmiddlewaretoken": page.text.split('name="csrfmiddlewaretoken" value="')[1].split(
                '"'
            )[0],
            "username": self.account["username"],
            "password": PLAN["password"],
        }
        with self.client.post(
            login, form, name="sign-in", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"{self.account['username']} could not sign in")
        self.form = self.open_step()

    def open_step(self) -> dict[str, list[str]]:
        response = self.client.get(self.account["step"], name="wizard: open step")
        return form_values(response)

    @task
    def save(self) -> None:
        token = uuid.uuid4().hex
        text = f"{self.account['username']}, save {next(self.saves)}: " + PLAN["text"]
        form = {**self.form, self.account["field"]: [text], "save_token": [token]}
        form["action"] = ["save"]
        SENT.append((self.account["username"], token, text))
        with self.client.post(
            self.account["step"],
            form,
            name="wizard: save step",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Success is the redirect back to the step; anything else (a refusal, the
            # sign-in page) is a failed save.
            if response.status_code == 302 and response.headers["Location"] == self.account["step"]:
                CONFIRMED.append((self.account["username"], token, text))
            else:
                response.failure(f"save answered {response.status_code}")
        self.form = self.open_step()


@events.test_stop.add_listener
def write_confirmed(**_kwargs) -> None:
    Path(PLAN["saves"]).write_text(json.dumps({"sent": SENT, "confirmed": CONFIRMED}))
