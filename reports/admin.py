"""The administrators' back office: set up platforms, partnerships, periods and accounts,
and read every report. Reports are filled and reviewed in the product's own screens; here
they are mostly read, so the workflow state changes only through `MonitoringReport.move_to`.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from audit.admin import AuditedReportAdmin
from reports import tasks
from reports.form import FORM, Choice, in_own_field
from reports.models import (
    MAX_TABLE_ROWS,
    Contact,
    Event,
    MonitoringReport,
    NewsArticle,
    NewsTranslation,
    Organisation,
    Partnership,
    PartnershipDocument,
    PartnershipRegion,
    PartnershipTranslation,
    ProjectUnderDevelopment,
    RelatedProject,
    Reminder,
    ReportingPeriod,
    ReportRegion,
    ReportTransition,
    ReportVersion,
    ReviewComment,
    ReviewNote,
    SDGRating,
    ThematicPlatform,
    WorkingArea,
)
from reports.models.self_assessment import Milestone, PipelineProject, SelfAssessment
from reports.sdgs import GOALS
from s3partnership.i18n import OTHER_LANGUAGES


class PlatformNamesForm(forms.ModelForm):
    """The platform's name in each other language as a field of its own (`name_<code>`,
    added below), kept together in `name_translations`: an empty field means the pages show
    the English name."""

    class Meta:
        model = ThematicPlatform
        fields = ("code", "name", "launch_year", "position")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, _language in OTHER_LANGUAGES:
            self.initial.setdefault(f"name_{code}", self.instance.name_translations.get(code, ""))

    def save(self, commit: bool = True) -> ThematicPlatform:
        names = {code: self.cleaned_data[f"name_{code}"].strip() for code, _l in OTHER_LANGUAGES}
        self.instance.name_translations = {code: name for code, name in names.items() if name}
        platform: ThematicPlatform = super().save(commit)
        return platform


# Declared on the class, as the admin's fieldsets need, one per language.
ThematicPlatformForm = type(
    "ThematicPlatformForm",
    (PlatformNamesForm,),
    {
        f"name_{code}": forms.CharField(
            label=_("Name in %(language)s") % {"language": language},
            max_length=ThematicPlatform._meta.get_field("name").max_length,
            required=False,
        )
        for code, language in OTHER_LANGUAGES
    },
)


@admin.register(ThematicPlatform)
class ThematicPlatformAdmin(admin.ModelAdmin):
    form = ThematicPlatformForm
    list_display = ("name", "code", "launch_year", "position", "translated_into")
    list_editable = ("position",)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (None, {"fields": ("code", "name", "launch_year", "position")}),
            (
                _("Name in other languages"),
                {"fields": [f"name_{code}" for code, _l in OTHER_LANGUAGES]},
            ),
        ]

    @admin.display(description=_("translated into"))
    def translated_into(self, platform: ThematicPlatform) -> str:
        return ", ".join(sorted(platform.name_translations)) or "–"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "kind")
    list_filter = ("kind", "country")
    search_fields = ("name",)


class PartnershipRegionInline(admin.TabularInline):
    model = PartnershipRegion
    autocomplete_fields = ("region",)
    extra = 0


class RelatedProjectInline(admin.StackedInline):
    model = RelatedProject
    extra = 0


class ProjectUnderDevelopmentInline(admin.TabularInline):
    model = ProjectUnderDevelopment
    extra = 0


class PartnershipDocumentInline(admin.TabularInline):
    model = PartnershipDocument
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class PartnershipTranslationInline(admin.StackedInline):
    model = PartnershipTranslation
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("short_name", "full_name", "platform", "year_established", "is_active")
    list_filter = ("platform", "is_active")
    search_fields = ("short_name", "full_name", "acronym")
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("organisations", "coordinators")
    inlines = [
        PartnershipRegionInline,
        ContactInline,
        RelatedProjectInline,
        ProjectUnderDevelopmentInline,
        PartnershipDocumentInline,
        PartnershipTranslationInline,
    ]
    fieldsets = (
        (None, {"fields": ("platform", "short_name", "full_name", "slug", "acronym", "is_active")}),
        (_("Facts"), {"fields": ("year_established", "start_date", "web_page")}),
        (
            _("Texts"),
            {"fields": ("context", "description", "mission", "objectives", "main_activities")},
        ),
        (_("People and organisations"), {"fields": ("coordinators", "organisations")}),
        (_("Keywords"), {"fields": ("shared_specialisation_areas",)}),
    )


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "year", "half", "deadline", "is_open")
    list_editable = ("deadline", "is_open")
    list_filter = ("is_open", "year")


def form_fieldsets(model):
    """The questions of the form (reports/form.py) answered in `model`'s own fields, section by
    section, as the admin's fieldsets."""
    return [
        (section.title, {"fields": [question.name for question in questions]})
        for section in FORM.sections
        if section.model is model
        and (questions := [question for question in section.questions if in_own_field(question)])
    ]


