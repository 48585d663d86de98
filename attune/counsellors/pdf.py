"""The session summary as a PDF, through WeasyPrint, fetching nothing from anywhere."""

from __future__ import annotations


class PdfUnavailable(Exception):
    """WeasyPrint, or the system libraries it draws text with, are not installed here."""


def render_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:
        raise PdfUnavailable("WeasyPrint or the Pango libraries it needs are missing.") from exc

    class FetchNothing(URLFetcher):
        """The summary carries its own style and no images: nothing is fetched, from any host."""

        def fetch(self, url, headers=None):
            raise ValueError(f"the summary fetches nothing ({url})")

    return HTML(string=html, url_fetcher=FetchNothing()).write_pdf()
