"""The coordinator's workspace and report wizard.

Every step is saved to the database when the coordinator moves on, goes back, jumps or
presses Save; nothing lives only in the session. A save made from a page that someone else
has since saved is refused (per-step version, checked under a row lock) and shown side by
side with what they saved, so nothing is overwritten and nothing typed is lost.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Concatenate, cast, overload
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from audit import record as audit
from regions import lookup
from reports import workflow
from reports.access import (
    AuthenticatedHttpRequest,
    get_partnership_for_coordinator,
    get_period,
    get_report_for_coordinator,
)
from reports.answers import REGIONS, Answers, missing_answers
from reports.carry_over import get_or_start_report
from reports.dates import in_words, parse_date
from reports.merge import State, merge
from reports.models import (
    MonitoringReport,
    Partnership,
    ReportingPeriod,
    ReviewComment,
    StepRevision,
)
from reports.wizard import pending
from reports.wizard.bound import Bound
from reports.wizard.remarks import (
    anchor_step,
    remarks_context,
    remarks_sent_on,
    resume_step,
    sent_remarks,
)
from reports.wizard.steps import (
    REVIEW,
    STEPS,
    AnnexStep,
    ReviewStep,
    Step,
    get_step,
    neighbours,
    statuses,
)
from s3partnership.reviewing_body import reviewing_body
from s3partnership.session_expiry import passive

# Partnerships on a page of the workspace.
WORKSPACE_PAGE_SIZE = 20


class StaleVersion(Exception):
    """Someone saved this step after the coordinator's page was loaded."""


class NotEditable(Exception):
    """The report is with the reviewers, not the coordinators."""


# A workspace view, and what `signed_in` makes of it: a view any request may reach.
type SignedInView[**P] = Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase]
type View[**P] = Callable[Concatenate[HttpRequest, P], HttpResponseBase]


@overload
def signed_in[**P](view: SignedInView[P], *, json: bool = False) -> View[P]: ...
@overload
def signed_in[**P](
    view: None = None, *, json: bool = False
) -> Callable[[SignedInView[P]], View[P]]: ...
def signed_in[**P](
    view: SignedInView[P] | None = None, *, json: bool = False
) -> View[P] | Callable[[SignedInView[P]], View[P]]:
    """The one way the workspace's views require a login. Without one: a page of the wizard
    is asked to sign in and then shown again; a form posted (an expired session) is kept and
    offered on its step after signing in; a view that answers wizard.js (`json`) says so in
    JSON."""
    if view is None:
        return lambda view: signed_in(view, json=json)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if request.user.is_authenticated:
            # What was just checked, for the type checker: the user is signed in.
            return view(cast(AuthenticatedHttpRequest, request), *args, **kwargs)
        if json:
            return JsonResponse(
                {"error": _("Your session has expired. Log in again to keep saving.")}, status=401
            )
        back_to = request.get_full_path()
        if request.method == "POST" and "step" in kwargs:
            tell_what_became_of_the_form(request)
        elif request.method == "POST":
            # An action's address only takes forms: back to the page it was sent from.
            back_to = page_sent_from(request)
        return redirect_to_login(back_to)

    return wrapper


def tell_what_became_of_the_form(request: HttpRequest) -> None:
    """A step's form posted after the session expired: kept for its owner if it may be
    (reports/wizard/pending.py), and the person told where their text is."""
    owner = pending.form_key_owner(request)
    kept = pending.Kept.NOT_KEPT if owner is None else pending.keep(request, owner)
    if kept is pending.Kept.KEPT:
        told = _(
            "Your session expired before your changes could be saved. Log in again "
            "and they will be offered to you on the same page."
        )
    elif kept is pending.Kept.TOO_LARGE:
        told = str(pending.TOO_LARGE_MESSAGE)
    else:
        told = _("Your session expired before your changes could be saved. Log in again.")
    messages.warning(request, told)


