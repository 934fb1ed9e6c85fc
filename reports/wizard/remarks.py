"""The reviewers' remarks as the coordinators see them in the wizard: each beside the question
or row it is about, on that question's step."""

from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from reports.anchors import anchors, is_annex, question_of
from reports.answers import Answers
from reports.form import FORM, Table
from reports.models import MonitoringReport, ReportTransition, ReviewComment
from reports.wizard.steps import STEPS, get_step


def anchor_step(anchor: str):
    """The step on which the question or row that `anchor` names is answered."""
    if is_annex(anchor):
        return get_step(FORM.annexes.slug)
    question = question_of(anchor)
    return get_step(FORM.page_of(question).slug) if question else None


def sent_remarks(report: MonitoringReport):
    """The remarks the coordinators have been sent: those written before the report was last
    returned to them. Remarks on a report still with the reviewers are the reviewers' draft
    until they return it (and never reach the coordinators if it is accepted instead)."""
    return remarks_sent_on([report]).select_related("author", "addressed_by", "version")


def remarks_sent_on(reports: Iterable[MonitoringReport]) -> QuerySet[ReviewComment]:
    """The remarks sent to the coordinators (see sent_remarks) of all of `reports`, at once."""
    last_returned = (
        ReportTransition.objects.filter(
            report=OuterRef("report"), to_state=MonitoringReport.State.RETURNED
        )
        .order_by("-at")
        .values("at")[:1]
    )
    # Never returned: the subquery is NULL, and nothing compares as earlier than it.
    return ReviewComment.objects.filter(
        report__in=list(reports), created_at__lte=Subquery(last_returned)
    )


def annotated_remarks(report: MonitoringReport, answers: Answers | None = None) -> list:
    """The remarks sent to the coordinators, oldest first, each knowing its `step`, what on
    that step it is about (`target`: its question's anchor, or a table row's id) and how that
    is called (`about`). A remark on a table row that has since been removed is not `placed`:
    its step shows it at the top. `answers`: the report's, if the page has read them."""
    remarks = list(sent_remarks(report))
    labels = anchors(report, answers) if remarks else {}
    for remark in remarks:
        question = question_of(remark.anchor)
        remark.step = anchor_step(remark.anchor)
        row = remark.anchor.removeprefix(f"{question.anchor}:") if question else ""
        remark.target = int(row) if isinstance(question, Table) and row.isdigit() else remark.anchor
        remark.placed = remark.anchor in labels
        remark.about = labels.get(remark.anchor) or removed_row_label(remark)
    return remarks


def remarks_for(report: MonitoringReport) -> dict:
    """{anchor: [remark]} of the remarks sent to the coordinators (see annotated_remarks)."""
    by_anchor: dict = {}
    for remark in annotated_remarks(report):
        by_anchor.setdefault(remark.anchor, []).append(remark)
    return by_anchor


def removed_row_label(remark) -> str:
    """What a remark on a row that is no longer in the report was about, from the submission
    it was written on: "Working areas, a row removed since: Secure supply chains"."""
    from reports.versions import frozen_row_title

    step = anchor_step(remark.anchor)
    return _("%(table)s, a row removed since: %(row)s") % {
        "table": step.title if step else remark.anchor,
        "row": frozen_row_title(remark.version.content, remark.anchor) or "—",
    }


def resume_step(report: MonitoringReport, sent: Iterable[ReviewComment]):
    """Where a coordinator continues: on a report returned for changes, the step of the first
    remark still open (among `sent`, the remarks it was sent), in the form's order; otherwise
    where they left off."""
    if report.state == MonitoringReport.State.RETURNED:
        remarked = {anchor_step(remark.anchor) for remark in sent if not remark.addressed_at}
        first = next((step for step in STEPS if step in remarked), None)
        if first is not None:
            return first
    return get_step(report.last_step) or STEPS[0]


def remarks_context(report: MonitoringReport, current, answers: Answers) -> dict:
    """What the wizard's pages show of the remarks: those on the current step, how many are
    still open on each step (the list of steps), and all of them by step with the reviewers'
    covering message."""
    remarks = annotated_remarks(report, answers)
    by_step = [(step, [remark for remark in remarks if remark.step is step]) for step in STEPS]
    return {
        "step_remarks": [remark for remark in remarks if remark.step is current],
        "remark_steps": [
            (step, group, sum(1 for remark in group if not remark.addressed_at))
            for step, group in by_step
            if group
        ],
        "remark_count": len(remarks),
        "remarks_addressed": sum(1 for remark in remarks if remark.addressed_at),
        "remarks_open": sum(1 for remark in remarks if not remark.addressed_at),
        # The covering message, on every step until the report is submitted again.
        "last_return": report.transitions.filter(to_state=MonitoringReport.State.RETURNED)
        .select_related("user")
        .last()
        if report.state == MonitoringReport.State.RETURNED
        else None,
    }
