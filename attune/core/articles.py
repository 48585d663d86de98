"""Library articles: Markdown files with front matter, rendered and sanitised once at load."""

from __future__ import annotations

import datetime
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import nh3
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from attune.core.concepts import ConceptModel, concepts
from attune.core.content import CONTENT_DIR, ContentError, _Loader, validate

ARTICLE_DIR = CONTENT_DIR / "articles"
WORDS_PER_MINUTE = 200
MIN_SECTIONS = 3
TAKEAWAYS = "Key takeaways"
SOURCES = "Sources"
# Article ids on the page must never collide with the page's own landmarks.
RESERVED_IDS = frozenset(
    {"main", "quick-exit", "contents", "share", "related", "practice", "topics", "articles"}
)

_ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "code", "pre",
    "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}
_WORD = re.compile(r"[\w’']+")
_CONCEPT_LINK = re.compile(r"^/learn/(signs|causes|strategies|activities|articles)/([^/]+)/$")


@dataclass(frozen=True)
class Heading:
    level: int  # 2 for "##", 3 for "###"
    id: str
    text: str


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    tags: tuple[str, ...]
    concepts: tuple[str, ...]
    activities: tuple[str, ...]
    date: datetime.date
    author: str
    html: str  # rendered and sanitised: safe to show as is
    text: str  # the body as plain text, for search and counting
    toc: tuple[Heading, ...]
    words: int
    links: tuple[str, ...] = ()  # every href in the body, as written

    @property
    def minutes(self) -> int:
        """Reading time, at an unhurried 200 words a minute."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


def _markdown() -> MarkdownIt:
    # Raw HTML in the source is not passed through; nh3 cleans what Markdown produces anyway.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def split_front_matter(path: Path | str, text: str) -> tuple[dict, str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ContentError(path, "(front matter)", "the file must start with a line '---'")
    end = text.find("\n---\n", 3)
    if end == -1:
        raise ContentError(path, "(front matter)", "no closing '---' line after the front matter")
    try:
        data = yaml.load(text[4:end], Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise ContentError(path, "(front matter)", f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ContentError(path, "(front matter)", "must be a mapping of fields")
    return data, text[end + 5 :]


def _anchor(text: str, taken: set[str]) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"
    anchor, n = base, 1
    while anchor in taken or anchor in RESERVED_IDS:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _walk(
    path: Path | str, tokens: list[Token]
) -> tuple[tuple[Heading, ...], str, tuple[str, ...]]:
    """Give headings their anchors; collect the table of contents, plain text and links."""
    toc: list[Heading] = []
    text: list[str] = []
    links: list[str] = []
    taken: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
            title = _inline_text(tokens[i + 1]).strip()
            if level == 1:
                raise ContentError(
                    path, "(body)", f"'# {title}': the title comes from the front matter; use '##'"
                )
            anchor = _anchor(title, taken)
            token.attrSet("id", anchor)
            if level <= 3:
                toc.append(Heading(level, anchor, title))
        elif token.type == "inline":
            text.append(_inline_text(token))
            links.extend(
                str(child.attrGet("href"))
                for child in token.children or ()
                if child.type == "link_open"
            )
        elif token.type in ("code_block", "fence"):
            text.append(token.content)
    return tuple(toc), "\n".join(t for t in text if t), tuple(links)


def _check_sections(path: Path | str, toc: tuple[Heading, ...]) -> None:
    sections = [h.text for h in toc if h.level == 2]
    if len(sections) < MIN_SECTIONS:
        raise ContentError(path, "(body)", f"needs at least {MIN_SECTIONS} '##' headings")
    if TAKEAWAYS not in sections:
        raise ContentError(path, "(body)", f"needs a '## {TAKEAWAYS}' section")
    if sections[-1] != SOURCES:
        raise ContentError(path, "(body)", f"the last '##' section must be '## {SOURCES}'")


def _check_references(path: Path | str, data: dict, model: ConceptModel) -> None:
    known = model.signs.keys() | model.causes.keys() | model.strategies.keys()
    for n, concept in enumerate(data["concepts"]):
        if concept not in known:
            raise ContentError(
                path, f"concepts[{n}]", f"unknown sign, cause or strategy {concept!r}"
            )
    for n, activity in enumerate(data["activities"]):
        if activity not in model.activities:
            raise ContentError(path, f"activities[{n}]", f"unknown activity {activity!r}")


def parse_article(
    path: Path | str, source: str, model: ConceptModel | None = None, slug: str | None = None
) -> Article:
    """One article from its file's text; raises ContentError naming the field at fault."""
    model = model or concepts()
    slug = slug or Path(path).stem
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise ContentError(path, "(file name)", f"{slug!r} is not a lower-case slug")
    data, body = split_front_matter(path, source)
    validate(data, "article", path)
    _check_references(path, data, model)
    md = _markdown()
    tokens = md.parse(body)
    toc, text, links = _walk(path, tokens)
    _check_sections(path, toc)
    html = nh3.clean(
        md.renderer.render(tokens, md.options, {}),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )
    return Article(
        slug=slug,
        title=data["title"],
        summary=" ".join(data["summary"].split()),
        tags=tuple(data["tags"]),
        concepts=tuple(data["concepts"]),
        activities=tuple(data["activities"]),
        date=datetime.date.fromisoformat(data["date"]),
        author=data["author"],
        html=html,
        text=text,
        toc=toc,
        words=len(_WORD.findall(text)),
        links=links,
    )


