"""Article pages, search and the Atom feed: everything is read from articles loaded at start."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from attune.core.articles import Article, Heading, articles, get_article, related
from attune.core.concepts import ConceptModel, concepts
from attune.library.search import MAX_QUERY_CHARS, search, terms

FEED_ITEMS = 50


@dataclass(frozen=True)
class Topic:
    kind: str
    name: str
    url: str


@dataclass(frozen=True)
class Section:
    heading: Heading
    children: tuple[Heading, ...]


def _get_article(slug: str) -> Article:
    article = get_article(slug)
    if article is None:
        raise Http404("No such article")
    return article


def _topics(article: Article, model: ConceptModel) -> list[Topic]:
    # An id can name a sign and a strategy at once ("support"); the article is about both.
    groups = (
        ("A sign", model.signs, "library-sign"),
        ("A possible cause", model.causes, "library-cause"),
        ("A strategy", model.strategies, "library-strategy"),
    )
    return [
        Topic(kind, group[cid].name, reverse(url_name, args=[cid]))
        for cid in article.concepts
        for kind, group, url_name in groups
        if cid in group
    ]


def _sections(toc: tuple[Heading, ...]) -> list[Section]:
    sections: list[Section] = []
    for heading in toc:
        if heading.level == 2 or not sections:
            sections.append(Section(heading, ()))
        else:
            last = sections[-1]
            sections[-1] = Section(last.heading, last.children + (heading,))
    return sections


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    item = _get_article(slug)
    model = concepts()
    url = request.build_absolute_uri(reverse("library-article", args=[item.slug]))
    mail = urlencode({"subject": item.title, "body": f"{item.summary}\n\n{url}"}, quote_via=quote)
    return render(
        request,
        "library/article.html",
        {
            "article": item,
            "sections": _sections(item.toc),
            "topics": _topics(item, model),
            "activities": [model.activities[a] for a in item.activities],
            "related": related(item),
            "share_url": url,
            "mailto": f"mailto:?{mail}",
        },
    )


@require_GET
def search_articles(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_CHARS]
    searched = bool(terms(query))
    return render(
        request,
        "library/search.html",
        {"q": query, "searched": searched, "hits": search(query) if searched else []},
    )


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    items = articles()[:FEED_ITEMS]
    atom = Atom1Feed(
        title="Attune: articles",
        link=request.build_absolute_uri(reverse("library-index")),
        description="Plain-language articles on emotional intimacy, from Attune.",
        feed_url=request.build_absolute_uri(reverse("library-feed")),
        language="en",
    )
    for item in items:
        url = request.build_absolute_uri(reverse("library-article", args=[item.slug]))
        published = datetime.datetime.combine(item.date, datetime.time(), tzinfo=datetime.UTC)
        atom.add_item(
            title=item.title,
            link=url,
            description=item.summary,
            unique_id=url,
            pubdate=published,
            updateddate=published,
            author_name=item.author,
            categories=item.tags,
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
