"""JRC reviewers' pages: reading a report, remarks, decisions, versions and diffs.

One page per report (`report`), and three POST-only actions under it: a remark on a field or
row, a decision (return, accept, publish, withdraw) and the reviewers' own note. Every view
asks for a login first, then `get_report_for_reviewer`: the pages do not exist (404) for
anyone but reviewers and administrators, whatever the method. All state changes go through
reports/workflow.py, which records them and mails the coordinators.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit import record as audit
from reports import versions, workflow
from reports.access import AuthenticatedHttpRequest, get_report_for_reviewer
from reports.anchors import anchors, is_annex, question_of
from reports.answers import Answers
from reports.body import Slot, report_body
from reports.form import FORM, Table
from reports.forms import DecisionForm, RemarkForm, ReviewNoteForm
from reports.models import MonitoringReport, ReportVersion, ReviewComment, ReviewNote

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

State = MonitoringReport.State


def post_only(request: HttpRequest) -> HttpResponseNotAllowed | None:
    """After the access check, so that the URL does not exist for outsiders (404, not 405)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def report_url(report: MonitoringReport, fragment: str = "") -> str:
    url = reverse(
        "reports:review_report",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug},
    )
    return f"{url}#{fragment}" if fragment else url


# --- The page ---------------------------------------------------------------------------------


@login_required
@never_cache
def report(request: AuthenticatedHttpRequest, slug: str, period: str) -> HttpResponse:
    report = get_report_for_reviewer(request, slug, period)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return render_report(request, report)


def render_report(
    request: HttpRequest, report: MonitoringReport, status: int = 200, **forms: Any
) -> HttpResponse:
    # The report's answers and submissions, read once for the whole page.
    answers = Answers(report)
    labels = anchors(report, answers)
    report_versions = list(report.versions.select_related("submitted_by").order_by("-number"))
    remarks = remarks_with_changes(report, labels, report_versions)
    by_anchor: dict[str, list[ReviewComment]] = {}
    for remark in remarks:
        by_anchor.setdefault(remark.anchor, []).append(remark)

    def slot(anchor: str, carried_over: bool = False) -> Slot:
        return Slot(anchor, labels[anchor], by_anchor.pop(anchor, []), carried_over)

    body = report_body(report, slot, confidential=True, answers=answers, as_asked=True)
    remarkable = report.state in workflow.REMARKABLE_STATES
    remark_anchor = forms.get("remark_anchor") or request.GET.get("remark")
    if not remarkable or remark_anchor not in labels:
        remark_anchor = None
    choices = anchor_choices(labels)
    note = review_note(report)
    transitions = list(report.transitions.select_related("user"))
    remark_form = forms.get("remark_form")
    inline_form = None
    if remark_anchor:
        inline_form = remark_form or RemarkForm(
            anchors=choices, initial={"anchor": remark_anchor}, auto_id="inline-%s"
        )
        remark_form = None
    context: dict[str, Any] = {
        "report": report,
        # Links are made from the page's own URL: the page is also the answer to a refused
        # POST, whose URL is the action's.
        "page_url": report_url(report),
        "body": body,
        "remarks": remarks,
        # Remarks whose field or row is gone (a row deleted since): still shown, apart.
        "other_remarks": [remark for rest in by_anchor.values() for remark in rest],
        "remarks_open": sum(1 for remark in remarks if not remark.addressed_at),
        "remarkable": remarkable,
        "remark_anchor": remark_anchor,
        "remark_form": remark_form or RemarkForm(anchors=choices),
        "inline_form": inline_form,
        "carried_over": [each for each in body.slots() if each.carried_over],
        "versions": report_versions,
        "transitions": transitions,
        # The last submission as the history has it: reports submitted before versions
        # were kept (the demo's) have no version to say when.
        "submitted": next(
            (t for t in reversed(transitions) if t.to_state == State.SUBMITTED), None
        ),
        "decision_forms": decision_forms(report, forms.get("decision_form")),
        "note_form": forms.get("note_form") or ReviewNoteForm(instance=note),
        "note": note,
        "previous_report": previous_report(report),
    }
    context |= comparison(request, report, context["versions"], context["previous_report"])
    return render(request, "reports/review/report.html", context, status=status)


