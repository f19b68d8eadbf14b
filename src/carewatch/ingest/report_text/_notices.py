"""Read the requirement-notice table ("Regulated activity | Regulation"): one proposed notice
per regulation breached, with its regulated activities, core services and how it was not met.

The table comes as two columns side by side or cell by cell, and its columns may run
together on one line in text taken out of a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from carewatch.domain.oversight.enforcement import FundamentalStandard
from carewatch.ingest.report_text._findings import citation, standard_of
from carewatch.ingest.report_text._headings import (
    MUST_HEADING,
    core_service,
    is_section_end,
    services_of,
    text_key,
)
from carewatch.ingest.report_text._lines import BULLET, Line, join_wrapped, normalise

__all__ = ["REGULATED_ACTIVITIES", "ProposedNotice", "notice_rows"]

REGULATED_ACTIVITIES: tuple[str, ...] = (
    "Assessment or medical treatment for persons detained under the Mental Health Act 1983",
    "Treatment of disease, disorder or injury",
    "Diagnostic and screening procedures",
    "Accommodation for persons who require treatment for substance misuse",
    "Accommodation for persons who require nursing or personal care",
    "Transport services, triage and medical advice provided remotely",
    "Personal care",
    "Nursing care",
    "Surgical procedures",
    "Maternity and midwifery services",
    "Family planning",
    "Termination of pregnancies",
    "Management of supply of blood and blood derived products",
)
"""The regulated activities (SI 2014/2936 Schedule 1) that fill a notice table's first column."""