def check_links(path: Path | str, article: Article, slugs: set[str], model: ConceptModel) -> None:
    """Links into the library must name a real article, concept or activity, and anchors a
    heading; other site paths are checked against the URL map by the tests."""
    groups = {
        "signs": ("sign", model.signs),
        "causes": ("cause", model.causes),
        "strategies": ("strategy", model.strategies),
        "activities": ("activity", model.activities),
        "articles": ("article", slugs),
    }
    anchors = {h.id for h in article.toc}
    for href in article.links:
        if href.startswith("#"):
            if href[1:] not in anchors:
                raise ContentError(path, "(body)", f"link {href!r}: no heading has that anchor")
            continue
        match = _CONCEPT_LINK.match(urlsplit(href).path) if href.startswith("/") else None
        if match:
            kind, known = groups[match.group(1)]
            if match.group(2) not in known:
                raise ContentError(path, "(body)", f"link {href!r}: no such {kind}")


def load_articles(
    directory: Path | None = None, model: ConceptModel | None = None
) -> list[Article]:
    """Every article in a folder, checked together (unique titles, links resolve), newest first."""
    directory = directory or ARTICLE_DIR
    model = model or concepts()
    paths = sorted(directory.glob("*.md"))
    found = []
    for path in paths:
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ContentError(path, "(file)", f"cannot read: {exc}") from exc
        found.append(parse_article(path, source, model))
    titles: dict[str, Path] = {}
    slugs = {a.slug for a in found}
    for path, article in zip(paths, found, strict=True):
        key = article.title.casefold()
        if key in titles:
            raise ContentError(path, "title", f"the same title as {titles[key].name}")
        titles[key] = path
        check_links(path, article, slugs, model)
    return sorted(found, key=lambda a: (a.date, a.slug), reverse=True)


@cache
def _shipped() -> tuple[Article, ...]:
    return tuple(load_articles())


def articles() -> list[Article]:
    """The shipped articles, newest first, loaded and rendered once per process."""
    return list(_shipped())


@cache
def _by_slug() -> dict[str, Article]:
    return {a.slug: a for a in _shipped()}


def get_article(slug: str) -> Article | None:
    """The shipped article with this slug, or None."""
    return _by_slug().get(slug)


def clear_cache() -> None:
    """Forget the loaded articles (tests point ARTICLE_DIR elsewhere)."""
    _shipped.cache_clear()
    _by_slug.cache_clear()
    _related.cache_clear()


def related_to(article: Article, pool: Iterable[Article], limit: int = 3) -> list[Article]:
    """Articles sharing concepts (worth two) and tags (worth one) with this one, best first;
    ties go to the newer article."""
    concepts_, tags = set(article.concepts), set(article.tags)
    scored = []
    for other in pool:
        if other.slug == article.slug:
            continue
        score = 2 * len(concepts_ & set(other.concepts)) + len(tags & set(other.tags))
        if score:
            scored.append((-score, -other.date.toordinal(), other.slug, other))
    return [entry[-1] for entry in sorted(scored)[:limit]]


@cache
def _related(slug: str, limit: int) -> tuple[Article, ...]:
    article = _by_slug()[slug]
    return tuple(related_to(article, _shipped(), limit))


def related(article: Article, limit: int = 3) -> list[Article]:
    """related_to() over the shipped articles, computed once per article."""
    return list(_related(article.slug, limit))


def tags_of(items: Sequence[Article]) -> list[tuple[str, int]]:
    """Each tag with how many of these articles carry it, most used first."""
    counts: dict[str, int] = {}
    for article in items:
        for tag in article.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def content_hash(items: Iterable[Article]) -> str:
    """A fingerprint of everything the search index holds, to rebuild it only on change."""
    digest = hashlib.sha256(b"attune-articles-1")
    for a in sorted(items, key=lambda a: a.slug):
        for part in (a.slug, a.title, a.summary, " ".join(a.tags), a.text):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
    return digest.hexdigest()
