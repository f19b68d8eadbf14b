"""Clean the text of a report into its own lines and items.

Page furniture goes (form feeds, page numbers, "<trust> Inspection report 15/01/2020" footers,
running headers repeated at page edges); a word split by a hyphen at a line end is mended;
bullets wrapped over several lines, or across a page break, are rejoined into one item, and a
finding printed without its bullet mark is found by its words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carewatch.ingest.report_text._headings import (
    MUST_HEADING,
    SHOULD_HEADING,
    TRUST_WIDE,
    core_service,
    is_section_end,
    key_question_heading,
    text_key,
)

__all__ = [
    "BULLET",
    "Item",
    "Line",
    "drop_furniture",
    "is_heading_like",
    "items_of",
    "join_wrapped",
    "normalise",
    "vocabulary_of",
]

_RUNNING_HEADERS = {
    "summary of findings",
    "our findings",
    "detailed findings",
    "requirement notices",
    "enforcement actions",
    "this section is primarily information for the provider",
}

BULLET = re.compile(r"^\s*(?P<mark>[•●▪■◦∙·\uf0b7*]|[-–](?=\s))\s*(?P<rest>.*)$")
_SUB_BULLET = re.compile(r"^\s*(?P<mark>o|◦|[-–])\s+(?P<rest>.*)$")
_MARKLESS = re.compile(
    r"^(?:the\s+)?(?:trust|provider|service|hospital|wards?|teams?|managers?|staff|leaders?|"
    r"board)\b[^.]{0,80}?\b(?:must|should)\b",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.IGNORECASE)
_FOOTER = re.compile(
    r"^\s*(?:\d{1,4}\s+)?.{3,160}?\b(?:quality|inspection|evidence\s+appendix|provider)\s+"
    r"report\s+\d{1,2}/\d{1,2}/\d{2,4}(?:\s+\d{1,4})?\s*$",
    re.IGNORECASE,
)
_TERMINAL = (".", ")", "?", "!", ";", '."', ".'", ".”")
# A word split at a hyphen after one of these keeps its hyphen (well-led, health-based).
_COMPOUND_PREFIXES = frozenset(
    {"well", "self", "health", "non", "out", "of", "long", "short", "one", "two", "three"}
    | {"high", "low", "face", "follow", "mixed", "part", "full", "ex", "anti", "all", "ill"}
    | {"co", "multi", "cross", "up", "person", "evidence", "risk", "place", "bed"}
)


@dataclass(frozen=True)
class Line:
    """A line of the report's own text, numbered as in the whole text, with its page."""

    number: int
    page: int
    text: str
    after_break: bool = False  # a page break (or dropped furniture) lies between it and the last


@dataclass
class Item:
    """A bullet (rejoined) or a single line of prose or heading."""

    kind: str  # "bullet" or "line"
    text: str
    number: int
    page: int
    has_subs: bool = False


# ---------------------------------------------------------------------------------------------
# Lines and page furniture


def normalise(text: str) -> str:
    """The text with compatibility characters folded (NFKC), soft hyphens dropped and each run
    of spaces one space, trimmed."""
    return re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", _fold_characters(text)).strip()


def _fold_characters(text: str) -> str:
    """Compatibility characters folded (NFKC: ligatures, non-breaking spaces) and soft
    hyphens dropped."""
    return unicodedata.normalize("NFKC", text).replace("\xad", "")


def _physical_lines(text: str) -> list[tuple[int, int, str, bool]]:
    """(line number, page, raw text, starts a page) for each line. Form feeds start pages;
    a text without them (copied out of a viewer) is paged by its footers."""
    out: list[tuple[int, int, str, bool]] = []
    by_footer = "\f" not in text
    page = 1
    # str.splitlines() would also split at form feeds and shift every line number after one.
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        breaks = raw.count("\f")
        page += breaks
        out.append((number, page, raw.replace("\f", ""), breaks > 0))
        if by_footer and _FOOTER.match(normalise(raw)):
            page += 1
    return out


def _is_footer(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text) or _FOOTER.match(text))


def drop_furniture(text: str) -> list[Line]:
    """Keep the report's own lines; drop page numbers, footers and running headers."""
    lines = _physical_lines(text)
    footers = [i for i, (_, _, raw, _) in enumerate(lines) if _is_footer(normalise(raw))]
    boundaries = [i for i, (_, _, _, starts) in enumerate(lines) if starts] + footers
    edge_positions = {
        i: text_key(lines[i][2]) for b in boundaries for i in _nonblank_near(lines, b)
    }
    edge = Counter(edge_positions.values())
    dropped = set(footers)
    for i, key in edge_positions.items():
        text = normalise(lines[i][2])
        if key in _RUNNING_HEADERS or (edge[key] >= 2 and _may_repeat_at_edges(text)):
            dropped.add(i)
    kept: list[Line] = []
    pending_break = False
    for i, (number, page, raw, starts) in enumerate(lines):
        if starts:
            pending_break = True
        if i in dropped:
            pending_break = True
            continue
        kept.append(Line(number, page, _rstrip_keep_indent(raw), pending_break))
        if raw.strip():
            pending_break = False
    return kept


