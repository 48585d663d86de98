"""`attune manage index_articles`: rebuild the search index from the article files."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from attune.core.articles import articles
from attune.core.content import ContentError
from attune.library.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the article search index from attune/content/articles/*.md. Does nothing when "
        "the articles are unchanged since the last build (a hash is kept with the index), "
        "unless --force. Stops, changing nothing, if any article is invalid."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="rebuild even if unchanged")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, force: bool = False, database: str = "default", **options) -> None:
        try:
            items = articles()
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        if rebuild_index(items, using=database, force=force):
            self.stdout.write(f"indexed {len(items)} articles")
        else:
            self.stdout.write(f"index already current ({len(items)} articles)")
