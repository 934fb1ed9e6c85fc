"""The annexes of a report: their page in the wizard, and each file served.

On the wizard's page every change is its own small form, saved at once: upload a file,
replace one, change an annex's words or who reads it, move it, remove it. What a colleague
changed meanwhile is never overwritten: a change made from a page older than the last save
of the annexes is refused and the page shown again as it is now, with what was typed still
in its form. Adding a file overwrites nothing and is taken whatever the page's age. A file
that is refused (its type, its size, its name, one too many) is named with the reason, and
nothing is stored.

Served files (`download`) are checked on every request: who may read the annex, and that
the stored bytes are the ones uploaded.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import User
from audit import record as audit
from reports import annex_storage
from reports.access import AuthenticatedHttpRequest, get_period, get_report_for_reviewer
from reports.annex_files import ACCEPTED, AcceptedFile, AnnexRefused, inspect_upload, storage_key
from reports.answers import Answers
from reports.models import Annex, MonitoringReport
from reports.versions import frozen_keys
from reports.views.wizard import (
    NotEditable,
    lock_for_saving,
    render_not_editable,
    render_step,
    saved_at,
    step_url,
)
from reports.wizard import pending
from reports.wizard.annex_forms import AnnexFileForm, AnnexUploadForm, AnnexWordsForm
from reports.wizard.bound import Bound
from reports.wizard.steps import REVIEW, AnnexStep

logger = logging.getLogger(__name__)


class Refused(Exception):
    """A change not made: the page is shown again with `status` and what it says."""

    def __init__(self, status: int, message: str, sent: forms.BaseForm | None = None):
        super().__init__(message)
        # The form as it was sent, shown again with what was typed in it.
        self.status, self.message, self.sent = status, message, sent


@dataclass
class AnnexRow:
    """An annex as its page shows it, with its forms."""

    annex: Annex
    words: forms.BaseForm
    file: forms.BaseForm
    first: bool
    last: bool


def page(
    request: AuthenticatedHttpRequest, report: MonitoringReport, step: AnnexStep
) -> HttpResponseBase:
    """The annexes' step, and the forms of its files (the wizard's `step` view hands them
    over)."""
    if request.method == "POST":
        return act(request, report, step, request.POST[step.ACTION_FIELD])
    if not report.is_editable:
        return redirect(step_url(report, REVIEW))
    kept = pending.pop(request)
    if kept is not None:
        messages.info(
            request,
            _(
                "This is what you sent before your session ended. The file itself cannot be "
                "kept through a sign-in: choose it again, then upload."
            ),
        )
    return show(request, report, step, sent=AnnexUploadForm(kept) if kept is not None else None)


def show(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    step: AnnexStep,
    *,
    sent: forms.BaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page, with `sent` (a form refused) in place of its blank or saved one."""
    sent_forms = {sent.prefix: sent} if sent is not None else {}
    answers = Answers(report)
    annexes = answers.annexes
    rows = []
    for index, annex in enumerate(annexes):
        annex.report = report  # its address names the report's partnership and period
        words, file = f"annex-{annex.pk}", f"annex-{annex.pk}-file"
        rows.append(
            AnnexRow(
                annex,
                sent_forms.get(words) or AnnexWordsForm(instance=annex, prefix=words),
                sent_forms.get(file) or AnnexFileForm(prefix=file),
                first=index == 0,
                last=index == len(annexes) - 1,
            )
        )
    used = sum(annex.size for annex in annexes)
    extra = {
        "annex_rows": rows,
        "annex_upload": sent_forms.get("annex-new") or AnnexUploadForm(),
        "annex_room": len(annexes) < settings.ANNEX_MAX_FILES,
        "annex_limits": {
            "files": settings.ANNEX_MAX_FILES,
            "file_size": filesizeformat(settings.ANNEX_MAX_FILE_BYTES),
            "report_size": filesizeformat(settings.ANNEX_MAX_REPORT_BYTES),
            "used": filesizeformat(used),
        },
    }
    return render_step(
        request, report, step, Bound({}, answers), status=status, answers=answers, extra=extra
    )


# --- Changes ----------------------------------------------------------------------------------


