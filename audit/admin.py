"""The administrators' actions on a person (accounts/admin.py mixes them in): export
everything held about them, and erase a person who has left (audit/personal_data.py)."""

import json
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit import personal_data, record
from reports.models import MonitoringReport


class PersonalDataAdmin(admin.ModelAdmin):
    actions = ["export_personal_data", "erase_personal_data"]

    @admin.action(description=gettext_lazy("Export personal data"))
    def export_personal_data(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose one person to export."), messages.ERROR)
            return None
        user = queryset.get()
        response = HttpResponse(
            json.dumps(personal_data.export(user), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="personal-data-{user.pk}.json"'
        return response

    @admin.action(description=gettext_lazy("Erase (pseudonymise)"))
    def erase_personal_data(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse | None:
        chosen = list(queryset)
        # Not oneself: an administrator erased would lock themselves out mid-action.
        people = [user for user in chosen if user.pk != request.user.pk]
        if request.POST.get("confirmed") == "yes":
            for user in people:
                personal_data.erase(user)
            self.message_user(
                request,
                _("%(count)s people erased: their names and e-mail are gone; what they did stays.")
                % {"count": len(people)},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/audit/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "people": people,
                "refused_self": len(people) < len(chosen),
                "opts": self.model._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )


class AuditedReportAdmin(admin.ModelAdmin):
    """A report's or its self-assessment's fields changed in the admin go in the report's
    audit trail, like the wizard's saves (reports/admin.py mixes it in)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        report = obj if isinstance(obj, MonitoringReport) else obj.report
        assert isinstance(request.user, User)  # the admin's, signed in
        record.form_saved(report, request.user, form, obj._meta.label_lower, record.ADMIN)
