"""The API's refusals, each a JSON body {"detail": "…"} naming, where there is one, the query
parameter at fault ({"parameter": "page_size"})."""

from ninja.errors import HttpError


class ApiError(HttpError):
    def __init__(self, status: int, detail: str, parameter: str | None = None) -> None:
        super().__init__(status, detail)
        self.parameter = parameter


class NotFound(ApiError):
    def __init__(self, detail: str, parameter: str | None = None) -> None:
        super().__init__(404, detail, parameter)


class BadRequest(ApiError):
    def __init__(self, detail: str, parameter: str | None = None) -> None:
        super().__init__(400, detail, parameter)
