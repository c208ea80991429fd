"""What ``make run`` prints last, once the site is ready: its address (the one emails link
to, ``SITE_BASE_URL``), the admin's with the demo logins (only while DEBUG is on, as the
accounts exist only then) and where mail goes."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.accounts import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = (
        "Print the site's address, the admin's with the demo logins (DEBUG only) and where "
        "mail goes: the last lines `make run` prints."
    )

    def handle(self, *args, verbosity=1, **options):
        if verbosity < 1:
            return
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(f"Backend Journeys is starting at {base}/")
        self.stdout.write(f"The writers' and editors' admin is at {base}/admin/")
        if settings.DEBUG:
            logins = ", ".join(f"{name} / {password}" for name, password, *_ in DEMO_ACCOUNTS)
            self.stdout.write(f"Demo logins (username / password): {logins}")
        if settings.EMAIL_DELIVERY_BACKEND.endswith("console.EmailBackend"):
            line = f"Mail is printed here, below, with its links to {base}/"
        else:
            line = f"Mail is sent through {settings.EMAIL_HOST}, with its links to {base}/"
        self.stdout.write(self.style.SUCCESS(line))
