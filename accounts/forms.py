from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts import eu_login
from accounts.models import User


class LocalSignInForm(AuthenticationForm):
    """Sign-in with a password kept here. Once EU Login is offered, local passwords are the
    administrators' way in when EU Login is down (break-glass), and nobody else's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if eu_login.is_enabled():
            # The cursor belongs to nobody's form then: most people take the EU Login button.
            self.fields["username"].widget.attrs.pop("autofocus", None)

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if eu_login.is_enabled() and not user.is_administrator:
            raise forms.ValidationError(
                _("Please sign in with EU Login: local passwords are for administrators only."),
                code="eu_login_required",
            )


class ProfileForm(forms.ModelForm):
    """What a signed-in person sets for themselves: the language of their e-mails."""

    class Meta:
        model = User
        fields = ("language",)
