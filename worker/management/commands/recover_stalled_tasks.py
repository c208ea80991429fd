"""``manage.py recover_stalled_tasks``: tasks left RUNNING by a worker that died go back to the
queue (or fail after WORKER_MAX_TASK_ATTEMPTS claims). The worker runs it every minute."""

from django.core.management.base import BaseCommand

from worker import stalled


class Command(BaseCommand):
    help = (
        "Put back in the queue the tasks a dead worker left running (no heartbeat for "
        "WORKER_STALL_SECONDS); fail those claimed WORKER_MAX_TASK_ATTEMPTS times."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say which tasks are stalled; change nothing."
        )

    def handle(self, *args, dry_run, verbosity=1, **options):
        result = stalled.recover(dry_run=dry_run)
        verb = ("would be " if dry_run else "") + "requeued"
        for task in result.requeued:
            self.stdout.write(f"{task.task_path} {task.pk}: {verb}")
        for task in result.failed:
            fate = "would fail" if dry_run else "failed"
            self.stdout.write(f"{task.task_path} {task.pk}: {fate}")
        if result.requeued or result.failed or verbosity > 1:
            self.stdout.write(
                f"{len(result.requeued)} stalled task(s) {verb}, {len(result.failed)} failed"
                + (" (dry run: nothing changed)" if dry_run else "")
            )