def anchor_choices(labels: dict[str, str]) -> list[tuple[StrOrPromise, list[tuple[str, str]]]]:
    """The anchors as <select> choices grouped by section, in the form's order."""
    groups = []
    for section in FORM.sections:
        options = [
            (anchor, Truncator(label).chars(90))
            for anchor, label in labels.items()
            if question_of(anchor) in section.questions
        ]
        if options:
            title = section.title
            if not section.public:
                title = _("%(section)s (confidential)") % {"section": section.title}
            groups.append((title, options))
    if annexes := [
        (anchor, Truncator(label).chars(90)) for anchor, label in labels.items() if is_annex(anchor)
    ]:
        groups.append((FORM.annexes.title, annexes))
    return groups


def remarks_with_changes(
    report: MonitoringReport, labels: dict[str, str], report_versions: list[ReportVersion]
) -> list[ReviewComment]:
    """The report's remarks, each with what changed in its field since the submission it was
    written on (`changes`: a Diff, or None while there is no later submission). Its
    submissions, `report_versions`, come latest first."""
    remarks = list(report.review_comments.select_related("author", "addressed_by"))
    latest = report_versions[0] if report_versions else None
    by_pk = {version.pk: version for version in report_versions}
    diffs = {}
    for remark in remarks:
        # Each submission read once, not once per remark written on it.
        if remark.version_id in by_pk:
            remark.version = by_pk[remark.version_id]
        remark.label = labels.get(remark.anchor) or removed_label(remark.anchor)
        remark.dom_id = Slot(remark.anchor, remark.label, []).dom_id
        remark.changes = None
        if latest and remark.version.number < latest.number:
            if remark.version_id not in diffs:
                diffs[remark.version_id] = versions.diff(remark.version.content, latest.content)
            remark.changes = diffs[remark.version_id].about(remark.anchor)
            remark.latest_number = latest.number
    return remarks


def removed_label(anchor: str) -> str:
    question = question_of(anchor)
    if not isinstance(question, Table):
        return anchor
    return _("%(table)s: a row removed since") % {"table": FORM.page_of(question).title}


def review_note(report: MonitoringReport) -> ReviewNote | None:
    return ReviewNote.objects.filter(report=report).select_related("updated_by").first()


def previous_report(report: MonitoringReport) -> MonitoringReport | None:
    """The partnership's report for the latest period before this one."""
    period = report.period
    return (
        MonitoringReport.objects.filter(partnership_id=report.partnership_id)
        .filter(
            Q(period__year__lt=period.year)
            | Q(period__year=period.year, period__half__lt=period.half)
        )
        .select_related("period")
        .order_by("-period__year", "-period__half")
        .first()
    )


def decision_forms(
    report: MonitoringReport, bound: DecisionForm | None = None
) -> list[tuple[workflow.Decision, DecisionForm]]:
    """[(decision, its form)] of the decisions the report's state allows."""
    return [
        (
            decision,
            bound
            if bound is not None and bound.initial.get("action") == decision.action
            else DecisionForm(action=decision.action, initial={"state": report.state}),
        )
        for decision in workflow.decisions(report.state)
    ]


# --- Versions and diffs -----------------------------------------------------------------------


def comparison(
    request: HttpRequest,
    report: MonitoringReport,
    report_versions: list[ReportVersion],
    previous: MonitoringReport | None,
) -> dict[str, Any]:
    """?compare=<submission number> or ?compare=period: the diff the page shows instead of
    the report, between that and this report's latest submission."""
    compare = request.GET.get("compare", "")
    if not compare:
        return {"compare": None}
    latest = report_versions[0] if report_versions else None
    # Before its first submission a report is compared as it stands.
    current = latest.content if latest else versions.snapshot(report)
    if compare == "period" and previous is not None:
        frozen = previous.versions.order_by("-number").first()
        base = frozen.content if frozen else versions.snapshot(previous)
        title = _("Changes since the previous period, %(period)s") % {
            "period": previous.period.label
        }
    else:
        older = next((v for v in report_versions[1:] if str(v.number) == compare), None)
        if older is None or latest is None:  # no submission yet: none to compare with
            messages.warning(request, _("There is no such submission to compare with."))
            return {"compare": None}
        base = older.content
        title = _("Changes from submission %(old)s to submission %(new)s") % {
            "old": older.number,
            "new": latest.number,
        }
    return {
        "compare": compare,
        "compare_title": title,
        "diff": versions.diff(base, current),
    }


# --- Remarks ----------------------------------------------------------------------------------


