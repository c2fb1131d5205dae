"""Template tags for library pictures: ``{% responsive_image image "card" %}``."""

from django import template
from django.utils.safestring import SafeString

from images import markup
from images.models import Image

register = template.Library()


@register.simple_tag
def responsive_image(
    image: Image,
    family: str = "full",
    sizes: str = "100vw",
    loading: str = "lazy",
    css_class: str = "",
) -> SafeString:
    """A <picture> of ``image``: ``family`` is ``"full"`` (own shape) or ``"card"`` (3:2 crop)."""
    return markup.picture(image, family, sizes=sizes, loading=loading, css_class=css_class)


@register.filter
def responsive_body_images(body: str) -> SafeString:
    """Turn library images inside sanitised article HTML into responsive pictures."""
    return markup.responsive_body(str(body))


@register.simple_tag
def admin_thumbnail(image: Image) -> SafeString:
    return markup.thumbnail(image)
