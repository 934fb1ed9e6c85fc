"""The coordinator's workspace and report wizard.

Every step is saved to the database when the coordinator moves on, goes back, jumps or
presses Save; nothing lives only in the session. A save made from a page that someone else
has since saved is refused (per-step version, checked under a row lock) and shown side by
side with what they saved, so nothing is overwritten and nothing typed is lost.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regions import lookup
from reports import workflow
from reports.access import (
    coordinated_partnerships,
    get_partnership_for_coordinator,
    get_period,
    get_report_for_coordinator,
)
from reports.carry_over import start_report
from reports.models import MonitoringReport, ReportingPeriod
from reports.wizard.steps import (
    STEPS,
    anchor_step,
    get_step,
    missing_answers,
    neighbours,
    remarks_context,
    sent_remarks,
)

# Forms posted after the session expired, by path, until the coordinator is back.
PENDING_POSTS = "wizard_pending_posts"


class StaleVersion(Exception):
    """Someone saved this step after the coordinator's page was loaded."""


class NotEditable(Exception):
    """The report is with the reviewers, not the coordinators."""


def keep_post_through_login(view):
    """Like login_required, but a form posted with an expired session is kept for later."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            pending = request.session.get(PENDING_POSTS, {})
            pending[request.path] = {key: request.POST.getlist(key) for key in request.POST}
            request.session[PENDING_POSTS] = pending
            messages.warning(
                request,
                _(
                    "Your session expired before your changes could be saved. Log in again "
                    "and they will be offered to you on the same page."
                ),
            )
        return redirect_to_login(request.path)

    return wrapper


def pop_pending_post(request):
    pending = request.session.get(PENDING_POSTS, {})
    fields = pending.pop(request.path, None)
    if fields is None:
        return None
    request.session[PENDING_POSTS] = pending
    data = QueryDict(mutable=True)
    for key, values in fields.items():
        data.setlist(key, values)
    return data


def step_url(report, step):
    return reverse(
        "reports:wizard_step",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug, "step": step.slug},
    )


def saved_at(report):
    return formats.time_format(timezone.localtime(report.updated_at), "H:i")


@login_required
def workspace(request):
    partnerships = list(coordinated_partnerships(request.user).select_related("platform"))
    open_periods = list(ReportingPeriod.objects.open())
    reports = MonitoringReport.objects.filter(partnership__in=partnerships).select_related("period")
    by_key = {(report.partnership_id, report.period_id): report for report in reports}
    for partnership in partnerships:
        partnership.open_rows = [
            {"period": period, "report": by_key.get((partnership.pk, period.pk))}
            for period in open_periods
        ]
        for row in partnership.open_rows:
            if row["report"]:
                row["statuses"] = [(step, step.status(row["report"])) for step in STEPS[:-1]]
        partnership.earlier_reports = [
            report
            for report in reports
            if report.partnership_id == partnership.pk and report.period not in open_periods
        ]
    return render(
        request,
        "reports/workspace.html",
        {"partnerships": partnerships, "today": timezone.localdate()},
    )


@login_required
@require_POST
def start(request, slug, period):
    partnership = get_partnership_for_coordinator(request, slug)
    period = get_period(period)
    if not period.is_open:
        raise Http404("This period is not open for reporting.")
    report = MonitoringReport.objects.filter(partnership=partnership, period=period).first()
    if report is None:
        report = start_report(partnership, period)
        messages.success(request, _("Report started."))
    return redirect(step_url(report, STEPS[0]))


@keep_post_through_login
def step(request, slug, period, step):
    report = get_report_for_coordinator(request, slug, period)
    current = get_step(step)
    if current is None:
        raise Http404("No such step.")
    if request.method == "POST":
        return save_step(request, report, current)
    if not report.is_editable and current.slug != "review":
        return redirect(step_url(report, STEPS[-1]))
    data = pop_pending_post(request)
    bound = current.bind(report, data)
    if data is None:
        return render_step(request, report, current, bound)
    bound.is_valid()
    messages.info(
        request,
        _("This is what you sent before your session expired. Check it, then save it."),
    )
    # The version that form was based on: if someone saved the step since, saving it is
    # refused as a conflict instead of overwriting their save.
    return render_step(request, report, current, bound, version=data.get("version"))


def render_step(request, report, current, bound=None, status=200, conflict=None, version=None):
    previous, following = neighbours(current)
    context = {
        "report": report,
        "step": current,
        "steps": [(step, step.status(report), step_url(report, step)) for step in STEPS],
        "bound": bound,
        "previous": previous,
        "following": following,
        "version": report.step_versions.get(current.slug, 0) if version is None else version,
        "conflict": conflict,
        "conflict_summary": current.summary(report) if conflict else None,
        "has_carried_over": current.has_carried_over(report),
        # The reviewers' remarks sent back with the report, beside their fields.
        **remarks_context(report, current),
        # The page shows typed data that is not saved (errors, a conflict, a form kept
        # through a login): leaving it must warn.
        "unsaved": bound is not None and any(part.is_bound for part in bound.parts.values()),
        **current.extra_context(report),
    }
    return render(request, "reports/wizard/step.html", context, status=status)


def posted_version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def lock_for_saving(report, current, version):
    """The report, locked until the transaction ends, after checking it may be saved."""
    # Lock the report's row only, not its partnership's and period's (which would hold up
    # every other report's saves). last_saved_by is not joined: PostgreSQL refuses FOR UPDATE
    # on an outer join, and after waiting for the lock it re-reads the locked row but not the
    # joined ones, so the user would be the one from before the other save.
    locked = (
        MonitoringReport.objects.select_for_update(of=("self",))
        .select_related("partnership", "period")
        .get(pk=report.pk)
    )
    if not locked.is_editable:
        raise NotEditable
    if locked.step_versions.get(current.slug, 0) != version:
        raise StaleVersion(locked)
    return locked


def record_save(report, current, user, going_to=None):
    """Count the save in the step's version; remember where the coordinator goes next, which
    is where "Continue" brings them back to."""
    report.step_versions = {
        **report.step_versions,
        current.slug: report.step_versions.get(current.slug, 0) + 1,
    }
    report.last_step = (going_to or current).slug
    report.last_saved_by = user
    report.save(update_fields=["step_versions", "last_step", "last_saved_by", "updated_at"])


def save_step(request, report, current):
    if current.slug == "review":
        raise Http404("The review step has nothing to save; submit it instead.")
    action = request.POST.get("action", "save")
    version = posted_version(request)
    if version is None:
        # Not a page of ours, or a broken one: without the version it was based on, a save
        # could overwrite a co-editor's unseen.
        messages.error(request, _("The page sent was incomplete: nothing was saved. Save again."))
        return render_step(request, report, current, current.bind(report, request.POST), 400)
    try:
        with transaction.atomic():
            locked = lock_for_saving(report, current, version)
            bound = current.bind(locked, request.POST)
            if not bound.is_valid():
                messages.error(request, _("Nothing was saved: please correct the errors below."))
                return render_step(request, locked, current, bound, status=400)
            current.save(locked, bound)
            if action == "confirm":
                current.confirm_carried_over(locked)
            record_save(locked, current, request.user, going_to=destination(current, action))
    except NotEditable:
        return render_not_editable(request, report)
    except StaleVersion as stale:
        locked = stale.args[0]
        return render_step(
            request,
            locked,
            current,
            current.bind(locked, request.POST),
            status=409,
            conflict=locked,
        )
    messages.success(request, _("Saved at %(time)s.") % {"time": saved_at(locked)})
    return redirect(step_url(locked, destination(current, action)))


def destination(current, action):
    """The step to show after saving, from the button pressed."""
    previous, following = neighbours(current)
    if action == "next" and following:
        return following
    if action == "previous" and previous:
        return previous
    if action.startswith("goto:"):
        return get_step(action.removeprefix("goto:")) or current
    return current


def render_not_editable(request, report):
    messages.error(
        request,
        _("This report was submitted and can no longer be changed here. Nothing was saved."),
    )
    return render_step(request, report, STEPS[-1], status=409)


@require_POST
def autosave(request, slug, period, step):
    """Save long texts in the background; answers JSON for wizard.js."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"error": _("Your session has expired. Log in again to keep saving.")}, status=401
        )
    report = get_report_for_coordinator(request, slug, period)
    current = get_step(step)
    if current is None or not current.autosave_fields:
        raise Http404("This step has no autosave.")
    fields = [name for name in current.autosave_fields if name in request.POST]
    try:
        with transaction.atomic():
            locked = lock_for_saving(report, current, posted_version(request))
            errors = current.autosave(locked, request.POST, fields)
            if errors:
                return JsonResponse({"errors": errors}, status=400)
            record_save(locked, current, request.user)
    except NotEditable:
        return JsonResponse(
            {"error": _("This report was submitted and can no longer be changed.")}, status=409
        )
    except StaleVersion as stale:
        locked = stale.args[0]
        return JsonResponse(
            {
                "conflict": True,
                "error": _("%(name)s saved this page at %(time)s. Press Save to see both versions.")
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


@login_required
@require_POST
def submit(request, slug, period):
    report = get_report_for_coordinator(request, slug, period)
    if not report.is_editable:
        return render_not_editable(request, report)
    missing = missing_answers(report)
    if missing:
        messages.error(
            request, _("The report cannot be submitted yet: some mandatory answers are missing.")
        )
        return render_step(request, report, STEPS[-1], status=400)
    try:
        workflow.submit(report, request.user)
    except ValidationError:
        # Submitted meanwhile, from another tab or by a co-editor (move_to checks the state
        # under a row lock): one submission, one transition row.
        report.refresh_from_db()
        return render_not_editable(request, report)
    messages.success(
        request,
        _("Submitted. The JRC reviewers have been told; the report is now locked for editing."),
    )
    return redirect(step_url(report, STEPS[-1]))


@login_required
@require_GET
def region_search(request):
    results = [
        {"label": str(region), "national": region.name_national, "level": region.nuts_level}
        for region in lookup.search(request.GET.get("q", ""))
    ]
    return JsonResponse({"results": results})


@require_POST
def address_remark(request, slug, period, pk):
    """The coordinator marks a reviewer's remark as dealt with, optionally replying to it."""
    if not request.user.is_authenticated:
        # As everywhere in the workspace, back to the report after logging in (this URL
        # itself only takes POSTs).
        return redirect_to_login(step_url_by_slug(slug, period, STEPS[-1]))
    report = get_report_for_coordinator(request, slug, period)
    # Only remarks the coordinators were sent exist here, not those the reviewers are still
    # writing on a submitted report.
    remark = get_object_or_404(sent_remarks(report), pk=pk)
    step = anchor_step(remark.anchor) or STEPS[-1]
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
        step = step if remark.report.is_editable else STEPS[-1]
    else:
        messages.success(request, _("Remark marked as addressed."))
    return redirect(f"{step_url(report, step)}#remark-{remark.pk}")


def step_url_by_slug(slug, period, step):
    return reverse(
        "reports:wizard_step", kwargs={"slug": slug, "period": period, "step": step.slug}
    )