def sa_choices():
    """The self-assessment's mandatory choices: how the partnership rates itself."""
    return [
        question
        for question in FORM.section("self_assessment").questions
        if isinstance(question, Choice) and question.mandatory
    ]


class TableRowInline(admin.TabularInline):
    # The form's tables have rows 1 to 10: the admin offers no 11th, and refuses one that is
    # posted anyway.
    max_num = MAX_TABLE_ROWS
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_max=True, **kwargs)


class ReportRegionInline(admin.TabularInline):
    model = ReportRegion
    autocomplete_fields = ("region",)
    extra = 0


class WorkingAreaInline(TableRowInline):
    model = WorkingArea


class EventInline(TableRowInline):
    model = Event
    # Ten past and ten planned events.
    max_num = 2 * MAX_TABLE_ROWS


class SDGRatingInline(admin.TabularInline):
    model = SDGRating
    max_num = len(GOALS)
    extra = 0


class ReportTransitionInline(admin.TabularInline):
    """The history is a record: shown, never edited here."""

    model = ReportTransition
    fields = ("at", "from_state", "to_state", "user", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonitoringReport)
class MonitoringReportAdmin(AuditedReportAdmin):
    list_display = ("partnership", "period", "state", "updated_at")
    list_filter = ("state", "period", "partnership__platform")
    search_fields = ("partnership__short_name", "partnership__full_name")
    list_select_related = ("partnership", "period")
    # The state moves only through the workflow, which records who moved it and when.
    readonly_fields = ("state", "created_at", "updated_at")
    inlines = [
        ReportRegionInline,
        WorkingAreaInline,
        EventInline,
        SDGRatingInline,
        ReportTransitionInline,
    ]
    fieldsets = (
        (None, {"fields": ("partnership", "period", "state", "created_at", "updated_at")}),
        *form_fieldsets(MonitoringReport),
    )


class PipelineProjectInline(TableRowInline):
    model = PipelineProject


class MilestoneInline(TableRowInline):
    model = Milestone


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(AuditedReportAdmin):
    # The mandatory choices: how the partnership rates itself, at a glance.
    list_display = ("report", *(question.name for question in sa_choices()))
    fieldsets = ((None, {"fields": ("report",)}), *form_fieldsets(SelfAssessment))
    list_select_related = ("report__partnership", "report__period")
    list_filter = tuple(question.name for question in sa_choices())
    inlines = [PipelineProjectInline, MilestoneInline]


class NewsTranslationInline(admin.StackedInline):
    model = NewsTranslation
    extra = 1


@admin.register(NewsArticle)
class NewsArticleAdmin(admin.ModelAdmin):
    list_display = ("slug", "published_on", "partnership", "translated_into")
    list_filter = ("partnership",)
    autocomplete_fields = ("partnership",)
    inlines = [NewsTranslationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[NewsArticle]:
        return super().get_queryset(request).prefetch_related("translations")

    @admin.display(description=_("translated into"))
    def translated_into(self, article: NewsArticle) -> str:
        return ", ".join(sorted(t.language for t in article.translations.all()))


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    """Frozen submissions: a record, read here, never edited."""

    list_display = ("report", "number", "submitted_at", "submitted_by")
    list_select_related = ("report__partnership", "report__period", "submitted_by")
    readonly_fields = ("report", "number", "submitted_at", "submitted_by", "content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ("report", "anchor", "author", "created_at", "addressed_at")
    list_select_related = ("report__partnership", "report__period", "author")
    list_filter = ("addressed_at",)
    raw_id_fields = ("report", "version")


@admin.register(ReviewNote)
class ReviewNoteAdmin(admin.ModelAdmin):
    list_display = ("report", "recommendation", "updated_at", "updated_by")
    list_select_related = ("report__partnership", "report__period", "updated_by")
    raw_id_fields = ("report",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("partnership", "period", "sent_on")
    list_filter = ("sent_on",)


# --- Background tasks (reports/tasks.py) -------------------------------------------------------
# The queue's result rows, as django-tasks-db lists them, with a Retry for the failed ones
# (a PDF that would not render, a mail server that was down): reachable by administrators only,
# as the whole admin is.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (*DBTaskResultAdmin.list_display, "attempt")  # type: ignore[assignment]
    actions = ["retry"]

    @admin.display(description=_("attempt"))
    def attempt(self, result: DBTaskResult) -> int:
        return int(result.args_kwargs["kwargs"].get("attempt", 1))

    @admin.action(description=_("Retry the selected failed tasks"))
    def retry(self, request: HttpRequest, queryset: DBTaskResultQuerySet) -> None:
        failed = list(queryset.failed())
        for result in failed:
            tasks.queue_again(result)
        self.message_user(
            request,
            gettext("Failed tasks queued again: %(count)d.") % {"count": len(failed)},
            messages.SUCCESS,
        )
