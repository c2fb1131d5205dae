"""Load Newsroom's demo content; safe to run again and again.

Existing rows are never overwritten: a demo story an editor has changed
keeps its changes, and a second run adds only what is missing.
"""

from datetime import timedelta

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles import roles
from articles.models import Article, ArticleAuthor, Author, Dateline, LiveUpdate, Tag
from demo import content as demo_content
from demo.pictures import demo_picture

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "newsroom-demo"  # noqa: S105 - only ever created with DEBUG on
# (username, group, the demo author whose byline is theirs); None: superuser.
DEMO_ACCOUNTS = [
    (DEMO_USERNAME, None, None),
    ("editor", roles.EDITORS, "sam-lee"),
    ("reporter", roles.REPORTERS, "ana-diaz"),
]


class Command(BaseCommand):
    help = "Create the demo stories, authors, datelines and tags (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        authors = {
            slug: Author.objects.get_or_create(slug=slug, defaults={"name": name, "bio": bio})[0]
            for slug, name, bio in demo_content.AUTHORS
        }
        datelines = {
            slug: Dateline.objects.get_or_create(
                slug=slug, defaults={"name": name, "country": country}
            )[0]
            for slug, name, country in demo_content.DATELINES
        }
        sections = demo_content.MASTHEAD_SECTIONS
        tags = {
            slug: Tag.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "in_navigation": slug in sections,
                    "navigation_order": sections.index(slug) if slug in sections else 0,
                },
            )[0]
            for slug, name in demo_content.TAGS
        }
        created = sum(
            self._create_article(story, authors, datelines, tags) for story in demo_content.ARTICLES
        )
        self.stdout.write(f"Demo content: {created} new stories.")
        self._report_login()

    def _create_article(self, story, authors, datelines, tags) -> bool:
        """One demo story, saved as its first revision so edits can be undone."""
        if Article.objects.filter(slug=story["slug"]).exists():
            return False
        with reversion.create_revision():
            reversion.set_comment("Demo story loaded.")
            self._write_article(story, authors, datelines, tags)
        return True

    def _write_article(self, story, authors, datelines, tags) -> None:
        status = story.get("status", Article.Status.PUBLISHED)
        published_at = None
        if "hours_ago" in story:
            published_at = timezone.now() - timedelta(hours=story["hours_ago"])
        article = Article.objects.create(
            slug=story["slug"],
            headline=story["headline"],
            standfirst=story["standfirst"],
            body="".join(f"<p>{escape(text)}</p>" for text in story["paragraphs"]),
            byline=story.get("byline", ""),
            dateline=datelines.get(story.get("dateline")),
            status=status,
            published_at=published_at,
            lead_image=demo_picture(**story["picture"]) if "picture" in story else None,
        )
        article.tags.set([tags[slug] for slug in story["tags"]])
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=authors[slug], role=role, position=index)
            for index, (slug, role) in enumerate(story.get("authors", []))
        )
        if "live_updates" in story:
            reporters = [authors[slug] for slug, _role in story["authors"]]
            self._write_live_coverage(article, story["live_updates"], reporters)

    @staticmethod
    def _write_live_coverage(article: Article, updates: list[dict], reporters: list) -> None:
        """A story in live coverage since it went up, with its published updates."""
        started = article.published_at or timezone.now()
        article.live_started_at = started
        article.save(update_fields=["live_started_at"])
        for index, update in enumerate(updates):
            moment = started + timedelta(minutes=update["minutes"])
            live_update = LiveUpdate.objects.create(
                article=article,
                title=update["title"],
                body=f"<p>{escape(update['text'])}</p>",
                status=LiveUpdate.Status.PUBLISHED,
                published_at=moment,
                pinned=update.get("pinned", False),
                key_event=update.get("key_event", False),
            )
            live_update.authors.set([reporters[index % len(reporters)]])

    def _report_login(self) -> None:
        if not settings.DEBUG:
            self.stdout.write(
                "No demo account was created (DEBUG is off). "
                "Create one with: python manage.py createsuperuser"
            )
            return
        for username, group, author_slug in DEMO_ACCOUNTS:
            self._demo_account(username, group, author_slug)
        self.stdout.write(
            self.style.SUCCESS(
                "Editorial admin: http://127.0.0.1:8000/admin/  "
                f"username: {DEMO_USERNAME}  password: {DEMO_PASSWORD} "
                "(unless you have changed it)\n"
                "To try the desk's roles, log in as editor (Editors) or reporter "
                "(Reporters, writing as Ana Diaz) with the same password."
            )
        )

    def _demo_account(self, username: str, group: str | None, author_slug: str | None) -> None:
        """Create a demo login once; an existing account is left as it is."""
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            return
        if group is None:
            user_model.objects.create_superuser(
                username, email=f"{username}@example.com", password=DEMO_PASSWORD
            )
        else:
            user = user_model.objects.create_user(
                username, email=f"{username}@example.com", password=DEMO_PASSWORD, is_staff=True
            )
            user.groups.add(Group.objects.get(name=group))
            if author_slug:
                Author.objects.filter(slug=author_slug, user__isnull=True).update(user=user)
        self.stdout.write(f"Created the demo account {username!r}.")