def act(
    request: AuthenticatedHttpRequest, report: MonitoringReport, step: AnnexStep, action: str
) -> HttpResponseBase:
    handlers = {
        "upload": upload,
        "replace": replace,
        "edit": edit,
        "remove": remove,
        "up": move,
        "down": move,
    }
    if action not in handlers:
        raise Http404("No such change.")
    wants_json = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    # Files saved to storage by a change that is then undone: deleted again.
    saved_keys: list[str] = []
    try:
        with transaction.atomic():
            locked = lock_for_saving(report, request.user)
            before = audit.annex_state(locked)
            done = handlers[action](request, locked, step, action, saved_keys)
            record_annex_save(locked, step, request.user)
            audit.annexes_saved(locked, step, request.user, before, audit.annex_state(locked))
    except NotEditable:
        forget(saved_keys)
        if wants_json:
            return JsonResponse(
                {"error": _("This report was submitted and can no longer be changed.")},
                status=409,
            )
        return render_not_editable(request, report)
    except Refused as refused:
        forget(saved_keys)
        if wants_json:
            return JsonResponse({"error": refused.message}, status=refused.status)
        messages.error(request, refused.message)
        return show(request, report, step, sent=refused.sent, status=refused.status)
    except BaseException:
        forget(saved_keys)
        raise
    messages.success(request, f"{done} " + _("Saved at %(time)s.") % {"time": saved_at(locked)})
    url = step_url(locked, step)
    if wants_json:
        # Without the fragment: the page it was sent from may have it, and going to the
        # same address with it would not load the page again.
        return JsonResponse({"redirect": url})
    return redirect(url + "#annexes")


def forget(keys: list[str]) -> None:
    for key in keys:
        annex_storage.delete_annex_file(key)


def record_annex_save(report: MonitoringReport, step: AnnexStep, user: User) -> None:
    """Count the change in the step's version: a change from an older page is refused."""
    version = report.step_versions.get(step.slug, 0) + 1
    report.step_versions = {**report.step_versions, step.slug: version}
    report.last_saved_by = user
    report.save(update_fields=["step_versions", "last_saved_by", "updated_at"])


def check_version(
    request: HttpRequest, report: MonitoringReport, step: AnnexStep, sent: forms.BaseForm | None
) -> None:
    """Refuse a change made from a page older than the annexes' last change."""
    posted = request.POST.get("version", "")
    if posted.isdigit() and int(posted) == report.step_versions.get(step.slug, 0):
        return
    who = report.last_saved_by.display_name if report.last_saved_by else _("Someone")
    raise Refused(
        409,
        _(
            "%(name)s changed the annexes at %(time)s, after you opened this page. Nothing was "
            "changed: the list below is as it is now. Do it again if it still applies."
        )
        % {"name": who, "time": saved_at(report)},
        sent,
    )


def annex_of(request: HttpRequest, report: MonitoringReport) -> Annex:
    """The annex the form names, among this report's: any other is a 404."""
    pk = request.POST.get("annex", "")
    if not pk.isdigit():
        raise Http404("No such annex.")
    return get_object_or_404(report.annexes.select_for_update(), pk=int(pk))


def accepted_file(
    form: forms.BaseForm, report: MonitoringReport, replacing: Annex | None = None
) -> AcceptedFile:
    """The file the form sent, checked by its content, and within the report's room."""
    uploaded = form.cleaned_data["file"]
    max_bytes = settings.ANNEX_MAX_FILE_BYTES
    # Read no more than one byte past the limit: enough to refuse, whatever is sent.
    try:
        accepted = inspect_upload(uploaded.name, uploaded.read(max_bytes + 1), max_bytes=max_bytes)
    except AnnexRefused as refused:
        form.add_error("file", refused.message)
        raise Refused(400, refused.message, form) from None
    others = report.annexes.all()
    if replacing is not None:
        others = others.exclude(pk=replacing.pk)
    if others.total_size() + accepted.size > settings.ANNEX_MAX_REPORT_BYTES:
        message = _(
            "%(name)s was not uploaded: with it, the report's annexes would take more than "
            "%(limit)s."
        ) % {
            "name": accepted.display_name,
            "limit": filesizeformat(settings.ANNEX_MAX_REPORT_BYTES),
        }
        form.add_error("file", message)
        raise Refused(400, message, form)
    return accepted


