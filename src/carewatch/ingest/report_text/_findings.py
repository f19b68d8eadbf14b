"""Read the "Action the trust MUST take to improve" and "... SHOULD take to improve" sections:
each bullet becomes a proposed finding with the core service and key question it sits under and
the regulation it cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from carewatch.domain.oversight.enforcement import FundamentalStandard, UnknownFundamentalStandard
from carewatch.domain.ratings import KeyQuestion
from carewatch.ingest.report_text._headings import (
    MUST_HEADING,
    SHOULD_HEADING,
    TRUST_WIDE,
    core_service,
    is_section_end,
    key_question_heading,
    key_question_named,
    services_of,
    text_key,
)
from carewatch.ingest.report_text._lines import BULLET, Item, is_heading_like, normalise

__all__ = ["MUST_DO", "SHOULD_DO", "ProposedFinding", "citation", "section_findings", "standard_of"]

MUST_DO = "must_do"
SHOULD_DO = "should_do"

_KQ_TAG = re.compile(r"\((?P<kq>safe|effective|caring|responsive|well[\s-]?led)\)", re.IGNORECASE)
_CITATION = re.compile(
    r"\breg(?:ulation)?s?\.?\s*(?P<nums>\d{1,2}[a-z]?(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*"
    r"(?:\s*(?:,|and|&)\s*\d{1,2}[a-z]?(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)*)(?![0-9a-z])",
    re.IGNORECASE,
)
_ONE_CITATION = re.compile(
    r"(?P<num>\d{1,2}[a-z]?)(?P<paras>(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)", re.I
)


@dataclass(frozen=True)
class ProposedFinding:
    """One finding the report seems to make, for a person to confirm or correct.

    `line` is the 1-based line of the text where its words start (for a PDF, of the text
    extracted from it) and `page` the page it is on. `regulation_basis` says where the
    regulation came from: "stated" (cited in the finding), "requirement notice" (taken from
    the notice with the most words in common) or None (not found). `source` is the part of
    the report it was read from.
    """

    kind: str
    text: str
    line: int
    page: int
    core_services: tuple[str, ...] = ()
    key_question: KeyQuestion | None = None
    regulation: FundamentalStandard | None = None
    cited: str | None = None
    regulation_basis: str | None = None
    source: str = "must section"
    notice_line: int | None = None


@dataclass
class _Context:
    kind: str
    core_service: str | None = None
    key_question: KeyQuestion | None = None
    seen_bullet: bool = False
    prose_run: int = 0


def _section_heading(items: Sequence[Item], i: int) -> tuple[str | None, int]:
    """(kind, items used) if item i starts a MUST or SHOULD section."""
    text = items[i].text
    if items[i].kind != "line":
        return None, 0
    following = items[i + 1] if i + 1 < len(items) else None
    joined = text
    used = 1
    if (
        following is not None
        and following.kind == "line"
        and following.text[:1].islower()
        and len(following.text.split()) <= 4
    ):
        joined = f"{text} {following.text}"
        used = 2
    for candidate, n in ((joined, used), (text, 1)):
        if MUST_HEADING.match(candidate):
            return MUST_DO, n
        if SHOULD_HEADING.match(candidate):
            return SHOULD_DO, n
    return None, 0


def section_findings(items: Sequence[Item]) -> list[ProposedFinding]:
    """A finding for each bullet of every MUST and SHOULD section, in the report's order."""
    findings: list[ProposedFinding] = []
    context: _Context | None = None
    i = 0
    while i < len(items):
        item = items[i]
        kind, used = _section_heading(items, i)
        if kind is not None:
            context = _Context(kind)
            i += used
            continue
        if context is None:
            i += 1
            continue
        if item.kind == "bullet":
            findings.append(_finding(item, context))
            context.seen_bullet = True
            context.prose_run = 0
            i += 1
            continue
        heading, used = _heading(items, i)
        if heading == "end":
            context = None
        elif heading == "service":
            context.core_service = core_service(_joined(items, i, used))
            context.key_question = None
        elif heading == "trust":
            context.core_service = None
            context.key_question = None
        elif heading == "kq":
            context.key_question = key_question_heading(item.text)
        else:
            context.prose_run += 1
            if context.seen_bullet and context.prose_run >= 6:
                context = None
        i += max(used, 1)
    return findings


def _joined(items: Sequence[Item], i: int, used: int) -> str:
    return " ".join(item.text for item in items[i : i + used])


def _heading(items: Sequence[Item], i: int) -> tuple[str | None, int]:
    """What line i is inside a section: "end", "service", "trust", "kq" or None (prose)."""
    text = items[i].text
    nxt = items[i + 1] if i + 1 < len(items) else None
    if is_section_end(text):
        return "end", 1
    if text_key(text) in TRUST_WIDE:
        return "trust", 1
    if key_question_heading(text):
        return "kq", 1
    if (
        nxt is not None
        and nxt.kind == "line"
        and is_heading_like(text)
        and core_service(f"{text} {nxt.text}")
    ):
        return "service", 2
    if core_service(text):
        return "service", 1
    return None, 1


def _finding(item: Item, context: _Context) -> ProposedFinding:
    text = _strip_bullet_mark(item.text)
    numbers = _cited_numbers(text)
    regulation, cited = _first_standard(numbers)
    services = services_of(context.core_service, text)
    tag = _KQ_TAG.search(text)
    key_question = key_question_named(tag.group("kq")) if tag else context.key_question
    return ProposedFinding(
        kind=context.kind,
        text=text,
        line=item.number,
        page=item.page,
        core_services=services,
        key_question=key_question,
        regulation=regulation,
        cited=cited,
        regulation_basis="stated" if numbers else None,
        source="must section" if context.kind == MUST_DO else "should section",
    )


def _strip_bullet_mark(text: str) -> str:
    match = BULLET.match(text)
    return normalise(match.group("rest")) if match else text


def _cited_numbers(text: str) -> list[tuple[str, str]]:
    """(regulation number, citation as written) for each regulation the text cites."""
    out: list[tuple[str, str]] = []
    for match in _CITATION.finditer(text):
        out.extend(citation(one) for one in _ONE_CITATION.finditer(match.group("nums")))
    return out


def citation(match: re.Match[str]) -> tuple[str, str]:
    """(regulation number, citation as written) of a match with groups `num` and `paras`:
    ("12", "Regulation 12(2)(a)") for "12 (2)(a)"."""
    number = match.group("num").upper()
    paras = re.sub(r"\s+", "", match.group("paras"))
    return number, f"Regulation {number}{paras}"


def standard_of(number: str) -> FundamentalStandard | None:
    """The fundamental standard a regulation number ("12", "20A") names, or None."""
    try:
        return FundamentalStandard.parse(number)
    except UnknownFundamentalStandard:
        return None


def _first_standard(
    numbers: Sequence[tuple[str, str]],
) -> tuple[FundamentalStandard | None, str | None]:
    if not numbers:
        return None, None
    cited = "; ".join(c for _, c in numbers)
    for number, _ in numbers:
        standard = standard_of(number)
        if standard is not None:
            return standard, cited
    return None, cited
