from django.db import migrations

# PostgreSQL only: the stored documents now carry the story's credits (the
# authors' names and the dateline, weight D), as articles.search.weighted_document
# writes them from now on; existing stories get theirs here.
BACKFILL_SQL = """
UPDATE articles_article AS article SET search_vector =
    setweight(to_tsvector('english'::regconfig, coalesce(article.headline, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(article.standfirst, '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(article.body, '')), 'C') ||
    setweight(to_tsvector('english'::regconfig,
        coalesce((SELECT string_agg(author.name, ' ')
                  FROM articles_articleauthor AS credit
                  JOIN articles_author AS author ON author.id = credit.author_id
                  WHERE credit.article_id = article.id), '')
        || ' ' ||
        coalesce((SELECT place.name || ' ' || place.country
                  FROM articles_dateline AS place
                  WHERE place.id = article.dateline_id), '')), 'D')
"""


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL_SQL)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_front_page_slots_and_search_social_fields")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
