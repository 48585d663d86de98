"""Full-text search over the articles: SQLite FTS5 by default, PostgreSQL full-text search there.

The index is rebuilt from the article files only when their content changed (a hash kept beside
it), at start-up (after `migrate`, which `attune serve` runs) and by `attune manage
index_articles`; never per request.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from attune.core.articles import Article, articles, content_hash
from attune.core.content import ContentError

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
RESULTS = 10
HASH_KEY = "content_hash"
# Snippet markers: control characters never present in the indexed text (stripped below),
# so after escaping everything the only tags on the page are our own <mark>s.
START, STOP = "\x01", "\x02"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TERM = re.compile(r"\w+")
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")

# Ranking comes in two tiers, which keeps a search fast with thousands of articles: articles
# whose title, tags or summary match come first (title weighs most), ranked among themselves;
# only if they are fewer than a page are the rest ranked by the whole text. Each tier ranks at
# most CANDIDATES matches, the newest (articles are indexed newest first): ranking reads every
# candidate's text, and a word found in thousands of articles says little about which is best.
# Snippets are built for the rows shown only. FTS5 columns: slug, title, tags, summary, body.
CANDIDATES = 200
# FTS5 narrows a match to a rowid range itself, so the newest candidates are "rowid <= the
# rowid of the CANDIDATES-th match".
_SQLITE_BOUND = (
    "SELECT rowid FROM library_search WHERE library_search MATCH %s "
    "ORDER BY rowid LIMIT 1 OFFSET %s"
)
_SQLITE_RANK = (
    "SELECT rowid FROM library_search WHERE library_search MATCH %s AND rowid <= %s "
    "AND rowid NOT IN ({}) "
    "ORDER BY bm25(library_search, 0.0, 10.0, 4.0, 3.0, 1.0), rowid LIMIT %s"
)
_SQLITE_SHOW = (
    "SELECT rowid, slug, title, summary, snippet(library_search, 4, char(1), char(2), '…', 24) "
    "FROM library_search WHERE library_search MATCH %s AND rowid IN ({})"
)
_POSTGRES_RANK = (
    "SELECT slug FROM ("
    " SELECT slug, {vector} AS vector FROM library_search"
    " WHERE {vector} @@ websearch_to_tsquery('english', %s) AND NOT (slug = ANY(%s))"
    " ORDER BY position LIMIT %s"
    ") AS candidates "
    "ORDER BY ts_rank(vector, websearch_to_tsquery('english', %s)) DESC, slug LIMIT %s"
)
_POSTGRES_SHOW = (
    "SELECT slug, slug, title, summary, "
    "ts_headline('english', body, websearch_to_tsquery('english', %s), %s) "
    "FROM library_search WHERE slug = ANY(%s)"
)
_HEADLINE_OPTIONS = f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=15'
_POSTGRES_INSERT = (
    "INSERT INTO library_search (position, slug, title, tags, summary, body, head, document) "
    "SELECT position, slug, title, tags, summary, body, head, "
    "head || setweight(to_tsvector('english', plain), 'D') FROM ("
    " SELECT %s AS position, %s AS slug, %s AS title, %s AS tags, %s AS summary, %s AS body,"
    " setweight(to_tsvector('english', %s), 'A') ||"
    " setweight(to_tsvector('english', %s), 'B') ||"
    " setweight(to_tsvector('english', %s), 'C') AS head, %s::text AS plain"
    ") AS article"
)


@dataclass(frozen=True)
class Hit:
    slug: str
    title: str
    summary: str
    snippet: SafeString  # escaped text with <mark> around the matched words


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def _unaccented(text: str) -> str:
    # PostgreSQL's "english" configuration keeps accents (FTS5 removes them): strip them on both
    # sides here rather than need the unaccent extension.
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def highlight(raw: str) -> SafeString:
    """Escape a snippet completely, then turn only our own markers into <mark> tags."""
    marked = _MARKED.sub(lambda m: f"<mark>{m.group(1)}</mark>", escape(raw))
    return mark_safe(marked.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


def terms(query: str) -> list[str]:
    """The words of a query, as the index sees them: everything else is dropped."""
    return _TERM.findall(_clean(query)[:MAX_QUERY_CHARS])[:MAX_TERMS]


def _alias(using: str | None) -> str:
    return using or "default"


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def _sqlite_search(cursor, match: str, limit: int) -> list[tuple]:
    order: list[int] = []
    for tier in (f"{{title tags summary}} : ({match})", match):
        if len(order) >= limit:
            break
        cursor.execute(_SQLITE_BOUND, [tier, CANDIDATES - 1])
        bound = cursor.fetchone()
        # SQLite accepts "NOT IN ()".
        cursor.execute(
            _SQLITE_RANK.format(_placeholders(len(order))),
            [tier, bound[0] if bound else 2**62, *order, limit - len(order)],
        )
        order += [row[0] for row in cursor.fetchall()]
    if not order:
        return []
    cursor.execute(_SQLITE_SHOW.format(_placeholders(len(order))), [match, *order])
    return _in_order(order, cursor.fetchall())


def _postgres_search(cursor, tsquery: str, limit: int) -> list[tuple]:
    order: list[str] = []
    for vector in ("head", "document"):
        if len(order) < limit:
            cursor.execute(
                _POSTGRES_RANK.format(vector=vector),
                [tsquery, order, CANDIDATES, tsquery, limit - len(order)],
            )
            order += [row[0] for row in cursor.fetchall()]
    if not order:
        return []
    cursor.execute(_POSTGRES_SHOW, [tsquery, _HEADLINE_OPTIONS, order])
    return _in_order(order, cursor.fetchall())


def _in_order(order: list, rows: list[tuple]) -> list[tuple]:
    by_key = {row[0]: row[1:] for row in rows}
    return [by_key[key] for key in order if key in by_key]


def search(query: str, limit: int = RESULTS, using: str | None = None) -> list[Hit]:
    """Articles matching every word, best first; if none do, those matching any word."""
    words = terms(query)
    if not words:
        return []
    connection = connections[_alias(using)]
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = _unaccented(" ".join(_clean(query)[:MAX_QUERY_CHARS].split()))
            for tsquery in (raw, _unaccented(" or ".join(words))):
                rows = _postgres_search(cursor, tsquery, limit)
                if rows:
                    break
        else:
            # Each word quoted: FTS5 query syntax (NEAR, AND, "*", ":") is never interpreted.
            quoted = [f'"{w}"' for w in words]
            for match in (" ".join(quoted), " OR ".join(quoted)):
                rows = _sqlite_search(cursor, match, limit)
                if rows:
                    break
    return [Hit(slug, title, summary, highlight(snippet)) for slug, title, summary, snippet in rows]


def _stored_hash(cursor) -> str | None:
    cursor.execute("SELECT value FROM library_search_meta WHERE key = %s", [HASH_KEY])
    row = cursor.fetchone()
    return row[0] if row else None


def _write(cursor, vendor: str, items: Sequence[Article], digest: str) -> None:
    cursor.execute("DELETE FROM library_search")
    rows = [
        (a.slug, _clean(a.title), " ".join(a.tags), _clean(a.summary), _clean(a.text))
        for a in items
    ]
    if vendor == "postgresql":
        cursor.executemany(
            _POSTGRES_INSERT,
            [(n, *row, *(_unaccented(part) for part in row[1:])) for n, row in enumerate(rows)],
        )
        # Merge the GIN indexes' pending lists and refresh the statistics, or the planner
        # reads every row's text instead of using the indexes.
        for index in ("library_search_head", "library_search_document"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE library_search")
    else:
        cursor.executemany(
            "INSERT INTO library_search (slug, title, tags, summary, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )
    cursor.execute("DELETE FROM library_search_meta WHERE key = %s", [HASH_KEY])
    cursor.execute(
        "INSERT INTO library_search_meta (key, value) VALUES (%s, %s)", [HASH_KEY, digest]
    )


def rebuild_index(
    items: Sequence[Article] | None = None, using: str | None = None, force: bool = True
) -> bool:
    """Rebuild the index from these articles (the shipped ones by default); with force=False,
    only when their hash differs from the one stored. Returns whether it rebuilt."""
    items = articles() if items is None else items
    digest = content_hash(items)
    alias = _alias(using)
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Two processes starting together: the second waits, then finds the index current.
            cursor.execute("LOCK TABLE library_search_meta IN EXCLUSIVE MODE")
        if not force and _stored_hash(cursor) == digest:
            return False
        _write(cursor, connection.vendor, items, digest)
    return True


def ensure_index(using: str | None = None) -> bool:
    """Rebuild the index if the shipped articles changed since it was built."""
    return rebuild_index(using=using, force=False)


def index_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate hook: `attune serve` migrates at start-up, so the index is current."""
    if not router.allow_migrate(using, "library"):
        return
    if "library_search_meta" not in connections[using].introspection.table_names():
        return
    try:
        if ensure_index(using=using):
            log.info("library: search index rebuilt")
    except ContentError as exc:
        # `attune check` and the system check report bad content; a migration must not fail.
        log.warning("library: search index not rebuilt: %s", exc)
