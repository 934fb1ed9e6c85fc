"""Settings as a server reads them: in a fresh Python process, from environment variables."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent


def value_in_fresh_process(expression: str, *, unset: tuple[str, ...] = (), **environment: str):
    """`expression` (`settings` and `connection` at hand; what JSON cannot hold comes as its
    repr) as a fresh process with
    these environment variables sees it; variables named or prefixed by `unset` are removed
    first, so that this machine's environment does not decide the answer."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(unset)}
    env.update(environment, DJANGO_SETTINGS_MODULE="s3partnership.settings")
    code = (
        "import django, json; django.setup(); "
        "from django.conf import settings; from django.db import connection; "
        f"print(json.dumps({expression}, default=repr))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer: Any = json.loads(result.stdout)
    return answer
