"""The article search index: SQLite FTS5, or a table with tsvector columns (the title, tags and
summary alone, and the whole article) and GIN indexes on PostgreSQL.

No Django models: the tables hold only what `attune.library.search` rebuilds from the files.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE library_search USING fts5("
    "slug UNINDEXED, title, tags, summary, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TABLE library_search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]
POSTGRESQL = [
    "CREATE TABLE library_search ("
    "slug text PRIMARY KEY, position integer NOT NULL, title text NOT NULL, tags text NOT NULL, summary text NOT NULL, "
    "body text NOT NULL, head tsvector NOT NULL, document tsvector NOT NULL)",
    "CREATE INDEX library_search_position ON library_search (position)",
    "CREATE INDEX library_search_head ON library_search USING GIN (head)",
    "CREATE INDEX library_search_document ON library_search USING GIN (document)",
    "CREATE TABLE library_search_meta (key text PRIMARY KEY, value text NOT NULL)",
]
DROP = ["DROP TABLE library_search_meta", "DROP TABLE library_search"]


class RunSQLOn(migrations.RunSQL):
    """RunSQL for one database vendor only; other vendors skip it."""

    def __init__(self, vendor: str, sql: list[str], reverse_sql: list[str]) -> None:
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        RunSQLOn("sqlite", SQLITE, DROP),
        RunSQLOn("postgresql", POSTGRESQL, DROP),
    ]
