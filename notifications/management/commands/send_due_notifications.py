"""``manage.py send_due_notifications``: tell the desk what the clock did, once.

Run it every minute where there is no Celery beat (cron:
``* * * * * manage.py send_due_notifications``); with a scheduler, beat's
``send-due-notifications`` entry does the same.
"""

from django.core.management.base import BaseCommand

from notifications.due import send_due_notifications


class Command(BaseCommand):
    help = (
        "Notify embargoes that lifted and scheduled stories that went live since the last "
        "run (each once). Run every minute."
    )

    def handle(self, *args, **options):
        told = send_due_notifications()
        self.stdout.write(f"{told} event(s) notified.")
