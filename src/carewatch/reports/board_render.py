"""The board report as HTML (the package's own Jinja templates) and as a PDF (WeasyPrint).

The HTML is one document: its stylesheet inline, its charts and icons inline SVG, so a
saved copy shows the same on any machine. A page served under a Content Security Policy
that forbids inline styles links the same stylesheet instead (`stylesheet_href`).

The PDF is laid out by WeasyPrint from that HTML (docs/adr/0014): CSS paged media gives the
running header and footer (trust, data version, sources, page X of Y) and the contents'
page numbers (`target-counter`). Nothing is fetched: the URL fetcher allows `data:` URLs
only (the report has none today) and any other URL stops the rendering, so a report can
never reach the network or the disk, whatever its text holds. Fonts are the system's
(DejaVu and Liberation on Debian).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from carewatch.reports.board_sections import BoardReport

__all__ = ["STYLESHEET", "board_html", "board_pdf", "html_to_pdf", "stylesheet"]

STYLESHEET = "board/board.css"


def _long_date(day: dt.date | None) -> str:
    """A date as the report writes it: 30 June 2022.

    >>> _long_date(dt.date(2022, 6, 3))
    '3 June 2022'
    """
    return "" if day is None else f"{day.day} {day:%B %Y}"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("carewatch.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = _long_date
    return env


@cache
def stylesheet() -> str:
    """The report's stylesheet (screen and print)."""
    return (
        resources.files("carewatch.reports")
        .joinpath("templates", *STYLESHEET.split("/"))
        .read_text(encoding="utf-8")
    )


def board_html(report: BoardReport, *, stylesheet_href: str | None = None) -> str:
    """The report as one HTML document: the stylesheet inline, or linked from
    `stylesheet_href` (for a page whose Content Security Policy forbids inline styles)."""
    return (
        _environment()
        .get_template("board/report.html")
        .render(
            report=report,
            css=None if stylesheet_href else stylesheet(),
            stylesheet_href=stylesheet_href,
        )
    )


def _refusing_fetcher() -> object:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), fail_on_errors=True)


def html_to_pdf(html: str) -> bytes:
    """`html` laid out as pages by WeasyPrint, fetching nothing: a URL other than `data:`
    raises `weasyprint.urls.FatalURLFetchingError` and no PDF is made."""
    # WeasyPrint (with Pango and its fonts) loads only when a PDF is asked for.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=_refusing_fetcher()).write_pdf()
    return pdf


def board_pdf(report: BoardReport) -> bytes:
    """The report as a PDF."""
    return html_to_pdf(board_html(report))
