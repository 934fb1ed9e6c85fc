"""The people of the test EU Login, read from the JSON file named by CAS_TEST_PEOPLE at each
sign-in, so that a test can add someone or change their e-mail address while it runs:
{"uid": {"password": "...", "attributes": {"email": "...", ...}}}."""

import json
import os
from pathlib import Path

from cas_server.auth import AuthUser


def people() -> dict:
    return json.loads(Path(os.environ["CAS_TEST_PEOPLE"]).read_text())


class Person(AuthUser):
    def test_password(self, password: str) -> bool:
        person = people().get(self.username)
        return person is not None and password == person["password"]

    def attributs(self) -> dict:
        return people().get(self.username, {}).get("attributes", {})
