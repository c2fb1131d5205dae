"""Make every missing rendition for every library image, e.g. after adding a size."""

import os
from concurrent.futures import Future, ThreadPoolExecutor

from django.core.management.base import BaseCommand
from django.db.models import Prefetch, prefetch_related_objects

from images.models import Image, Rendition
from images.renditions import all_specs_for, discard_crops, render_missing
from images.signals import renditions_ready


class Command(BaseCommand):
    help = "Create the stored renditions each library image is missing (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--crops-again",
            action="store_true",
            help="Remake the cropped renditions (cards, social) as well, e.g. after a crop change.",
        )
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Images resized at once (threads; the database is written by one). "
            "Default: the number of CPUs.",
        )

    def handle(self, *args, crops_again: bool, batch_size: int, workers: int, **options):
        # Renditions arrive with each batch of images: one query per batch,
        # and an image that already has everything is skipped without I/O.
        images = Image.objects.order_by("pk").prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.only("image_id", "spec", "format"))
        )
        self.made = self.touched = 0
        pending: list[tuple[Image, Future]] = []
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for image in images.iterator(chunk_size=batch_size):
                if crops_again:
                    discard_crops(image)
                    # Fetched here: worker threads never touch the database.
                    prefetch_related_objects([image], "renditions")
                if self._complete(image):
                    continue
                pending.append((image, pool.submit(render_missing, image)))
                if len(pending) >= batch_size:
                    self._record(pending)
                    pending = []
            self._record(pending)
        self.stdout.write(f"Made {self.made} renditions for {self.touched} images.")

    @staticmethod
    def _complete(image: Image) -> bool:
        wanted = {(spec.name, fmt) for spec in all_specs_for(image) for fmt in spec.formats(image)}
        return wanted <= {(r.spec, r.format) for r in image.renditions.all()}

    def _record(self, pending: list[tuple[Image, Future]]) -> None:
        """Save the rows of a finished batch in one INSERT, from this thread only."""
        rows, renewed = [], []
        for image, future in pending:
            try:
                created = future.result()
            except (OSError, ValueError) as exc:
                self.stderr.write(f"Image {image.pk}: could not read its file ({exc}); skipped.")
                continue
            rows.extend(created)
            if created:
                renewed.append(image)
            self.touched += 1
        Rendition.objects.bulk_create(rows, ignore_conflicts=True)
        self.made += len(rows)
        # As the worker does: the pages and kept pieces showing these
        # pictures are renewed, so they use the new sizes at once.
        for image in renewed:
            renditions_ready.send(sender=Image, image=image)