def page_sent_from(request: HttpRequest) -> str:
    """The page of ours a form was sent from, or My reports."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, {request.get_host()}):
        return urlsplit(referer).path
    return reverse("reports:workspace")


def step_url(report: MonitoringReport, step: Step | ReviewStep) -> str:
    return reverse(
        "reports:wizard_step",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug, "step": step.slug},
    )


def saved_at(report: MonitoringReport) -> str:
    return formats.time_format(timezone.localtime(report.updated_at), "H:i")


@signed_in
def workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    # A page of partnerships at a time: an administrator coordinates every one of them.
    coordinated = Partnership.objects.coordinated_by(request.user).select_related("platform")
    page = Paginator(coordinated, WORKSPACE_PAGE_SIZE).get_page(request.GET.get("page"))
    partnerships = list(page)
    open_periods = list(ReportingPeriod.objects.open())
    reports = MonitoringReport.objects.filter(partnership__in=partnerships).select_related("period")
    # The reports open for reporting with their answers (how far each is); the earlier ones,
    # a link each, with only what the link says: an administrator's are thousands.
    by_key = {
        (report.partnership_id, report.period_id): report
        for report in reports.filter(period__is_open=True)
    }
    earlier: dict[int, list[MonitoringReport]] = {}
    for report in reports.filter(period__is_open=False).only(
        "partnership_id", "state", "period__year", "period__half"
    ):
        earlier.setdefault(report.partnership_id, []).append(report)
    current = progress(list(by_key.values()))
    for partnership in partnerships:
        partnership.open_rows = [
            {"period": period, "report": report, **(current[report.pk] if report else {})}
            for period in open_periods
            for report in [by_key.get((partnership.pk, period.pk))]
        ]
        partnership.earlier_reports = earlier.get(partnership.pk, [])
    return render(
        request,
        "reports/workspace.html",
        {"partnerships": partnerships, "page": page, "today": timezone.localdate()},
    )


def progress(reports: list[MonitoringReport]) -> dict[int, dict[str, object]]:
    """{report's pk: {"statuses": its steps' states, "resume": the step to continue on}}, read
    for all of `reports` at once: as many queries for a hundred reports as for one."""
    answers = Answers.read_together(reports)
    returned = [report for report in reports if report.state == MonitoringReport.State.RETURNED]
    sent: dict[int, list[ReviewComment]] = {}
    for remark in remarks_sent_on(returned) if returned else []:
        sent.setdefault(remark.report_id, []).append(remark)
    return {
        report.pk: {
            "statuses": statuses(report, answers[report.pk]),
            "resume": resume_step(report, sent.get(report.pk, [])),
        }
        for report in reports
    }


@signed_in
@require_POST
def start(request: AuthenticatedHttpRequest, slug: str, period: str) -> HttpResponseBase:
    partnership = get_partnership_for_coordinator(request, slug)
    reporting_period = get_period(period)
    if not reporting_period.is_open:
        raise Http404("This period is not open for reporting.")
    report, started = get_or_start_report(partnership, reporting_period)
    if started:
        messages.success(request, _("Report started."))
    return redirect(step_url(report, STEPS[0]))


@signed_in
def step(request: AuthenticatedHttpRequest, slug: str, period: str, step: str) -> HttpResponseBase:
    report = get_report_for_coordinator(request, slug, period)
    current = get_step(step)
    if current is None:
        raise Http404("No such step.")
    if isinstance(current, AnnexStep) and (
        request.method != "POST" or current.ACTION_FIELD in request.POST
    ):
        # The annexes' page, and its files' forms; its own form saves as every step's does.
        # Imported here: the annexes' view is built on this module's.
        from reports.views import annexes

        return annexes.page(request, report, current)
    if request.method == "POST":
        return save_step(request, report, current)
    if not report.is_editable and not current.is_review:
        return redirect(step_url(report, REVIEW))
    if report.is_editable and not current.is_review:
        ensure_revision(report, current)
    data = pending.pop(request)
    # The page only reads: its regions are read once, for its answers and for the rules
    # that depend on them (a justification due without an EU13 region).
    prefetch_related_objects([report], REGIONS)
    answers = Answers(report)
    bound = current.bind(report, data, answers)
    if data is None:
        return render_step(request, report, current, bound, answers=answers)
    bound.is_valid()
    messages.info(
        request,
        _(
            "This is what you sent before your session ended. It is not saved yet: check it, "
            "then save it."
        ),
    )
    # The version that form was based on: if someone saved the step since, saving it is
    # refused as a conflict instead of overwriting their save.
    return render_step(
        request, report, current, bound, version=data.get("version"), answers=answers
    )


def render_step(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    current: Step | ReviewStep,
    bound: Bound | None = None,
    status: int = 200,
    conflict: Conflict | None = None,
    version: int | str | None = None,  # counted, or as a kept form posted it
    answers: Answers | None = None,
    extra: dict[str, object] | None = None,  # what the step's own view adds (annexes)
) -> HttpResponse:
    previous, following = neighbours(current)
    # The report's answers, read once for the page: the steps' states, the review's body.
    answers = answers or Answers(report)
    layout = [] if bound is None or current.is_review else current.layout(report, bound)
    context = {
        "report": report,
        "step": current,
        "steps": [
            (step, status, step_url(report, step))
            for step, status in [*statuses(report, answers), (REVIEW, REVIEW.status(report))]
        ],
        "layout": layout,
        "has_mandatory": any(item.mandatory for _title, items in layout for item in items),
        "bound": bound,
        "previous": previous,
        "following": following,
        "version": report.step_versions.get(current.slug, 0) if version is None else version,
        "conflict": conflict,
        # Whose page this is: a form kept through a new sign-in goes back only to them.
        "form_key": pending.form_key(request.user.pk, request.path),
        "has_carried_over": current.has_carried_over(report, answers),
        # The saves this person's browser made that the server has: the page forgets the
        # copies it kept of them (wizard.js).
        "confirmed_tokens": confirmed_tokens(report, request.user),
        # The reviewers' remarks sent back with the report, beside their fields.
        **remarks_context(report, current, answers),
        # The page shows typed data that is not saved (errors, a conflict, a form kept
        # through a login): leaving it must warn.
        "unsaved": bound is not None and bound.is_bound,
        **current.extra_context(report, answers),
        **(extra or {}),
    }
    return render(request, "reports/wizard/step.html", context, status=status)


def posted_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def lock_for_saving(report: MonitoringReport, user: User) -> MonitoringReport:
    """The report, locked until the transaction ends, if `user` may change it now."""
    # Lock the report's row only, not its partnership's and period's (which would hold up
    # every other report's saves). last_saved_by is not joined: PostgreSQL refuses FOR UPDATE
    # on an outer join, and after waiting for the lock it re-reads the locked row but not the
    # joined ones, so the user would be the one from before the other save.
    # PostgreSQL checks the state again once it has the lock: a submission that came first
    # makes the report not editable here.
    locked = (
        MonitoringReport.objects.editable_by(user)
        .select_for_update(of=("self",))
        .select_related("partnership", "period")
        .filter(pk=report.pk)
        .first()
    )
    if locked is None:
        raise NotEditable
    return locked


def record_save(
    report: MonitoringReport,
    current: Step,
    user: User,
    before: State,
    going_to: Step | ReviewStep | None = None,
    token: str = "",
    screen: str = audit.WIZARD,
) -> None:
    """Count the save in the step's version and keep the answers it left (the base of later
    merges) and what it changed from `before` (the audit trail); remember where the
    coordinator goes next, which is where "Continue" brings them back to."""
    version = report.step_versions.get(current.slug, 0) + 1
    report.step_versions = {**report.step_versions, current.slug: version}
    report.last_step = (going_to or current).slug
    report.last_saved_by = user
    report.save(update_fields=["step_versions", "last_step", "last_saved_by", "updated_at"])
    after = current.bind(report).state()
    StepRevision.objects.create(
        report=report,
        step=current.slug,
        version=version,
        answers=after,
        saved_by=user,
        client_token=token[:64],
    )
    audit.step_saved(report, current, user, before, after, screen)


def ensure_revision(report: MonitoringReport, current: Step) -> None:
    """Keep the answers of the version the page is about to show, if no save has (a report
    never saved since it was started, or saved before revisions were kept): a save from that
    page is merged against them."""
    version = report.step_versions.get(current.slug, 0)
    if StepRevision.objects.filter(report=report, step=current.slug, version=version).exists():
        return
    with transaction.atomic():
        locked = MonitoringReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
        if locked.step_versions.get(current.slug, 0) == version:  # else saved meanwhile
            StepRevision.objects.get_or_create(
                report=locked,
                step=current.slug,
                version=version,
                defaults={"answers": current.bind(locked).state()},
            )


def latest_revision(report: MonitoringReport, current: Step) -> StepRevision | None:
    return (
        StepRevision.objects.filter(report=report, step=current.slug)
        .select_related("saved_by")
        .order_by("-version")
        .first()
    )


def confirmed_tokens(report: MonitoringReport, user: User) -> list[str]:
    return list(
        StepRevision.objects.filter(report=report, saved_by=user)
        .exclude(client_token="")
        .order_by("-pk")
        .values_list("client_token", flat=True)[:20]
    )


@dataclass
class Conflict:
    """What the page says after a save from an older page: who saved since, what they changed
    that is kept, and the answers we both changed, theirs beside mine."""

    saved_by: str
    saved_at: datetime.datetime
    theirs_kept: list[str] = field(default_factory=list)  # labels
    both_changed: list[tuple[str, str, str]] = field(default_factory=list)  # (label, theirs, mine)
    # Each change goes with the other, but together they break a rule (more than ten rows).
    cannot_combine: bool = False


def merged_save(
    locked: MonitoringReport, current: Step, bound: Bound, version: int, theirs: State
) -> tuple[Bound, Conflict]:
    """Merge what the page sent (`bound`, valid, based on `version`) with what was saved since
    (`theirs`, the step's answers as saved now).

    Returns (the forms to save, a Conflict describing the merge), or raises Unmergeable with
    the page to show instead."""
    base = StepRevision.objects.filter(report=locked, step=current.slug, version=version).first()
    mine = bound.state()
    outcome = merge(base.answers if base else None, mine, theirs)
    revision = latest_revision(locked, current)
    conflict = Conflict(
        saved_by=(revision.saved_by.display_name if revision and revision.saved_by else None)
        or _("Someone"),
        saved_at=revision.saved_at if revision else locked.updated_at,
        theirs_kept=[bound.describe(key, theirs, mine) for key in outcome.theirs_kept],
        both_changed=[
            (
                bound.describe(key, theirs, mine),
                bound.display(key, theirs.get(key)),
                bound.display(key, mine.get(key)),
            )
            for key in outcome.conflicts
        ],
    )
    # The report as saved again: validating the page's forms wrote into it.
    locked.refresh_from_db()
    if conflict.both_changed:
        shown = current.bind(locked, bound.post_data(outcome.preferring_mine))
        shown.is_valid()
        raise Unmergeable(shown, conflict)
    merged = current.bind(locked, bound.post_data(outcome.merged))
    if not merged.is_valid():
        conflict.cannot_combine = True
        raise Unmergeable(merged, conflict)
    return merged, conflict


class Unmergeable(Exception):
    """A save from an older page changes what was changed since, or together with those
    changes breaks a rule (more than ten rows): nothing is saved, the page shows why."""

    def __init__(self, bound: Bound, conflict: Conflict):
        super().__init__()
        self.bound, self.conflict = bound, conflict


def save_step(
    request: AuthenticatedHttpRequest, report: MonitoringReport, current: Step | ReviewStep
) -> HttpResponseBase:
    if current.is_review:
        raise Http404("The review step has nothing to save; submit it instead.")
    action = request.POST.get("action", "save")
    version = posted_version(request)
    if version is None:
        # Not a page of ours, or a broken one: without the version it was based on, a save
        # could overwrite a co-editor's unseen.
        messages.error(request, _("The page sent was incomplete: nothing was saved. Save again."))
        return render_step(request, report, current, current.bind(report, request.POST), 400)
    merged_with = None
    try:
        with transaction.atomic():
            locked = lock_for_saving(report, request.user)
            stale = version != locked.step_versions.get(current.slug, 0)
            # Read before the page's forms are bound: a model form writes what it cleans
            # into the report it edits. The answers the save replaces, for the audit trail.
            saved = current.bind(locked)
            before = saved.state()
            theirs = before if stale else None
            bound = current.bind(locked, request.POST, answers=saved.answers)
            if not bound.is_valid():
                messages.error(request, _("Nothing was saved: please correct the errors below."))
                return render_step(request, locked, current, bound, status=400)
            if theirs is not None:  # stale: merged with what was saved since
                bound, merged_with = merged_save(locked, current, bound, version, theirs)
            current.save(locked, bound)
            if action == "confirm":
                current.confirm_carried_over(locked)
            record_save(
                locked,
                current,
                request.user,
                before,
                going_to=destination(current, action),
                token=request.POST.get("save_token", ""),
            )
    except NotEditable:
        return render_not_editable(request, report)
    except Unmergeable as refused:
        locked = MonitoringReport.objects.select_related("partnership", "period").get(pk=report.pk)
        return render_step(
            request, locked, current, refused.bound, status=409, conflict=refused.conflict
        )
    messages.success(request, _("Saved at %(time)s.") % {"time": saved_at(locked)})
    if merged_with is not None and merged_with.theirs_kept:
        messages.info(
            request,
            _(
                "%(name)s also saved this page, at %(time)s. Your changes and theirs are both "
                "kept: %(theirs)s."
            )
            % {
                "name": merged_with.saved_by,
                "time": formats.time_format(timezone.localtime(merged_with.saved_at), "H:i"),
                "theirs": "; ".join(merged_with.theirs_kept),
            },
        )
    return redirect(step_url(locked, destination(current, action)))


def destination(current: Step, action: str) -> Step | ReviewStep:
    """The step to show after saving, from the button pressed."""
    previous, following = neighbours(current)
    if action == "next" and following:
        return following
    if action == "previous" and previous:
        return previous
    if action.startswith("goto:"):
        return get_step(action.removeprefix("goto:")) or current
    return current


def render_not_editable(
    request: AuthenticatedHttpRequest, report: MonitoringReport
) -> HttpResponse:
    messages.error(
        request,
        _("This report was submitted and can no longer be changed here. Nothing was saved."),
    )
    return render_step(request, report, REVIEW, status=409)


@signed_in(json=True)
@require_POST
def autosave(request: AuthenticatedHttpRequest, slug: str, period: str, step: str) -> JsonResponse:
    """Save long texts in the background; answers JSON for wizard.js."""
    report = get_report_for_coordinator(request, slug, period)
    current = get_step(step)
    if current is None or current.is_review or not current.autosave_fields:
        raise Http404("This step has no autosave.")
    fields = [name for name in current.autosave_fields if name in request.POST]
    try:
        with transaction.atomic():
            locked = lock_for_saving(report, request.user)
            if locked.step_versions.get(current.slug, 0) != posted_version(request):
                # Merged by a full save, which shows the page as merged; a background save
                # cannot change what the page shows.
                raise StaleVersion(locked)
            before = current.bind(locked).state()
            errors = current.autosave(locked, request.POST, fields)
            if errors:
                return JsonResponse({"errors": errors}, status=400)
            record_save(
                locked,
                current,
                request.user,
                before,
                token=request.POST.get("save_token", ""),
                screen=audit.AUTOSAVE,
            )
    except NotEditable:
        return JsonResponse(
            {"error": _("This report was submitted and can no longer be changed.")}, status=409
        )
    except StaleVersion as stale:
        locked = stale.args[0]
        return JsonResponse(
            {
                "conflict": True,
                "error": _(
                    "%(name)s saved this page at %(time)s. Press Save: your changes are merged "
                    "with theirs."
                )
                % {
                    "name": locked.last_saved_by.display_name
                    if locked.last_saved_by
                    else _("Someone"),
                    "time": saved_at(locked),
                },
            },
            status=409,
        )
    return JsonResponse(
        {"version": locked.step_versions[current.slug], "saved_at": saved_at(locked)}
    )


@signed_in
@require_POST
def submit(request: AuthenticatedHttpRequest, slug: str, period: str) -> HttpResponseBase:
    report = get_report_for_coordinator(request, slug, period)
    if not report.is_editable:
        return render_not_editable(request, report)
    missing = missing_answers(report)
    if missing:
        messages.error(
            request, _("The report cannot be submitted yet: some mandatory answers are missing.")
        )
        return render_step(request, report, REVIEW, status=400)
    try:
        workflow.submit(report, request.user)
    except ValidationError:
        # Submitted meanwhile, from another tab or by a co-editor (move_to checks the state
        # under a row lock): one submission, one transition row.
        report.refresh_from_db()
        return render_not_editable(request, report)
    messages.success(
        request,
        _(
            "Submitted. The %(reviewing_body)s reviewers have been told; the report is now "
            "locked for editing."
        )
        % {"reviewing_body": reviewing_body()},
    )
    return redirect(step_url(report, REVIEW))


@never_cache
@passive
@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """Answers as long as the server can be reached: before a step form leaves its page,
    wizard.js asks, so that no page is lost to a network that is down."""
    return HttpResponse(status=204)


@signed_in(json=True)
@require_GET
def read_date(request: AuthenticatedHttpRequest) -> JsonResponse:
    """How a typed date is read (reports/dates.py), for wizard.js to say beside the field."""
    typed = request.GET.get("q", "")[:100]
    if not typed.strip():
        return JsonResponse({})
    try:
        date = parse_date(typed)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]})
    return JsonResponse({"date": date.isoformat(), "words": in_words(date)})


@signed_in(json=True)
@require_GET
def region_search(request: AuthenticatedHttpRequest) -> JsonResponse:
    results = [
        {"label": str(region), "national": region.name_national, "level": region.nuts_level}
        for region in lookup.search(request.GET.get("q", ""))
    ]
    return JsonResponse({"results": results})


@signed_in
@require_POST
def address_remark(
    request: AuthenticatedHttpRequest, slug: str, period: str, pk: int
) -> HttpResponseBase:
    """The coordinator marks a reviewer's remark as dealt with, optionally replying to it."""
    report = get_report_for_coordinator(request, slug, period)
    # Only remarks the coordinators were sent exist here, not those the reviewers are still
    # writing on a submitted report.
    remark = get_object_or_404(sent_remarks(report), pk=pk)
    step = anchor_step(remark.anchor) or REVIEW
    try:
        with transaction.atomic():
            # Checked under the report's lock: a co-editor submitting the report at the same
            # moment either goes first (and this is refused) or sees the remark addressed.
            remark.report = MonitoringReport.objects.select_for_update(of=("self",)).get(
                pk=report.pk
            )
            workflow.address_comment(remark, request.user, request.POST.get("reply", ""))
    except ValidationError as error:
        messages.error(
            request,
            _("The remark was not marked as addressed. %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
        step = step if remark.report.is_editable else REVIEW
    else:
        messages.success(request, _("Remark marked as addressed."))
    return redirect(f"{step_url(report, step)}#remark-{remark.pk}")
