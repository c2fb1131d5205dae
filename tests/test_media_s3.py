"""Shared media on S3-compatible storage, against a real S3 server (moto) on loopback.

Nothing of ours is mocked: django-storages and boto3 talk HTTP to moto's
server, started here on a free port, exactly as they would to MinIO or AWS.
"""

import io
import json
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest
from django.urls import reverse
from PIL import Image as PillowImage

from images.models import Image
from newsroom.media_storage import FAR_FUTURE_CACHE_CONTROL, media_storage_from_env

from . import image_files
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media"
CREDENTIALS = {"MEDIA_S3_ACCESS_KEY_ID": "newsroom", "MEDIA_S3_SECRET_ACCESS_KEY": "not-secret"}


PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our interpreter running moto's server
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings):
    environ = {
        "MEDIA_S3_BUCKET": BUCKET,
        "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "MEDIA_S3_REGION": "us-east-1",
        **CREDENTIALS,
    }
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env(environ)}
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["MEDIA_S3_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(Bucket=BUCKET)
    # As a deployment would: published pictures are world-readable.
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    yield s3
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3.delete_bucket(Bucket=BUCKET)


def keys(s3) -> set[str]:
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def fetch(url: str) -> bytes:
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read()


def test_without_a_bucket_media_stay_on_local_disk():
    assert media_storage_from_env({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_an_upload_round_trips_through_the_bucket(
    admin_client, bucket, django_capture_on_commit_callbacks
):
    response = admin_client.post(
        reverse("admin:images_image_add"),
        {
            "alt_text": "Harbour cranes",
            "file": image_files.upload(image_files.jpeg_with_gps_and_rotation()),
        },
    )

    assert response.status_code == 302
    image = Image.objects.get()
    stored = keys(bucket)
    assert image.file.name in stored
    assert {r.file.name for r in image.renditions.all()} <= stored
    assert len(stored) == 1 + image.renditions.count()

    # What readers' browsers get from the bucket: upright, no GPS, cacheable for a year.
    master_url = image.file.url
    assert master_url.startswith(f"{bucket.meta.endpoint_url}/{BUCKET}/images/")
    served = PillowImage.open(io.BytesIO(fetch(master_url)))
    assert served.size == (400, 600)
    assert not served.getexif().get_ifd(image_files.GPS_IFD)
    head = bucket.head_object(Bucket=BUCKET, Key=image.file.name)
    assert head["CacheControl"] == FAR_FUTURE_CACHE_CONTROL
    assert head["ContentType"] == "image/jpeg"
    webp = image.renditions.get(spec="w320", format="WEBP")
    assert PillowImage.open(io.BytesIO(fetch(webp.file.url))).format == "WEBP"

    # Pages point at the bucket.
    article = ArticleFactory(lead_image=image)
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert (
        f"{bucket.meta.endpoint_url}/{BUCKET}/images/renditions/{image.uuid.hex}/w320.webp" in page
    )

    # Deleting the (unused) picture removes every object once committed.
    article.delete()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})
    assert keys(bucket) == set()
