"""Where uploaded media live: local disk, or one S3-compatible bucket shared by all app servers."""

from collections.abc import Mapping
from urllib.parse import urlsplit

# Stored media names are UUIDs or deterministic rendition names that are never
# rewritten with different content, so they may be cached for a year.
FAR_FUTURE_CACHE_CONTROL = "public, max-age=31536000, immutable"


def media_storage_from_env(environ: Mapping[str, str]) -> dict:
    """The ``STORAGES["default"]`` entry the environment asks for.

    ``MEDIA_S3_BUCKET`` switches to django-storages' S3 backend; the
    endpoint (for MinIO, Ceph, R2...), region and keys are optional (without
    keys boto3's usual credential chain applies).
    """
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}

    def optional(name: str) -> str | None:
        return environ.get(name, "").strip() or None

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": optional("MEDIA_S3_ENDPOINT_URL"),
            "region_name": optional("MEDIA_S3_REGION"),
            "access_key": optional("MEDIA_S3_ACCESS_KEY_ID"),
            "secret_key": optional("MEDIA_S3_SECRET_ACCESS_KEY"),
            "custom_domain": optional("MEDIA_S3_CUSTOM_DOMAIN"),
            # "http:" when that domain is served over plain http (a local stack).
            "url_protocol": optional("MEDIA_S3_URL_PROTOCOL") or "https:",
            # Published pictures are public: plain URLs, cacheable by any CDN.
            "querystring_auth": False,
            "default_acl": None,
            # Names never collide (UUIDs) and renditions are deterministic:
            # skip the existence check S3 would need before every write.
            "file_overwrite": True,
            "object_parameters": {"CacheControl": FAR_FUTURE_CACHE_CONTROL},
        },
    }


def media_origin_from_env(environ: Mapping[str, str]) -> str | None:
    """The origin media are served from when it is not the site's own (for the CSP)."""
    if not environ.get("MEDIA_S3_BUCKET", "").strip():
        return None
    domain = environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip()
    if domain:
        protocol = environ.get("MEDIA_S3_URL_PROTOCOL", "").strip() or "https:"
        return f"{protocol}//{domain.split('/')[0]}"
    endpoint = urlsplit(environ.get("MEDIA_S3_ENDPOINT_URL", "").strip())
    if endpoint.scheme and endpoint.netloc:
        return f"{endpoint.scheme}://{endpoint.netloc}"
    # AWS itself: the bucket's virtual-hosted address, in any region.
    return "https://*.amazonaws.com"
