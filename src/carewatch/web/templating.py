"""The Jinja2 environment the pages render with: autoescaping on, rating helpers as filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from carewatch.domain.access import Permission, may
from carewatch.domain.dates import duration_in_words
from carewatch.domain.metrics import UnknownMetric, metric
from carewatch.domain.oversight import SEGMENTS_EXPLAINED, segment_meaning
from carewatch.domain.ratings import Aspect, TrustType, UnknownTrustType
from carewatch.web.glossary import term_link
from carewatch.web.identity import Identity, identity_of
from carewatch.web.oversight_display import dates_in_words, nearest_deadline
from carewatch.web.ratings_display import RATING_STYLES, rating_style

__all__ = [
    "TEMPLATES_DIR",
    "cell_for",
    "long_date",
    "make_templates",
    "reads_audit",
    "safe_href",
    "source_name",
    "trust_type_label",
]

TEMPLATES_DIR = Path(__file__).parent / "templates"


def long_date(value: dt.date | None) -> str:
    """A date as GOV.UK and NHS.UK write it: "12 May 2022"; "date not known" for None."""
    if value is None:
        return "date not known"
    return f"{value.day} {value:%B %Y}"


def source_name(url: str) -> str:
    """The site a source link points to, for link text: "www.cqc.org.uk"."""
    return urlsplit(url).hostname or url


def safe_href(url: str | None) -> str:
    """`url` when it is a web address (http or https) a link may point to, else "": a stored
    source or evidence link is never rendered as a `javascript:` or `data:` link.

    >>> safe_href("https://www.cqc.org.uk/provider/RMY"), safe_href("javascript:alert(1)")
    ('https://www.cqc.org.uk/provider/RMY', '')
    """
    if not url:
        return ""
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else ""


def cell_for(cells: Mapping[Aspect, object], aspect: str) -> object | None:
    """The cell for an aspect named by its value ("safe", "well-led", "overall"), or None."""
    return cells.get(Aspect(aspect))


def trust_type_label(value: str | None) -> str:
    """A stored trust type in words: "mental_health" → "Mental health"; "Not known" for None."""
    if value is None:
        return "Not known"
    try:
        return TrustType.parse(value).label
    except UnknownTrustType:
        return value


def month_in_words(value: str) -> str:
    """A "YYYY-MM" month in words, "June 2018"; any other text as it is."""
    try:
        return f"{dt.date.fromisoformat(value + '-01'):%B %Y}"
    except ValueError:
        return value


def metric_name(code: str) -> str:
    """The catalogue's name of a metric, e.g. "Out of area placements active at month end";
    the code itself for one the catalogue does not hold."""
    try:
        return metric(code).name
    except UnknownMetric:
        return code


def reads_audit(who: Identity) -> bool:
    """Whether the audit trail's page is for `who` (an administrator or a regulator), so the
    menu links to it; the audit service decides again when the page is asked for."""
    return may(who.actor, Permission.READ_AUDIT)


def make_templates() -> Jinja2Templates:
    """Build the page templates: HTML autoescaped, undefined names an error, not blank text."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rating_style"] = rating_style
    env.filters["long_date"] = long_date
    env.filters["source_name"] = source_name
    env.filters["safe_href"] = safe_href
    env.filters["cell_for"] = cell_for
    env.filters["trust_type_label"] = trust_type_label
    env.filters["dates_in_words"] = dates_in_words
    env.filters["nearest_deadline"] = nearest_deadline
    env.filters["month_in_words"] = month_in_words
    env.filters["metric_name"] = metric_name
    env.filters["duration"] = duration_in_words
    env.filters["segment_meaning"] = segment_meaning
    env.globals["SEGMENTS_EXPLAINED"] = SEGMENTS_EXPLAINED
    env.globals["RATING_STYLES"] = RATING_STYLES
    env.globals["identity"] = identity_of
    env.globals["reads_audit"] = reads_audit
    env.globals["term"] = term_link
    return Jinja2Templates(env=env)
