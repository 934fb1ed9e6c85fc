"""Log lines as JSON objects, one a line, for the app (LOGGING in settings.py) and for
gunicorn (gunicorn.conf.py) alike, so that a log collector reads every line the same way.

No Django here: gunicorn loads this module before the app.
"""

from gunicorn import glogging
from pythonjsonlogger.json import JsonFormatter


class JsonLines(JsonFormatter):
    """`time` (ISO 8601 in UTC, whatever TIME_ZONE says, so that servers' lines sort and
    compare as they are), `level`, `logger`, `message`, and any extra field of the record,
    such as `request_id`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )


class GunicornJsonLogger(glogging.Logger):
    """gunicorn's own messages and its access log as JSON lines. An access line carries the
    request id the app answered with (X-Request-ID), which joins it to the app's lines of
    that request."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonLines())

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info(
            "%s %s %s",
            atoms["m"],
            atoms["U"],
            atoms["s"],
            extra={
                "request_id": atoms.get("{x-request-id}o"),
                "method": atoms["m"],
                "path": atoms["U"],
                "query": atoms["q"],
                "status": int(atoms["s"]),
                "bytes": atoms["B"],
                "duration_ms": atoms["M"],
                "remote_addr": atoms["h"],
                "user_agent": atoms["a"],
            },
        )
