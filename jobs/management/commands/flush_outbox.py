"""``manage.py flush_outbox``: hand the broker what it could not take before."""

from django.core.management.base import BaseCommand

from jobs.queue import flush_outbox


class Command(BaseCommand):
    help = "Send tasks kept in the outbox (the broker was unreachable) to the broker."

    def handle(self, *args, **options):
        sent, waiting = flush_outbox()
        self.stdout.write(f"{sent} sent, {waiting} still waiting.")