_NOTICE_REGULATION = re.compile(
    r"\bregulation\s+(?P<num>\d{1,2}[a-z]?)\b(?P<paras>(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)\s*"
    r"(?:of\s+the\s+)?(?:hsca|health\s+and\s+social\s+care\s+act)\s*(?:2008\s*)?"
    r"\(?\s*(?:ra|regulated\s+activities)\s*\)?\s*regulations?\s*(?P<year>2010|2014)\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_NOT_MET = re.compile(r"how\s+the\s+regulation\s+was\s+not\s+being\s+met\s*:?", re.IGNORECASE)


@dataclass(frozen=True)
class ProposedNotice:
    """One row of the requirement-notice table."""

    regulation: FundamentalStandard | None
    cited: str
    line: int
    page: int
    text: str
    title: str = ""  # the regulation's name as the report gives it
    regulated_activities: tuple[str, ...] = ()
    core_services: tuple[str, ...] = ()


def notice_rows(lines: Sequence[Line], vocabulary: set[str]) -> list[ProposedNotice]:
    """Every row of every requirement-notice table in the lines, in order."""
    notices: list[ProposedNotice] = []
    i = 0
    while i < len(lines):
        if text_key(lines[i].text).startswith("regulated activit"):
            i, found = _notice_table(lines, i, vocabulary)
            notices.extend(found)
        else:
            i += 1
    return notices


def _activity(text: str, *, whole_column: bool) -> str | None:
    """The regulated activity a piece of the table's first column belongs to.

    In a two-column layout everything on the left is the first column; read cell by cell, a
    line is taken as an activity only when it is one whole or a three-word piece of one (so
    "treatment", the end of "Safe care and treatment", is not).
    """
    key = text_key(text)
    if not key:
        return None
    for activity in REGULATED_ACTIVITIES:
        whole = text_key(activity)
        if key == whole or (key in whole and (whole_column or len(key.split()) >= 3)):
            return activity
    return None


def _activity_prefix(text: str, carry: str = "") -> tuple[str | None, str, str]:
    """Split a line into the piece of a regulated activity it starts with and the rest, when
    the table's two columns run together; `carry` is the activity's text so far (a cell
    wrapped over lines), returned updated ("" once the activity is complete).

    >>> _activity_prefix("detained under the Mental Health Act 1983 equipment")[:2]
    ('Assessment or medical treatment for persons detained under the Mental Health Act 1983', \
'equipment')
    >>> _activity_prefix("injury respect", carry="Treatment of disease, disorder or")[:2]
    ('Treatment of disease, disorder or injury', 'respect')
    """
    words = text.split()
    for n in range(len(words), 0, -1):
        piece = " ".join(words[:n])
        joined = f"{carry} {piece}" if carry else piece
        key = text_key(joined)
        for activity in REGULATED_ACTIVITIES:
            whole = text_key(activity)
            if key in whole and (carry or n >= 3 or key == whole):
                return activity, " ".join(words[n:]), "" if whole.endswith(key) else joined
    return None, text, ""


@dataclass
class _Row:
    number: str
    cited: str
    year: str
    line: int
    page: int
    rest: str
    service: str | None
    activities: list[str] = field(default_factory=list)


def _notice_table(
    lines: Sequence[Line], start: int, vocabulary: set[str]
) -> tuple[int, list[ProposedNotice]]:
    """Read one table from its header line; return where it ends and its rows."""
    layout = re.search(r"\S\s{3,}(Regulation|Why there is)", lines[start].text)
    split_at = layout.start(1) if layout else None
    # A report that splits its notices by core service names the service above the table.
    section_service = _service_above(lines, start)
    rows: list[_Row] = []
    pending: list[str] = []
    carry = ""
    i = start + 1
    while i < len(lines):
        raw = lines[i].text
        stripped = raw.strip()
        key = text_key(stripped)
        if not stripped or key.startswith("regulated activit") or key == "regulation":
            i += 1
            continue
        if is_section_end(stripped) or MUST_HEADING.match(stripped):
            break
        heading = core_service(stripped) if not raw[:1].isspace() else None
        if heading is not None and not stripped.endswith(":"):
            section_service = heading  # notices grouped under a core service's name
            i += 1
            continue
        left, right = _columns(raw, split_at)
        if left:
            activity = _activity(left, whole_column=True)
            if activity is not None:
                pending.append(activity)
        if not right:
            i += 1
            continue
        activity = None
        if split_at is None:
            # read cell by cell, or the two columns run together on one line
            activity, right, carry = _activity_prefix(right, carry)
            if activity is not None:
                pending.append(activity)
        match = _NOTICE_REGULATION.search(right) if right else None
        if match:
            number, cited = citation(match)
            rows.append(
                _Row(
                    number=number,
                    cited=cited,
                    year=match.group("year"),
                    line=lines[i].number,
                    page=lines[i].page,
                    rest=match.group("rest"),
                    service=section_service,
                )
            )
        elif right and rows:
            rows[-1].rest = join_wrapped(rows[-1].rest, right, vocabulary)
        if rows and pending and (split_at is not None or match):
            rows[-1].activities.extend(pending)
            pending = []
        i += 1
    return i, [_notice(row) for row in rows]


def _service_above(lines: Sequence[Line], start: int) -> str | None:
    """The core service named in the few lines above a table, back to the last bullet."""
    above = [line.text.strip() for line in lines[max(0, start - 6) : start] if line.text.strip()]
    for text in reversed(above):
        if BULLET.match(text):
            return None
        service = core_service(text)
        if service is not None:
            return service
    return None


def _columns(raw: str, split_at: int | None) -> tuple[str, str]:
    """(first column, second column) of a table line; all second column when not laid out."""
    if split_at is None or not raw[:split_at].strip():
        return "", raw.strip()
    gap = re.search(r"\S(\s{3,})\S", raw)
    if gap and abs(gap.end(1) - split_at) <= 12:
        return raw[: gap.start(1) + 1].strip(), raw[gap.end(1) :].strip()
    return raw.strip(), ""


def _notice(row: _Row) -> ProposedNotice:
    standard = standard_of(row.number) if row.year == "2014" else None
    rest = normalise(row.rest)
    label = _NOT_MET.search(rest)
    if label:  # the regulation's name, then "How the regulation was not being met:", then how
        title, rest = rest[: label.start()].strip(), rest[label.end() :]
    elif standard is not None and text_key(rest).startswith(text_key(standard.title)):
        title, rest = standard.title, " ".join(rest.split()[len(standard.title.split()) :])
    else:
        title = ""
    text = normalise(re.sub(r"\s*[•●▪■\uf0b7]\s*", " ", rest))
    services = services_of(row.service, text)
    cited = row.cited
    if row.year != "2014":
        cited += f" of the {row.year} Regulations"
    return ProposedNotice(
        regulation=standard,
        cited=cited,
        title=title,
        line=row.line,
        page=row.page,
        text=text,
        regulated_activities=tuple(dict.fromkeys(row.activities)),
        core_services=services,
    )