@login_required
def add_remark(request: AuthenticatedHttpRequest, slug: str, period: str) -> HttpResponseBase:
    report = get_report_for_reviewer(request, slug, period)
    if refused := post_only(request):
        return refused
    labels = workflow.anchors(report)
    posted_anchor = request.POST.get("anchor", "")
    inline = posted_anchor in labels and request.POST.get("inline") == "1"
    form = RemarkForm(
        request.POST,
        anchors=anchor_choices(labels),
        auto_id="inline-%s" if inline else "id_%s",
    )
    if not form.is_valid():
        # An ErrorList's items read as messages (its __getitem__); the stubs type them as stored.
        errors: Iterable[object] = form.errors.get("anchor", form.errors.get("text", []))
        messages.error(request, " ".join(str(error) for error in errors))
        return render_report(
            request,
            report,
            status=400,
            remark_form=form,
            remark_anchor=posted_anchor if inline else None,
        )
    anchor = form.cleaned_data["anchor"]
    try:
        workflow.add_comment(report, request.user, anchor, form.cleaned_data["text"])
    except ValidationError as error:
        # The report left the reviewers meanwhile (returned or published by a colleague).
        messages.error(request, " ".join(error.messages))
        return render_report(request, report, status=409)
    messages.success(
        request, _("Remark added to “%(label)s”.") % {"label": Truncator(labels[anchor]).chars(90)}
    )
    return redirect(report_url(report, Slot(anchor, "", []).dom_id))


# --- Decisions --------------------------------------------------------------------------------


class Refused(Exception):
    """The decision does not fit the report's state as it is now."""


@login_required
def decide(request: AuthenticatedHttpRequest, slug: str, period: str) -> HttpResponseBase:
    report = get_report_for_reviewer(request, slug, period)
    if refused := post_only(request):
        return refused
    action = request.POST.get("action", "")
    decision = workflow.DECISIONS.get(action)
    if decision is None:
        messages.error(request, _("There is no such decision. Nothing was changed."))
        return render_report(request, report, status=400)
    form = DecisionForm(request.POST, action=action)
    if not form.is_valid():
        # As in add_remark: the items of an ErrorList read as messages.
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join([*errors, _("Nothing was changed.")]))
        return render_report(request, report, status=400, decision_form=form)
    message = form.cleaned_data.get("message", "")
    try:
        with transaction.atomic():
            # Read the state under the report's lock (move_to takes the same lock again):
            # of two reviewers deciding at once, the second waits here and then sees the
            # first one's decision instead of applying a second one on top of it.
            current = (
                MonitoringReport.objects.select_for_update()
                .values_list("state", flat=True)
                .get(pk=report.pk)
            )
            seen = form.cleaned_data["state"]
            if decision not in workflow.decisions(current) or (seen and seen != current):
                raise Refused(current)
            decision.apply(report, request.user, message)
    except (Refused, ValidationError):
        report.refresh_from_db()
        messages.error(request, refusal(report, decision))
        return render_report(request, report, status=409)
    messages.success(request, decision.done)
    return redirect(report_url(report))


def refusal(report: MonitoringReport, decision: workflow.Decision) -> str:
    """Why a decision was not applied, with what happened to the report meanwhile."""
    last = report.transitions.select_related("user").last()
    text = _("This report is “%(state)s”, so it cannot be %(done)s. Nothing was changed.") % {
        "state": report.get_state_display(),
        "done": decision.refused,
    }
    if last is not None:
        text += " " + _("Its last change, on %(when)s: %(from)s → %(to)s by %(name)s.") % {
            "from": last.get_from_state_display(),
            "to": last.get_to_state_display(),
            "name": last.user.display_name if last.user else _("someone"),
            "when": formats.date_format(timezone.localtime(last.at), "DATETIME_FORMAT"),
        }
    return text


# --- The reviewers' note ----------------------------------------------------------------------


@login_required
def save_note(request: AuthenticatedHttpRequest, slug: str, period: str) -> HttpResponseBase:
    report = get_report_for_reviewer(request, slug, period)
    if refused := post_only(request):
        return refused
    note = review_note(report) or ReviewNote(report=report)
    form = ReviewNoteForm(request.POST, instance=note)
    if not form.is_valid():
        messages.error(request, _("The note was not saved: please correct the errors below."))
        return render_report(request, report, status=400, note_form=form)
    note = form.save(commit=False)
    note.updated_by = request.user
    note.save()
    audit.note_saved(report, request.user, form)
    messages.success(request, _("Internal note saved. Coordinators never see it."))
    return redirect(report_url(report, "reviewers-note"))
