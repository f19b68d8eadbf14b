"""Oversight in words for the pages: a regime as a sentence, timeline kinds as tags, and the
timeline's filters read from a GET form.

>>> KIND_TAGS[EventKind.REGIME_ENTERED]
'red'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from carewatch.domain.oversight import (
    BY_INTERVENTION,
    RSP_START,
    EventKind,
    OversightStatus,
    Regime,
    segment_meaning,
)
from carewatch.domain.oversight.league import LeaguePlace
from carewatch.web.dates import parse_date

__all__ = [
    "KIND_TAGS",
    "REGIME_ORDER",
    "TimelineFilters",
    "dates_in_words",
    "long_date",
    "nearest_deadline",
    "read_filters",
    "regime_sentence",
]

KIND_TAGS: Mapping[EventKind, str] = {
    EventKind.RATING_PUBLISHED: "blue",
    EventKind.REGIME_ENTERED: "red",
    EventKind.REGIME_EXITED: "green",
    EventKind.REGIME_RETAINED: "orange",
    EventKind.SEGMENT_CHANGED: "purple",
    EventKind.ENFORCEMENT_ISSUED: "red",
    EventKind.ENFORCEMENT_CLOSED: "grey",
    EventKind.ESCALATION: "orange",
    EventKind.MEETING: "aqua-green",
    EventKind.COMMITMENT_DUE: "yellow",
    EventKind.COMMITMENT_KEPT: "green",
    EventKind.COMMITMENT_BROKEN: "red",
    EventKind.INCIDENT: "pink",
}
"""The NHS.UK tag colour of each kind; the tag's words (`EventKind.label`) always say the kind
too."""

REGIME_ORDER: Sequence[Regime] = BY_INTERVENTION
"""Regimes from the most intervention to the least, the order of the national list."""


def long_date(value: dt.date) -> str:
    """ "4 February 2015", as NHS.UK writes dates."""
    return f"{value.day} {value:%B %Y}"


def regime_sentence(status: OversightStatus, latest: LeaguePlace | None = None) -> str:
    """The trust's regime on the status date, in words; with no regime decision recorded,
    the segment NHS England last published for it (`latest`), so that a trust in segment 4
    is never shown as simply in "no special regime".

    >>> from carewatch.domain.oversight import OversightStatus
    >>> s = OversightStatus(dt.date(2016, 1, 1), Regime.QUALITY_SPECIAL_MEASURES,
    ...     dt.date(2015, 2, 4), None, 1, 331, 331, None, "", (), ())
    >>> regime_sentence(s)
    'In quality special measures since 4 February 2015'
    """
    regime, since = status.regime, status.since
    if regime is Regime.NONE:
        if since is not None:
            words = f"No special regime since {long_date(since)}"
        else:
            words = "No regime decision recorded"
        if latest is None:
            return words
        entry = latest.entry
        meaning = segment_meaning(entry.segment, entry.quarter.end)
        return (
            f"{words}; NHS England's latest segment for it is {entry.segment} "
            f"({entry.quarter.label}): {meaning}"
        )
    label = regime.label
    words = f"In {label}" if label.startswith("NHS") else f"In {label[0].lower()}{label[1:]}"
    if regime is Regime.SEGMENT_4 and status.as_of >= RSP_START:
        words += " (the Recovery Support Programme)"
    return words if since is None else f"{words} since {long_date(since)}"


@dataclass(frozen=True)
class TimelineFilters:
    """The timeline filters a person chose, and any mistakes in them (field → message)."""

    kinds: tuple[EventKind, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    raw: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.kinds or self.start or self.end or self.as_of)

    def wants(self, kind: EventKind) -> bool:
        """Whether events of `kind` are shown (all kinds when none is ticked)."""
        return not self.kinds or kind in self.kinds

    def query(self) -> str:
        """These filters as a query string, blanks left out."""
        pairs = [("kind", k.value) for k in self.kinds]
        pairs += [(name, value) for name, value in self.raw.items() if value]
        return urlencode(pairs)


_DATE_FIELDS = {"from": "From date", "to": "To date", "as_of": "Status as of"}
MAX_FIELD = 30
"""Longer than any date a person would type; longer text is refused, not parsed."""


def _date(name: str, text: str, errors: dict[str, str]) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        if len(text) > MAX_FIELD:
            raise ValueError(text)
        return parse_date(text)
    except ValueError:
        errors[name] = f"{_DATE_FIELDS[name]} must be a real date, like 23 November 2018"
        return None


def read_filters(*, kinds: Sequence[str], start: str, end: str, as_of: str) -> TimelineFilters:
    """The filters from the form's values; a value that is not a date or a kind is an error
    for that field (shown in an error summary), never a failure of the page."""
    errors: dict[str, str] = {}
    chosen: list[EventKind] = []
    for text in kinds:
        try:
            kind = EventKind(text)
        except ValueError:
            errors["kind"] = "Choose kinds of event from the list"
            continue
        if kind not in chosen:
            chosen.append(kind)
    first = _date("from", start, errors)
    last = _date("to", end, errors)
    when = _date("as_of", as_of, errors)
    if first and last and first > last:
        errors["to"] = "To date must be the same as or after the from date"
    raw = {"from": start.strip(), "to": end.strip(), "as_of": as_of.strip()}
    raw = {k: v[:MAX_FIELD] for k, v in raw.items()}
    return TimelineFilters(tuple(chosen), first, last, when, raw, errors)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def dates_in_words(text: str) -> str:
    """`text` with each ISO date written as NHS.UK writes dates.

    >>> dates_in_words("12 months after entry to special measures on 2015-02-04")
    '12 months after entry to special measures on 4 February 2015'
    """

    def words(match: re.Match[str]) -> str:
        try:
            return long_date(dt.date.fromisoformat(match.group(0)))
        except ValueError:
            return match.group(0)

    return _ISO_DATE.sub(words, text)


def nearest_deadline(status: OversightStatus) -> dt.date | None:
    """The earliest pending deadline of the open enforcement actions, or None."""
    deadlines = [d for action in status.open_enforcement for d in action.deadlines]
    return min(deadlines, default=None)
