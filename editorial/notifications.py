"""Workflow emails: editors hear of each submission, the writer hears of each decision,
with the page title, a link and the editor's comment. Subjects start with the piece's state
in the words of ``editorial.selectors.LABELS``.

These replace Wagtail's own notifiers on the same signals (same dispatch ids), so nobody gets
a message twice: Wagtail's approval message drops the comment and its workflow-submitted
message goes only to superusers. Recipients still honour each user's notification settings.
"""

from django.conf import settings
from django.urls import reverse
from wagtail.admin import mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .selectors import IN_REVIEW, LABELS, page_status_label


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _last_decision(workflow_state):
    """The task state that ended the workflow: who decided, and what they wrote."""
    return (
        TaskState.objects.filter(workflow_state=workflow_state)
        .exclude(finished_at=None)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


class _EditorialTemplates:
    template_directory = "editorial/email/"
    template_stem = None  # defaults to the notification type

    def get_template_base_prefix(self, instance, **kwargs):
        return ""

    def get_template_set(self, instance, **kwargs):
        base = self.template_directory + (self.template_stem or self.notification)
        return {"subject": f"{base}_subject.txt", "text": f"{base}.txt"}

    def page_context(self, page):
        page = page.specific
        return {
            "page": page,
            "page_title": page.get_admin_display_title(),
            "edit_url": _absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
            "live_url": page.full_url if page.live else "",
        }


class SubmittedToEditors(_EditorialTemplates, mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    """To every member of the reviewing groups but the submitter."""

    notification = "submitted"

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context.update(self.page_context(task_state.workflow_state.content_object))
        context["submitter"] = kwargs.get("user") or task_state.workflow_state.requested_by
        context["review_url"] = _absolute(reverse("editorial_desk"))
        context["review_page_url"] = _absolute(
            reverse("editorial_review", args=[context["page"].pk])
        )
        context["status_label"] = LABELS[IN_REVIEW]
        return context


class DecisionToWriter(_EditorialTemplates):
    """To whoever submitted, unless they made the decision themselves."""

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        context.update(self.page_context(workflow_state.content_object))
        decision = _last_decision(workflow_state)
        context["comment"] = decision.get_comment() if decision else ""
        context["decided_by"] = (decision.finished_by if decision else None) or kwargs.get("user")
        context["go_live_at"] = getattr(context["page"], "go_live_at", None)
        context["status_label"] = page_status_label(context["page"])
        scheduled = context["page"].scheduled_revision
        if scheduled is not None:
            context["go_live_at"] = scheduled.approved_go_live_at
        return context


class ApprovedToWriter(DecisionToWriter, mail.WorkflowStateApprovalEmailNotifier):
    notification = "approved"


class ChangesRequestedToWriter(DecisionToWriter, mail.WorkflowStateRejectionEmailNotifier):
    notification = "rejected"  # the user's "rejected_notifications" preference applies
    template_stem = "changes_requested"


def connect():
    """Take over Wagtail's workflow notifications (call once, from AppConfig.ready)."""
    replacements = [
        (task_submitted, TaskState, "group_approval_task_submitted_email_notification",
         SubmittedToEditors()),
        (workflow_approved, WorkflowState, "workflow_state_approved_email_notification",
         ApprovedToWriter()),
        (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification",
         ChangesRequestedToWriter()),
    ]  # fmt: skip
    for signal, sender, dispatch_uid, notifier in replacements:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid, weak=False)
    # Editors already hear of each submission through their review task.
    workflow_submitted.disconnect(
        sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
    )
