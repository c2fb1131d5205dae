"""Make every missing rendition for every library image, e.g. after adding a size."""

from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from images.models import Image, Rendition
from images.renditions import all_specs_for, discard_crops, generate_missing


class Command(BaseCommand):
    help = "Create the stored renditions each library image is missing (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--crops-again",
            action="store_true",
            help="Remake the cropped renditions (cards, social) as well, e.g. after a crop change.",
        )
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, crops_again: bool, batch_size: int, **options):
        # Renditions arrive with each batch of images: one query per batch,
        # and an image that already has everything is skipped without I/O.
        images = Image.objects.order_by("pk").prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.only("image_id", "spec", "format"))
        )
        made = touched = 0
        for image in images.iterator(chunk_size=batch_size):
            if crops_again:
                discard_crops(image)
            wanted = {
                (spec.name, fmt) for spec in all_specs_for(image) for fmt in spec.formats(image)
            }
            if wanted <= {(r.spec, r.format) for r in image.renditions.all()}:
                continue
            try:
                created = generate_missing(image)
            except (OSError, ValueError) as exc:
                self.stderr.write(f"Image {image.pk}: could not read its file ({exc}); skipped.")
                continue
            made += len(created)
            touched += 1
        self.stdout.write(f"Made {made} renditions for {touched} images.")