def store(accepted: AcceptedFile, saved_keys: list[str]) -> str:
    key = storage_key()
    annex_storage.save_annex_file(key, accepted.content)
    saved_keys.append(key)
    return key


def file_fields(accepted: AcceptedFile, key: str, user: User) -> dict[str, object]:
    return {
        "file_key": key,
        "display_name": accepted.display_name,
        "kind": accepted.kind.code,
        "size": accepted.size,
        "sha256": accepted.sha256,
        "uploaded_by": user,
        "carried_over": False,
    }


def upload(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    step: AnnexStep,
    action: str,
    saved_keys: list[str],
) -> str:
    form = AnnexUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise Refused(400, _("Nothing was uploaded: please correct the errors below."), form)
    if report.annexes.count() >= settings.ANNEX_MAX_FILES:
        message = _(
            "%(name)s was not uploaded: a report holds at most %(count)s annexes. Remove one first."
        ) % {"name": form.cleaned_data["file"].name, "count": settings.ANNEX_MAX_FILES}
        form.add_error("file", message)
        raise Refused(400, message, form)
    accepted = accepted_file(form, report)
    annex = form.save(commit=False)
    annex.report = report
    annex.position = report.annexes.count() + 1
    for name, value in file_fields(accepted, store(accepted, saved_keys), request.user).items():
        setattr(annex, name, value)
    annex.save()
    return _("%(name)s uploaded.") % {"name": annex.display_name}


def replace(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    step: AnnexStep,
    action: str,
    saved_keys: list[str],
) -> str:
    annex = annex_of(request, report)
    form = AnnexFileForm(request.POST, request.FILES, prefix=f"annex-{annex.pk}-file")
    check_version(request, report, step, form)
    if not form.is_valid():
        raise Refused(400, _("No file was chosen: nothing was replaced."), form)
    accepted = accepted_file(form, report, replacing=annex)
    old_key = annex.file_key
    for name, value in file_fields(accepted, store(accepted, saved_keys), request.user).items():
        setattr(annex, name, value)
    annex.save()
    delete_unless_frozen(report, old_key)
    return _("The file of “%(title)s” was replaced by %(name)s.") % {
        "title": annex.title,
        "name": annex.display_name,
    }


def edit(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    step: AnnexStep,
    action: str,
    saved_keys: list[str],
) -> str:
    annex = annex_of(request, report)
    form = AnnexWordsForm(request.POST, instance=annex, prefix=f"annex-{annex.pk}")
    check_version(request, report, step, form)
    if not form.is_valid():
        raise Refused(400, _("Nothing was saved: please correct the errors below."), form)
    annex = form.save(commit=False)
    annex.carried_over = False
    annex.save()
    return _("“%(title)s” saved.") % {"title": annex.title}


def remove(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    step: AnnexStep,
    action: str,
    saved_keys: list[str],
) -> str:
    annex = annex_of(request, report)
    check_version(request, report, step, None)
    key = annex.file_key
    annex.delete()
    renumber(report)
    delete_unless_frozen(report, key)
    return _("“%(title)s” removed.") % {"title": annex.title}


def move(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    step: AnnexStep,
    action: str,
    saved_keys: list[str],
) -> str:
    annex = annex_of(request, report)
    check_version(request, report, step, None)
    annexes = list(report.annexes.all())
    index = next(i for i, each in enumerate(annexes) if each.pk == annex.pk)
    other = index - 1 if action == "up" else index + 1
    if 0 <= other < len(annexes):
        annexes[index], annexes[other] = annexes[other], annexes[index]
    renumber(report, annexes)
    return _("“%(title)s” moved.") % {"title": annex.title}


def delete_unless_frozen(report: MonitoringReport, key: str) -> None:
    """Delete a stored file no annex holds any more, once the change is saved, unless a
    version of the report (as submitted) refers to it: `manage.py annex_orphans` finds the
    files nothing refers to."""
    if key not in frozen_keys(report):
        transaction.on_commit(lambda: annex_storage.delete_annex_file(key))


