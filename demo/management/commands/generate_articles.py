"""Generate many realistic published stories for benchmarks: ``generate_articles --count N``.

Run it again and it adds only what is missing: ``--count 20000`` after a
run of 5,000 adds 15,000; after one of 20,000 it adds nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.generate import DEFAULT_SEED, generate
from reader.page_cache.tokens import forget_pages


class Command(BaseCommand):
    help = (
        "Make sure COUNT generated published stories exist (authors, datelines, tags, "
        "600-1,500-word bodies, dates over years, search index), adding the missing ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="Stories wanted in all.")
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Same seed, same stories."
        )
        parser.add_argument("--batch-size", type=int, default=1_000, help="Rows per insert.")

    def handle(self, *args, count: int, seed: int, batch_size: int, **options):
        if count < 0 or batch_size < 1:
            raise CommandError("--count must be 0 or more and --batch-size at least 1.")
        started = time.monotonic()

        def progress(done: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done} written, {time.monotonic() - started:.1f} s")

        added = generate(count, seed=seed, batch_size=batch_size, progress=progress)
        if added:
            # bulk_create sends no signals: cached pages would not know.
            forget_pages()
        self.stdout.write(
            f"Generated {added} stories in {time.monotonic() - started:.1f} s "
            f"({count} wanted; the rest were already there)."
        )
