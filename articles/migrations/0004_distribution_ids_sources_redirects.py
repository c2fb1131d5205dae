"""Distribution: a stable public id, wire-source fields, old paths that redirect.

Existing articles each get their own random public id (a callable default
would give every existing row the same one), then the column becomes unique.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def give_each_article_a_public_id(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(public_id__isnull=True).only("pk").iterator():
        Article.objects.filter(pk=article.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="BCP 47 language of the text (e.g. sv, nb-NO); empty means the site's.",
                max_length=35,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_article_a_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="public_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The stable identifier partners see in the ninjs API; never changes.",
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="source_imported_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="source_uri",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The ninjs uri of the wire item this article was imported from.",
                max_length=500,
                null=True,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="source_version_created",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="article",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
        migrations.CreateModel(
            name="ArticleRedirect",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("old_path", models.CharField(max_length=400, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="old_paths",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="SourceRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version_created", models.DateTimeField(null=True)),
                ("note", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="source_revisions",
                        to="articles.article",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
