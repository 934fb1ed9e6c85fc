from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from s3partnership.reviewing_body import reviewer_role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Role(models.TextChoices):
    # Where every account starts, whether an administrator adds it or it signs in with EU Login
    # for the first time: a role is always an administrator's decision.
    NONE = "", _("No role yet")
    COORDINATOR = "coordinator", _("Lead-region coordinator")
    # "JRC reviewer", named after settings.REVIEWING_BODY.
    REVIEWER = "reviewer", reviewer_role
    ADMINISTRATOR = "administrator", _("Administrator")


def role_choices() -> "list[tuple[str, StrOrPromise]]":
    """The roles, for the field: a callable, so that migrations name it rather than copy
    labels that change with settings.REVIEWING_BODY."""
    return Role.choices


class User(AbstractUser):
    """A person who signs in. What they may do follows from `role`.

    Coordinators are linked to the partnerships they report for through
    `Partnership.coordinators`; reviewers read every report; administrators also
    set up platforms, partnerships, periods and accounts in the admin. Someone with no role
    yet sees only what the public sees.

    `eu_login_id` links the account to a person's EU Login identity (their CAS user id), so
    that a change of name or e-mail address there does not make a second account here.
    """

    Role = Role

    role = models.CharField(
        _("role"), max_length=20, choices=role_choices, default=Role.NONE, blank=True
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    eu_login_id = models.CharField(
        _("EU Login user id"),
        max_length=150,
        unique=True,
        # NULL, not "": the many accounts without EU Login must not collide on uniqueness.
        null=True,
        blank=True,
        editable=False,
    )
    eu_login_domain = models.CharField(
        _("EU Login domain"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("As EU Login says it: “external” for self-registered users."),
    )

    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails and reminders you receive from us."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A role outside the list would silently grant nothing or, worse, be read as
            # something it is not by a later `if`.
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="user_role_known",
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()

    @property
    def has_no_role(self) -> bool:
        return self.role == self.Role.NONE and not self.is_superuser

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_reviewer(self) -> bool:
        return self.role == self.Role.REVIEWER

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR or self.is_superuser

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Administrators work in the Django admin, so the role implies staff status.
        if self.role == self.Role.ADMINISTRATOR:
            self.is_staff = True
        super().save(*args, **kwargs)


# Whoever a request is from (`request.user`): someone signed in, or not.
AnyUser = User | AnonymousUser
