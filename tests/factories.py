from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Dateline, Tag

# What UserFactory gives every account, for logging in through a form.
PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    bio = "Covers the city."


class DatelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dateline

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, an hour old, unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-number-{n}")
    standfirst = "What happened, in a sentence."
    body = "<p>First paragraph.</p><p>Second paragraph.</p>"
    status = Article.Status.PUBLISHED
    # A story still to publish is ready to (articles.readiness: a body and a
    # byline); a published one is credited to its authors when it has any.
    byline = factory.LazyAttribute(
        lambda article: "" if article.status == Article.Status.PUBLISHED else "By our staff"
    )
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        """``authors=[a, b]`` as writers, or ``[(a, role), ...]``, in that order."""
        if not create or not extracted:
            return
        for position, entry in enumerate(extracted):
            author, role = entry if isinstance(entry, tuple) else (entry, "writer")
            ArticleAuthor.objects.create(article=self, author=author, role=role, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


def make_staff(username: str, group: str):
    """A staff account in one of the editorial groups made by the migrations."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user):
    """A test client of its own, logged in as ``user``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def make_library_image(
    width=1600,
    height=1000,
    *,
    fmt="JPEG",
    mode="RGB",
    color=(200, 60, 40),
    renditions=True,
    **fields,
):
    """A photo-library image made the way an editor's upload is: through the pipeline."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from images.forms import ImageForm
    from images.renditions import generate_missing

    from .image_files import picture_bytes

    data = {"alt_text": "Protesters outside the town hall", "caption": "", "credit": "", **fields}
    content = picture_bytes(width, height, fmt, mode=mode, color=color)
    form = ImageForm(data, {"file": SimpleUploadedFile(f"photo.{fmt.lower()}", content)})
    assert form.is_valid(), form.errors
    image = form.save()
    if renditions:
        generate_missing(image)
    return image


def log_in_through_form(client, username: str, password: str = PASSWORD, **extra):
    """Post the desk's login form as a person would (django-axes sees every try)."""
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def logs_in_at_the_desk(client, username: str, password: str = PASSWORD) -> bool:
    response = log_in_through_form(client, username, password)
    return response.status_code == 302 and response["Location"] == "/admin/"