def _may_repeat_at_edges(text: str) -> bool:
    """A line seen at two page edges is a running header unless it is the report's own
    heading or bullet (a core service can head both the MUST and the SHOULD lists)."""
    return (
        0 < len(text) <= 80
        and not BULLET.match(text)
        and core_service(text) is None
        and key_question_heading(text) is None
        and text_key(text) not in TRUST_WIDE
        and not MUST_HEADING.match(text)
        and not SHOULD_HEADING.match(text)
    )


def _rstrip_keep_indent(raw: str) -> str:
    return _fold_characters(raw).replace("\u00a0", " ").rstrip()


def _nonblank_near(lines: Sequence[tuple[int, int, str, bool]], b: int) -> Iterable[int]:
    """Indexes of the two non-blank lines either side of a page boundary at `b`."""
    after = [i for i in range(b, min(len(lines), b + 8)) if lines[i][2].strip()][:2]
    before = [i for i in range(b - 1, max(-1, b - 8), -1) if lines[i][2].strip()][:2]
    return [*before, *after]


# ---------------------------------------------------------------------------------------------
# Joining wrapped lines


def join_wrapped(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two wrapped pieces of one sentence, mending a word split by a hyphen."""
    left = left.rstrip()
    right = right.strip()
    if not left:
        return right
    hyphen = re.search(r"([A-Za-z]+(?:-[A-Za-z]+)*)-$", left)
    if hyphen and right[:1].islower():
        head = hyphen.group(1)
        tail = re.match(r"[a-z]+", right)
        tail_word = tail.group(0) if tail else ""
        last = head.split("-")[-1].lower()
        kept = f"{head}-{tail_word}".lower()
        if kept in vocabulary or last in _COMPOUND_PREFIXES:
            return left + right
        return left[:-1] + right
    return f"{left} {right}"


def vocabulary_of(lines: Iterable[Line]) -> set[str]:
    """Hyphenated words written whole on one line somewhere in the document."""
    words: set[str] = set()
    for line in lines:
        words.update(
            m.lower() for m in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+(?=[^-A-Za-z]|$)", line.text)
        )
    return words


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def is_heading_like(text: str) -> bool:
    """A short line starting with a capital that is neither a sentence nor a bullet."""
    words = text.split()
    return (
        0 < len(words) <= 14
        and text[:1].isupper()
        and not _ends_sentence(text)
        and not BULLET.match(text)
    )


# ---------------------------------------------------------------------------------------------
# Items: bullets rejoined, other lines as they are


def items_of(lines: Sequence[Line], vocabulary: set[str]) -> list[Item]:
    """The lines as items: each bullet with its wrapped lines rejoined, every other line alone."""
    items: list[Item] = []
    current: Item | None = None
    gap = False
    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            gap = True
            continue
        bullet = BULLET.match(stripped)
        sub = _SUB_BULLET.match(stripped) if current is not None else None
        if current is not None and not bullet:
            if sub and (current.has_subs or current.text.rstrip().endswith(":")):
                # a list inside a finding ("must ensure that: o ...; and o ...") is part of it
                current.text = join_wrapped(current.text, sub.group("rest"), vocabulary)
                current.has_subs = True
                gap = False
                continue
            if _continues(current.text, stripped, gap, line.after_break):
                current.text = join_wrapped(current.text, stripped, vocabulary)
                gap = False
                continue
        previous = items[-1] if items else None
        current = None
        if bullet:
            current = Item("bullet", normalise(bullet.group("rest")), line.number, line.page)
            items.append(current)
        elif _starts_markless(stripped, previous, gap):
            current = Item("bullet", normalise(stripped), line.number, line.page)
            items.append(current)
        else:
            items.append(Item("line", normalise(stripped), line.number, line.page))
        gap = False
    return items


def _starts_markless(text: str, previous: Item | None, gap: bool) -> bool:
    """A finding printed without a bullet mark: "The trust must ..." after a full stop, a
    heading or a blank line (text extracted from a PDF often loses the bullet glyphs)."""
    if not _MARKLESS.match(text) or re.match(r"^we\b", text, re.IGNORECASE):
        return False
    return (
        previous is None
        or gap
        or _ends_sentence(previous.text)
        or (previous.kind == "line" and is_heading_like(previous.text))
    )


def _continues(so_far: str, nxt: str, gap: bool, after_break: bool) -> bool:
    if is_section_end(nxt) or core_service(nxt) or key_question_heading(nxt):
        return False
    if MUST_HEADING.match(nxt) or SHOULD_HEADING.match(nxt):
        return False
    if re.match(r"^\(\s*reg", nxt, re.IGNORECASE):
        return True  # the citation, wrapped onto a line of its own
    if _ends_sentence(so_far):
        return False
    if not gap:
        return True
    return nxt[:1].islower() or after_break
