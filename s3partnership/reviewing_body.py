"""Who reviews the reports: the JRC ran the platforms until 2020, DG REGIO with the S3
Community of Practice since. Its name is settings.REVIEWING_BODY, and every text naming the
reviewers takes it from here: pages through the context processor, mails through
reports.notifications, Python through `reviewing_body()`. Translations keep the name as a
placeholder ("%(reviewing_body)s reviewers"), so that one setting changes every language.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext as _


def reviewing_body() -> str:
    return settings.REVIEWING_BODY


def context(request: HttpRequest) -> dict[str, str]:
    """Context processor: `reviewing_body` for every page."""
    return {"reviewing_body": reviewing_body()}


def _reviewer_role() -> str:
    return _("%(reviewing_body)s reviewer") % {"reviewing_body": reviewing_body()}


# The reviewer role's name (accounts.models.Role), worked out each time it is shown: in the
# reader's language, with the body's name as configured.
reviewer_role = lazy(_reviewer_role, str)()
