"""PostgreSQL keeps every article's search document itself, with triggers.

Until now Python recomputed ``search_vector`` after each save, so rows
written in bulk (imports, generated archives, ``bulk_create``) could not be
found until saved one by one. Triggers make the database write it with the
row, whatever the route:

- an article's insert or an update of its headline, standfirst, body, byline
  or dateline recomputes the whole document;
- adding, removing or reordering byline authors, renaming an author or a
  dateline recomputes only the credits part (weight B) of the stories
  concerned, keeping the headline and body lexemes (``ts_filter``), so a
  bulk insert of bylines does not parse every body a second time.

The document is headline (A), body with its tags stripped (C), then the
credits (B: standfirst, free-text byline, dateline, authors' names in byline
order). The credits come last so that replacing them leaves every other
position as a full recomputation would. SQLite keeps its fallback search
(articles.search) and gets none of this.
"""

from django.db import migrations

FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION articles_body_text(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(
        regexp_replace(coalesce($1, ''), '<[^>]*>', ' ', 'g'),
        '&[#A-Za-z0-9]+;', ' ', 'g')
$$;

CREATE OR REPLACE FUNCTION articles_article_credits(
    article_id bigint, standfirst text, byline text, dateline_id bigint
) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, concat_ws(' ',
        $2,
        $3,
        (SELECT d.name FROM articles_dateline d WHERE d.id = $4),
        (SELECT string_agg(a.name, ' ' ORDER BY l.position, l.id)
           FROM articles_articleauthor l
           JOIN articles_author a ON a.id = l.author_id
          WHERE l.article_id = $1)
    )), 'B')
$$;

CREATE OR REPLACE FUNCTION articles_article_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english'::regconfig, coalesce(NEW.headline, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, articles_body_text(NEW.body)), 'C')
        || articles_article_credits(NEW.id, NEW.standfirst, NEW.byline, NEW.dateline_id);
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION articles_renew_credits_of_links() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article a
       SET search_vector = ts_filter(coalesce(a.search_vector, ''::tsvector), '{a,c}')
           || articles_article_credits(a.id, a.standfirst, a.byline, a.dateline_id)
     WHERE a.id IN (SELECT article_id FROM changed_links);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION articles_renew_credits_of_author() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article a
       SET search_vector = ts_filter(coalesce(a.search_vector, ''::tsvector), '{a,c}')
           || articles_article_credits(a.id, a.standfirst, a.byline, a.dateline_id)
     WHERE a.id IN (SELECT l.article_id FROM articles_articleauthor l WHERE l.author_id = NEW.id);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION articles_renew_credits_of_dateline() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article a
       SET search_vector = ts_filter(coalesce(a.search_vector, ''::tsvector), '{a,c}')
           || articles_article_credits(a.id, a.standfirst, a.byline, a.dateline_id)
     WHERE a.dateline_id = NEW.id;
    RETURN NULL;
END
$$;
"""

TRIGGERS_SQL = """
CREATE TRIGGER article_search_document
    BEFORE INSERT OR UPDATE OF headline, standfirst, body, byline, dateline_id
    ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_document();

CREATE TRIGGER article_byline_added
    AFTER INSERT ON articles_articleauthor
    REFERENCING NEW TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION articles_renew_credits_of_links();

CREATE TRIGGER article_byline_changed
    AFTER UPDATE ON articles_articleauthor
    REFERENCING NEW TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION articles_renew_credits_of_links();

CREATE TRIGGER article_byline_removed
    AFTER DELETE ON articles_articleauthor
    REFERENCING OLD TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION articles_renew_credits_of_links();

CREATE TRIGGER author_renamed_in_search
    AFTER UPDATE OF name ON articles_author
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_renew_credits_of_author();

CREATE TRIGGER dateline_renamed_in_search
    AFTER UPDATE OF name ON articles_dateline
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_renew_credits_of_dateline();
"""

# Every stored document rewritten in the new shape (the trigger's own
# formula), with the GIN index built once afterwards rather than updated row
# by row (minutes instead of tens of minutes at 100,000 stories).
BACKFILL_SQL = """
DROP INDEX IF EXISTS article_search_vector_gin;
UPDATE articles_article SET search_vector =
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, articles_body_text(body)), 'C')
    || articles_article_credits(id, standfirst, byline, dateline_id);
CREATE INDEX article_search_vector_gin ON articles_article USING gin (search_vector);
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS dateline_renamed_in_search ON articles_dateline;
DROP TRIGGER IF EXISTS author_renamed_in_search ON articles_author;
DROP TRIGGER IF EXISTS article_byline_removed ON articles_articleauthor;
DROP TRIGGER IF EXISTS article_byline_changed ON articles_articleauthor;
DROP TRIGGER IF EXISTS article_byline_added ON articles_articleauthor;
DROP TRIGGER IF EXISTS article_search_document ON articles_article;
DROP FUNCTION IF EXISTS articles_renew_credits_of_dateline();
DROP FUNCTION IF EXISTS articles_renew_credits_of_author();
DROP FUNCTION IF EXISTS articles_renew_credits_of_links();
DROP FUNCTION IF EXISTS articles_article_search_document();
DROP FUNCTION IF EXISTS articles_article_credits(bigint, text, text, bigint);
DROP FUNCTION IF EXISTS articles_body_text(text);
"""


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that does nothing on other databases (SQLite has no triggers of this kind)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_live_coverage"),
    ]

    operations = [
        PostgreSQLOnly(
            FUNCTIONS_SQL + TRIGGERS_SQL + BACKFILL_SQL,
            reverse_sql=DROP_SQL,
        ),
    ]
