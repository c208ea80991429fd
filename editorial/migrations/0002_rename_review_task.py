"""The review task's name is shown to writers ("Resubmit to …", the workflow history): it
becomes "Editors' review" instead of "Editors approve", in place, so reviews under way keep
their task."""

from django.db import migrations


def apply(apps, schema_editor):
    from editorial.roles import LEGACY_TASK_NAMES, TASK_NAME

    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    if not GroupApprovalTask.objects.filter(name=TASK_NAME).exists():
        GroupApprovalTask.objects.filter(name__in=LEGACY_TASK_NAMES).update(name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_roles_and_workflow")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
