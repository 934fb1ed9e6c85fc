"""Changes to accounts, recorded by django-auditlog's signals: a user's role, whether they may
sign in, staff and superuser status, e-mail, names and organisation, and which partnerships
they coordinate. Administrators read them in the admin (Auditlog → Log entries, and each
user's own page); the admin's actor is set by `audit.admin.PersonalDataAdmin`.

Registered from here, not from accounts/models.py: accounts/ is the sign-in's business.
"""

from auditlog.registry import AuditlogModelRegistry, auditlog
from django.contrib.auth import get_user_model

from reports.models import Partnership

# What an account change is: who the person is, and what they may do.
ACCOUNT_FIELDS = [
    "username",
    "email",
    "first_name",
    "last_name",
    "organisation",
    "role",
    "is_active",
    "is_staff",
    "is_superuser",
]
# Of those, what names or reaches the person: erased from the trail with them.
PERSONAL_FIELDS = ["username", "email", "first_name", "last_name", "organisation"]

# Of a partnership, only who coordinates it: the rest is its public profile, and its saves
# are not read again to be compared.
coordinators = AuditlogModelRegistry(create=False, update=False, delete=False, access=False)


def register() -> None:
    auditlog.register(get_user_model(), include_fields=ACCOUNT_FIELDS)
    coordinators.register(Partnership, m2m_fields={"coordinators"})