def renumber(report: MonitoringReport, annexes: list[Annex] | None = None) -> None:
    annexes = list(report.annexes.all()) if annexes is None else annexes
    for position, annex in enumerate(annexes, start=1):
        annex.position = position
    Annex.objects.bulk_update(annexes, ["position"])


# --- Serving ----------------------------------------------------------------------------------


def readable_annex(request: HttpRequest, slug: str, period: str, pk: int) -> Annex:
    """The annex, if this person may read it now: a public one of a published report, or any
    of a report they may read in full (MonitoringReport's `visible_to`). Else 404, whether it
    does not exist, is confidential, or its report was never or is no longer published."""
    readable = Annex.objects.public() | Annex.objects.filter(
        report__in=MonitoringReport.objects.visible_to(request.user)
    )
    return get_object_or_404(
        readable.select_related("report"),
        pk=pk,
        report__partnership__slug=slug,
        report__period=get_period(period),
    )


def intact(key: str, sha256: str, what: str) -> bool:
    """Whether the stored bytes are those uploaded (their checksum), read in chunks. `what`
    names the file in the log."""
    digest = hashlib.sha256()
    try:
        with annex_storage.open_annex_file(key) as stored:
            for chunk in stored.chunks():
                digest.update(chunk)
    except FileNotFoundError:
        logger.error("%s: its file %s is missing from storage.", what, key)
        return False
    if digest.hexdigest() != sha256:
        logger.error("%s: its file %s no longer matches its checksum; not served.", what, key)
        return False
    return True


@require_safe
def download(
    request: HttpRequest, slug: str, period: str, pk: int, filename: str
) -> HttpResponseBase:
    """The annex's file, checked on every request; `filename` only names the saved file."""
    annex = readable_annex(request, slug, period, pk)
    public = annex.is_public and annex.report.state == MonitoringReport.State.PUBLISHED
    return serve(
        StoredFile(annex.file_key, annex.sha256, annex.kind, annex.display_name),
        what=f"Annex {annex.pk}",
        public=public,
    )


@login_required
@require_safe
def submitted_download(
    request: AuthenticatedHttpRequest,
    slug: str,
    period: str,
    number: int,
    pk: int,
    filename: str,
) -> HttpResponseBase:
    """An annex's file as a submission froze it, for the reviewers (a 404 for anyone else):
    the one a diff says was replaced or removed since."""
    report = get_report_for_reviewer(request, slug, period)
    version = get_object_or_404(report.versions, number=number)
    frozen = next(
        (annex for annex in version.content.get("annexes", []) if annex["id"] == pk), None
    )
    if frozen is None:
        raise Http404("No such annex in this submission.")
    return serve(
        StoredFile(frozen["key"], frozen["sha256"], frozen["kind"], frozen["name"]),
        what=f"Annex {pk} of submission {number} of report {report.pk}",
        public=False,
    )


@dataclass(frozen=True)
class StoredFile:
    key: str
    sha256: str
    kind: str  # a code of annex_files.ACCEPTED
    name: str  # as it is shown and saved


def serve(stored: StoredFile, what: str, public: bool) -> HttpResponseBase:
    """The file, streamed or by a short-lived signed address, if its bytes are intact."""
    if not intact(stored.key, stored.sha256, what):
        raise Http404("This file cannot be served.")
    kind = ACCEPTED[stored.kind]
    url = annex_storage.signed_url(
        stored.key, filename=stored.name, media_type=kind.media_type, inline=kind.inline
    )
    response: HttpResponseBase
    if url is not None:
        response = redirect(url)
    else:
        response = FileResponse(
            annex_storage.open_annex_file(stored.key),
            content_type=kind.media_type,
            as_attachment=not kind.inline,
            filename=stored.name,
        )
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever the file holds, a browser showing it runs none of it as our page.
    response["Content-Security-Policy"] = "sandbox"
    if public and url is None:
        patch_cache_control(response, public=True, max_age=300)
    else:
        # A redirect is good only while its signed URL lives (S3_SIGNED_URL_SECONDS): kept
        # by a browser or a CDN, it would send readers to an expired URL.
        patch_cache_control(response, private=True, no_store=True)
    return response
