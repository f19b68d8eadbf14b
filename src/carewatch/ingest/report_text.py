"""Propose improvement-plan findings from the text of a CQC inspection report.

A CQC report for an NHS trust lists what the trust must and should do in its "Areas for
improvement" part, under the headings "Action the trust MUST take to improve" (breaches of
the fundamental standards, each answered by a requirement or warning notice) and "Action the
trust SHOULD take to improve", grouped by core service; at its end, the requirement notices
are a table ("Regulated activity | Regulation") naming each regulation breached, e.g.
"Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment", with how it was not being
met. This reader turns that text into proposals for a person to confirm:

    >>> text = '''Action the trust MUST take to improve
    ... Wards for people with a learning disability or autism
    ... • The trust must ensure that ward environments are clean and safe.
    ...   (Regulation 15(1)(a))'''
    >>> [f] = extract_findings(text).findings
    >>> f.kind, f.core_services, f.regulation.label, f.line
    ('must_do', ('Wards for people with a learning disability or autism',), \
'Regulation 15: Premises and equipment', 3)

What it handles, because text taken out of a PDF looks like this:

- page furniture: form feeds, page numbers, "<trust> Inspection report 15/01/2020" footers and
  running headers repeated at page edges ("Summary of findings") are dropped;
- bullets wrapped over several lines, and across a page break, are rejoined; a word split by a
  hyphen at a line end is rejoined without the hyphen unless the document writes it with one
  elsewhere or it is a compound (well-led, health-based, out-of-area);
- bullets without a bullet mark ("The trust must ..."), core-service headings wrapped over two
  lines, key-question headings ("Is the service safe?") and "Trust wide" headings;
- the notice table as a two-column layout or cell by cell.

A must-do that cites no regulation takes the regulation of the requirement notice whose words
it shares most (same core service); a notice no must-do points to becomes a must-do of its own.
Where the report names neither, the proposal says so and the person confirming decides.
Regulations and their names: `carewatch.domain.oversight.enforcement.FundamentalStandard`
(SI 2014/2936, https://www.legislation.gov.uk/uksi/2014/2936/contents). Core service names:
CQC, "Core services: NHS trusts" (24 May 2022).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from carewatch.domain.oversight.enforcement import FundamentalStandard, UnknownFundamentalStandard
from carewatch.domain.ratings import KeyQuestion, parse_key_question
from carewatch.ingest.records import IngestError

__all__ = [
    "CORE_SERVICES",
    "MUST_DO",
    "SHOULD_DO",
    "ProposedFinding",
    "ProposedNotice",
    "ReportProposals",
    "extract_findings",
    "read_report",
    "read_report_text",
]

MUST_DO = "must_do"
SHOULD_DO = "should_do"

CORE_SERVICES: tuple[str, ...] = (
    # Specialist mental health (CQC's 11, reference §7.1)
    "Acute wards for adults of working age and psychiatric intensive care units",
    "Long stay or rehabilitation mental health wards for working age adults",
    "Forensic inpatient or secure wards",
    "Child and adolescent mental health wards",
    "Wards for older people with mental health problems",
    "Wards for people with a learning disability or autism",
    "Community-based mental health services for adults of working age",
    "Mental health crisis services and health-based places of safety",
    "Specialist community mental health services for children and young people",
    "Community-based mental health services for older people",
    "Community mental health services for people with a learning disability or autism",
    # Community health
    "Community health services for adults",
    "Community health services for children, young people and families",
    "Community health inpatient services",
    "End of life care",
    "Community urgent care service",
    # Acute
    "Urgent and emergency services",
    "Medical care (including older people's care)",
    "Surgery",
    "Critical care",
    "Maternity",
    "Services for children and young people",
    "Outpatients",
    "Diagnostic imaging",
)
"""CQC's names for core services; a heading or a phrase matching one is read as that service."""

# Variants seen in reports, mapped to the name above.
_CORE_SERVICE_VARIANTS: dict[str, str] = {
    "wards for people with learning disabilities or autism": (
        "Wards for people with a learning disability or autism"
    ),
    "community mental health services for people with learning disabilities or autism": (
        "Community mental health services for people with a learning disability or autism"
    ),
    "acute wards for adults of working age and psychiatric intensive care unit": (
        "Acute wards for adults of working age and psychiatric intensive care units"
    ),
    "mental health crisis services and health based places of safety": (
        "Mental health crisis services and health-based places of safety"
    ),
    "forensic inpatient/secure wards": "Forensic inpatient or secure wards",
    "long stay/rehabilitation mental health wards for working age adults": (
        "Long stay or rehabilitation mental health wards for working age adults"
    ),
}

_TRUST_WIDE = {"trust wide", "trustwide", "the trust", "across the trust", "trust level"}

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

_SECTION_ENDS = (
    "outstanding practice",
    "areas for improvement",
    "is this organisation well led",
    "is this organisation well-led",
    "our inspection team",
    "how we carried out this inspection",
    "information about the provider",
    "information about the service",
    "information about the trust",
    "our findings",
    "detailed findings",
    "requirement notices",
    "enforcement actions",
    "action we have told the provider to take",
    "action we have taken",
    "key facts and figures",
    "overall summary",
    "background to",
    "why we carried out this inspection",
    "our ratings for",
    "ratings",
    "summary of findings",
    "mental health act responsibilities",
    "mental capacity act and deprivation of liberty safeguards",
    "what people who use the service say",
    "good practice",
)

_RUNNING_HEADERS = {
    "summary of findings",
    "our findings",
    "detailed findings",
    "requirement notices",
    "enforcement actions",
    "this section is primarily information for the provider",
}

_BULLET = re.compile(r"^\s*(?P<mark>[•●▪■◦∙·\uf0b7*]|[-–](?=\s))\s*(?P<rest>.*)$")
_SUB_BULLET = re.compile(r"^\s*(?P<mark>o|◦|[-–])\s+(?P<rest>.*)$")
_MARKLESS = re.compile(
    r"^(?:the\s+)?(?:trust|provider|service|hospital|wards?|teams?|managers?|staff|leaders?|"
    r"board)\b[^.]{0,80}?\b(?:must|should)\b",
    re.IGNORECASE,
)
_MUST_HEADING = re.compile(
    r"^action\s+(?:the|a|that\s+the)\s+(?:trust|provider|hospital|service|location)\s+must\s+"
    r"take(?:\s+to\s+improve)?\s*:?$",
    re.IGNORECASE,
)
_SHOULD_HEADING = re.compile(
    r"^action\s+(?:the|a|that\s+the)\s+(?:trust|provider|hospital|service|location)\s+should\s+"
    r"take(?:\s+to\s+improve)?\s*:?$",
    re.IGNORECASE,
)
_KQ_HEADING = re.compile(
    r"^(?:(?:is|are)\s+(?:the\s+)?(?:services?|trust|it|they|this\s+service)\s+)?"
    r"(?P<kq>safe|effective|caring|responsive|well[\s-]?led)\s*\??$",
    re.IGNORECASE,
)
_KQ_TAG = re.compile(r"\((?P<kq>safe|effective|caring|responsive|well[\s-]?led)\)", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.IGNORECASE)
_FOOTER = re.compile(
    r"^\s*(?:\d{1,4}\s+)?.{3,160}?\b(?:quality|inspection|evidence\s+appendix|provider)\s+"
    r"report\s+\d{1,2}/\d{1,2}/\d{2,4}(?:\s+\d{1,4})?\s*$",
    re.IGNORECASE,
)
_CITATION = re.compile(
    r"\breg(?:ulation)?s?\.?\s*(?P<nums>\d{1,2}[a-z]?(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*"
    r"(?:\s*(?:,|and|&)\s*\d{1,2}[a-z]?(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)*)(?![0-9a-z])",
    re.IGNORECASE,
)
_ONE_CITATION = re.compile(
    r"(?P<num>\d{1,2}[a-z]?)(?P<paras>(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)", re.I
)
_NOTICE_REGULATION = re.compile(
    r"\bregulation\s+(?P<num>\d{1,2}[a-z]?)\b(?P<paras>(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)\s*"
    r"(?:of\s+the\s+)?(?:hsca|health\s+and\s+social\s+care\s+act)\s*(?:2008\s*)?"
    r"\(?\s*(?:ra|regulated\s+activities)\s*\)?\s*regulations?\s*(?P<year>2010|2014)\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_NOT_MET = re.compile(r"how\s+the\s+regulation\s+was\s+not\s+being\s+met\s*:?", re.IGNORECASE)
_TERMINAL = (".", ")", "?", "!", ";", '."', ".'", ".”")
# A word split at a hyphen after one of these keeps its hyphen (well-led, health-based).
_COMPOUND_PREFIXES = frozenset(
    {"well", "self", "health", "non", "out", "of", "long", "short", "one", "two", "three"}
    | {"high", "low", "face", "follow", "mixed", "part", "full", "ex", "anti", "all", "ill"}
    | {"co", "multi", "cross", "up", "person", "evidence", "risk", "place", "bed"}
)
_STOP_WORDS = frozenset(
    {"the", "and", "for", "that", "this", "with", "are", "was", "were", "its", "their"}
    | {"they", "all", "any", "from", "not", "must", "should", "ensure", "trust", "service"}
    | {"services", "staff", "which", "who", "have", "has", "been", "there", "did", "does"}
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

    def as_json(self) -> dict[str, object]:
        regulation = self.regulation
        return {
            "kind": self.kind,
            "text": self.text,
            "line": self.line,
            "page": self.page,
            "core_services": list(self.core_services),
            "key_question": self.key_question.label if self.key_question else None,
            "regulation": (
                {"number": regulation.number, "title": regulation.title} if regulation else None
            ),
            "cited": self.cited,
            "regulation_basis": self.regulation_basis,
            "source": self.source,
            "notice_line": self.notice_line,
        }


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


@dataclass(frozen=True)
class ReportProposals:
    """What a report's text proposes, and what the reader could not make sense of."""

    file: str
    findings: tuple[ProposedFinding, ...]
    notices: tuple[ProposedNotice, ...] = ()
    warnings: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> tuple[ProposedFinding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)


@dataclass(frozen=True)
class _Line:
    number: int
    page: int
    text: str
    after_break: bool = False  # a page break (or dropped furniture) lies between it and the last


@dataclass
class _Item:
    """A bullet (rejoined) or a single line of prose or heading."""

    kind: str  # "bullet" or "line"
    text: str
    number: int
    page: int
    has_subs: bool = False


# ---------------------------------------------------------------------------------------------
# Reading files


def read_report_text(path: str | Path) -> str:
    """The text of a report: a .txt file as UTF-8, a .pdf through pypdf with form feeds
    between pages. Raise `IngestError` naming the file when it cannot be read."""
    source = Path(path)
    name = source.name
    suffix = source.suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(source)
    if suffix not in (".txt", ".text"):
        raise IngestError("expected a .txt or .pdf report", file=name)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read ({exc.strerror})", file=name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise IngestError("not UTF-8 text", file=name, row=row) from None


def _pdf_text(source: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    name = source.name
    try:
        reader = PdfReader(source)
        if reader.is_encrypted:
            raise IngestError("the PDF is encrypted", file=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except OSError as exc:
        raise IngestError(f"cannot read ({exc.strerror})", file=name) from None
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"not a readable PDF ({exc.__class__.__name__})", file=name) from None
    if not any(page.strip() for page in pages):
        raise IngestError("the PDF has no text (a scanned report needs OCR first)", file=name)
    return "\f".join(page.rstrip("\n") + "\n" for page in pages)


def read_report(path: str | Path) -> ReportProposals:
    """Read a .txt or .pdf report and propose its findings."""
    return extract_findings(read_report_text(path), file=Path(path).name)


# ---------------------------------------------------------------------------------------------
# Lines and page furniture


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\xad", "")
    return re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", text).strip()


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


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
        if by_footer and _FOOTER.match(_normalise(raw)):
            page += 1
    return out


def _is_footer(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text) or _FOOTER.match(text))


def _drop_furniture(text: str) -> list[_Line]:
    """Keep the report's own lines; drop page numbers, footers and running headers."""
    lines = _physical_lines(text)
    boundaries = [i for i, (_, _, _, starts) in enumerate(lines) if starts]
    boundaries += [i for i, (_, _, raw, _) in enumerate(lines) if _is_footer(_normalise(raw))]
    edge_positions = {i: _key(lines[i][2]) for b in boundaries for i in _nonblank_near(lines, b)}
    edge = Counter(edge_positions.values())
    dropped = {i for i in range(len(lines)) if _is_footer(_normalise(lines[i][2]))}
    for i, key in edge_positions.items():
        text = _normalise(lines[i][2])
        if key in _RUNNING_HEADERS or (edge[key] >= 2 and _may_repeat_at_edges(text)):
            dropped.add(i)
    kept: list[_Line] = []
    pending_break = False
    for i, (number, page, raw, starts) in enumerate(lines):
        if starts:
            pending_break = True
        if i in dropped:
            pending_break = True
            continue
        kept.append(_Line(number, page, _rstrip_keep_indent(raw), pending_break))
        if raw.strip():
            pending_break = False
    return kept


def _may_repeat_at_edges(text: str) -> bool:
    """A line seen at two page edges is a running header unless it is the report's own
    heading or bullet (a core service can head both the MUST and the SHOULD lists)."""
    return (
        0 < len(text) <= 80
        and not _BULLET.match(text)
        and _core_service(text) is None
        and _key_question_heading(text) is None
        and _key(text) not in _TRUST_WIDE
        and not _MUST_HEADING.match(text)
        and not _SHOULD_HEADING.match(text)
    )


def _rstrip_keep_indent(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).replace("\xad", "").replace("\u00a0", " ")
    return text.rstrip()


def _nonblank_near(lines: Sequence[tuple[int, int, str, bool]], b: int) -> Iterable[int]:
    """Indexes of the two non-blank lines either side of a page boundary at `b`."""
    after = [i for i in range(b, min(len(lines), b + 8)) if lines[i][2].strip()][:2]
    before = [i for i in range(b - 1, max(-1, b - 8), -1) if lines[i][2].strip()][:2]
    return [*before, *after]


# ---------------------------------------------------------------------------------------------
# Joining wrapped lines


def _join(left: str, right: str, vocabulary: set[str]) -> str:
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


def _vocabulary(lines: Iterable[_Line]) -> set[str]:
    """Hyphenated words written whole on one line somewhere in the document."""
    words: set[str] = set()
    for line in lines:
        words.update(
            m.lower() for m in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+(?=[^-A-Za-z]|$)", line.text)
        )
    return words


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def _is_heading_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and text[:1].isupper()
        and not _ends_sentence(text)
        and not _BULLET.match(text)
    )


# ---------------------------------------------------------------------------------------------
# Recognising headings


def _core_service(text: str) -> str | None:
    key = " ".join(_key(text.replace("/", " / ")).split())
    for name in CORE_SERVICES:
        if key == _key(name):
            return name
    for variant, name in _CORE_SERVICE_VARIANTS.items():
        if key == _key(variant):
            return name
    return None


def _services_named_in(text: str) -> tuple[str, ...]:
    """Core services named in full in a text, in the order they appear; a name inside a
    longer one ("Services for children and young people") does not count."""
    key = f" {_key(text)} "
    spelled = [(name, name) for name in CORE_SERVICES if len(name) > 12]
    spelled += list(_CORE_SERVICE_VARIANTS.items())
    spans: list[tuple[int, int, str]] = []
    for words, name in spelled:
        needle = f" {_key(words)} "
        start = key.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle), name))
            start = key.find(needle, start + 1)
    inside = {
        (a, b, name)
        for a, b, name in spans
        if any(c <= a and b <= d and (c, d) != (a, b) for c, d, _ in spans)
    }
    ordered = sorted(span for span in spans if span not in inside)
    return tuple(dict.fromkeys(name for _, _, name in ordered))


def _key_question_heading(text: str) -> KeyQuestion | None:
    match = _KQ_HEADING.match(text.strip())
    if not match:
        return None
    return parse_key_question(match.group("kq").replace(" ", "-"))


def _is_section_end(text: str) -> bool:
    key = _key(text)
    if key.startswith("regulated activit"):
        return True
    return any(key == _key(end) or key.startswith(_key(end) + " ") for end in _SECTION_ENDS) and (
        len(key.split()) <= 10
    )


# ---------------------------------------------------------------------------------------------
# Items: bullets rejoined, other lines as they are


def _items(lines: Sequence[_Line], vocabulary: set[str]) -> list[_Item]:
    items: list[_Item] = []
    current: _Item | None = None
    gap = False
    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            gap = True
            continue
        bullet = _BULLET.match(stripped)
        sub = _SUB_BULLET.match(stripped) if current is not None else None
        if current is not None and not bullet:
            if sub and (current.has_subs or current.text.rstrip().endswith(":")):
                # a list inside a finding ("must ensure that: o ...; and o ...") is part of it
                current.text = _join(current.text, sub.group("rest"), vocabulary)
                current.has_subs = True
                gap = False
                continue
            if _continues(current.text, stripped, gap, line.after_break):
                current.text = _join(current.text, stripped, vocabulary)
                gap = False
                continue
        previous = items[-1] if items else None
        current = None
        if bullet:
            current = _Item("bullet", _normalise(bullet.group("rest")), line.number, line.page)
            items.append(current)
        elif _starts_markless(stripped, previous, gap):
            current = _Item("bullet", _normalise(stripped), line.number, line.page)
            items.append(current)
        else:
            items.append(_Item("line", _normalise(stripped), line.number, line.page))
        gap = False
    return items


def _starts_markless(text: str, previous: _Item | None, gap: bool) -> bool:
    """A finding printed without a bullet mark: "The trust must ..." after a full stop, a
    heading or a blank line (text extracted from a PDF often loses the bullet glyphs)."""
    if not _MARKLESS.match(text) or re.match(r"^we\b", text, re.IGNORECASE):
        return False
    return (
        previous is None
        or gap
        or _ends_sentence(previous.text)
        or (previous.kind == "line" and _is_heading_like(previous.text))
    )


def _continues(so_far: str, nxt: str, gap: bool, after_break: bool) -> bool:
    if _is_section_end(nxt) or _core_service(nxt) or _key_question_heading(nxt):
        return False
    if _MUST_HEADING.match(nxt) or _SHOULD_HEADING.match(nxt):
        return False
    if re.match(r"^\(\s*reg", nxt, re.IGNORECASE):
        return True  # the citation, wrapped onto a line of its own
    if _ends_sentence(so_far):
        return False
    if not gap:
        return True
    return nxt[:1].islower() or after_break


# ---------------------------------------------------------------------------------------------
# The MUST and SHOULD sections


@dataclass
class _Context:
    kind: str
    core_service: str | None = None
    key_question: KeyQuestion | None = None
    seen_bullet: bool = False
    prose_run: int = 0


def _section_heading(items: Sequence[_Item], i: int) -> tuple[str | None, int]:
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
        if _MUST_HEADING.match(candidate):
            return MUST_DO, n
        if _SHOULD_HEADING.match(candidate):
            return SHOULD_DO, n
    return None, 0


def _section_findings(items: Sequence[_Item]) -> list[ProposedFinding]:
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
            context.core_service = _core_service(_joined(items, i, used))
            context.key_question = None
        elif heading == "trust":
            context.core_service = None
            context.key_question = None
        elif heading == "kq":
            context.key_question = _key_question_heading(item.text)
        else:
            context.prose_run += 1
            if context.seen_bullet and context.prose_run >= 6:
                context = None
        i += max(used, 1)
    return findings


def _joined(items: Sequence[_Item], i: int, used: int) -> str:
    return " ".join(item.text for item in items[i : i + used])


def _heading(items: Sequence[_Item], i: int) -> tuple[str | None, int]:
    """What line i is inside a section: "end", "service", "trust", "kq" or None (prose)."""
    text = items[i].text
    nxt = items[i + 1] if i + 1 < len(items) else None
    if _is_section_end(text):
        return "end", 1
    if _key(text) in _TRUST_WIDE:
        return "trust", 1
    if _key_question_heading(text):
        return "kq", 1
    if (
        nxt is not None
        and nxt.kind == "line"
        and _is_heading_like(text)
        and _core_service(f"{text} {nxt.text}")
    ):
        return "service", 2
    if _core_service(text):
        return "service", 1
    return None, 1


def _finding(item: _Item, context: _Context) -> ProposedFinding:
    text = _strip_bullet_mark(item.text)
    numbers = _cited_numbers(text)
    regulation, cited = _first_standard(numbers)
    services = tuple(
        dict.fromkeys(
            ([context.core_service] if context.core_service else [])
            + list(_services_named_in(text))
        )
    )
    tag = _KQ_TAG.search(text)
    key_question = (
        parse_key_question(tag.group("kq").replace(" ", "-")) if tag else context.key_question
    )
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
    match = _BULLET.match(text)
    return _normalise(match.group("rest")) if match else text


def _cited_numbers(text: str) -> list[tuple[str, str]]:
    """(regulation number, citation as written) for each regulation the text cites."""
    out: list[tuple[str, str]] = []
    for match in _CITATION.finditer(text):
        for one in _ONE_CITATION.finditer(match.group("nums")):
            number = one.group("num").upper()
            paras = re.sub(r"\s+", "", one.group("paras"))
            out.append((number, f"Regulation {number}{paras}"))
    return out


def _standard(number: str) -> FundamentalStandard | None:
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
        standard = _standard(number)
        if standard is not None:
            return standard, cited
    return None, cited


# ---------------------------------------------------------------------------------------------
# The requirement-notice table


def _notice_rows(lines: Sequence[_Line], vocabulary: set[str]) -> list[ProposedNotice]:
    notices: list[ProposedNotice] = []
    i = 0
    while i < len(lines):
        if _key(lines[i].text).startswith("regulated activit"):
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
    key = _key(text)
    if not key:
        return None
    for activity in REGULATED_ACTIVITIES:
        whole = _key(activity)
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
        key = _key(joined)
        for activity in REGULATED_ACTIVITIES:
            whole = _key(activity)
            if key in whole and (carry or n >= 3 or key == whole):
                return activity, " ".join(words[n:]), "" if whole.endswith(key) else joined
    return None, text, ""


@dataclass
class _Row:
    number: str
    paragraphs: str
    year: str
    line: int
    page: int
    rest: str
    service: str | None
    activities: list[str] = field(default_factory=list)


def _notice_table(
    lines: Sequence[_Line], start: int, vocabulary: set[str]
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
        key = _key(stripped)
        if not stripped or key.startswith("regulated activit") or key == "regulation":
            i += 1
            continue
        if _is_section_end(stripped) or _MUST_HEADING.match(stripped):
            break
        heading = _core_service(stripped) if not raw[:1].isspace() else None
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
            rows.append(
                _Row(
                    number=match.group("num").upper(),
                    paragraphs=re.sub(r"\s+", "", match.group("paras")),
                    year=match.group("year"),
                    line=lines[i].number,
                    page=lines[i].page,
                    rest=match.group("rest"),
                    service=section_service,
                )
            )
        elif right and rows:
            rows[-1].rest = _join(rows[-1].rest, right, vocabulary)
        if rows and pending and (split_at is not None or match):
            rows[-1].activities.extend(pending)
            pending = []
        i += 1
    return i, [_notice(row) for row in rows]


def _service_above(lines: Sequence[_Line], start: int) -> str | None:
    """The core service named in the few lines above a table, back to the last bullet."""
    above = [line.text.strip() for line in lines[max(0, start - 6) : start] if line.text.strip()]
    for text in reversed(above):
        if _BULLET.match(text):
            return None
        service = _core_service(text)
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
    standard = _standard(row.number) if row.year == "2014" else None
    rest = _normalise(row.rest)
    label = _NOT_MET.search(rest)
    if label:  # the regulation's name, then "How the regulation was not being met:", then how
        title, rest = rest[: label.start()].strip(), rest[label.end() :]
    elif standard is not None and _key(rest).startswith(_key(standard.title)):
        title, rest = standard.title, " ".join(rest.split()[len(standard.title.split()) :])
    else:
        title = ""
    text = _normalise(re.sub(r"\s*[•●▪■\uf0b7]\s*", " ", rest))
    services = tuple(
        dict.fromkeys([*([row.service] if row.service else []), *_services_named_in(text)])
    )
    cited = f"Regulation {row.number}{row.paragraphs}"
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


# ---------------------------------------------------------------------------------------------
# Putting it together


def _words(text: str) -> set[str]:
    return {w for w in _key(text).split() if w not in _STOP_WORDS and len(w) > 2}


def _overlap(a: str, b: str) -> float:
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def _same_place(finding: ProposedFinding, notice: ProposedNotice) -> bool:
    if not finding.core_services or not notice.core_services:
        return True
    return bool(set(finding.core_services) & set(notice.core_services))


_LINK_THRESHOLD = 0.3
"""Share of content words a must-do and a notice need in common to be linked (tuned on the
test texts, see docs/improvement-plan-extractor.md)."""


def _link(
    findings: Sequence[ProposedFinding], notices: Sequence[ProposedNotice]
) -> tuple[list[ProposedFinding], set[int]]:
    used: set[int] = set()
    linked: list[ProposedFinding] = []
    for finding in findings:
        if finding.kind != MUST_DO:
            linked.append(finding)
            continue
        places = [(k, n) for k, n in enumerate(notices) if _same_place(finding, n)]
        if finding.regulation is not None:
            same = [(k, n) for k, n in places if n.regulation is finding.regulation]
            if same:
                best_k, best = max(same, key=lambda kn: _overlap(finding.text, kn[1].text))
                used.update(k for k, _ in same)
                finding = replace(finding, notice_line=best.line)
            linked.append(finding)
            continue
        scored = [(_overlap(finding.text, n.text), k, n) for k, n in places]
        scored = [s for s in scored if s[0] >= _LINK_THRESHOLD]
        if scored:
            _, best_k, best = max(scored, key=lambda s: (s[0], -s[1]))
            used.add(best_k)
            finding = replace(
                finding,
                regulation=best.regulation,
                cited=best.cited,
                regulation_basis="requirement notice",
                notice_line=best.line,
            )
        linked.append(finding)
    return linked, used


def extract_findings(text: str, *, file: str = "<text>") -> ReportProposals:
    """Propose the findings in a report's text (see the module's docstring)."""
    lines = _drop_furniture(text)
    vocabulary = _vocabulary(lines)
    items = _items(lines, vocabulary)
    section = _section_findings(items)
    notices = _notice_rows(lines, vocabulary)
    findings, used = _link(section, notices)
    for k, notice in enumerate(notices):
        if k in used:
            continue
        findings.append(
            ProposedFinding(
                kind=MUST_DO,
                text=notice.text,
                line=notice.line,
                page=notice.page,
                core_services=notice.core_services,
                regulation=notice.regulation,
                cited=notice.cited,
                regulation_basis="requirement notice" if notice.regulation else None,
                source="requirement notice",
                notice_line=notice.line,
            )
        )
    unique: dict[tuple[str, str, tuple[str, ...]], ProposedFinding] = {}
    for finding in findings:
        unique.setdefault((finding.kind, _key(finding.text), finding.core_services), finding)
    warnings: list[str] = []
    if not section:
        warnings.append("no 'Action the trust MUST/SHOULD take to improve' section was found")
    for finding in sorted(unique.values(), key=lambda f: f.line):
        if finding.kind != MUST_DO or finding.regulation is not None:
            continue
        if finding.cited:
            warnings.append(
                f"line {finding.line}: a must-do citing {finding.cited}, which is not one of the "
                "fundamental standards (Regulations 9 to 20A of 2014): choose one when confirming"
            )
        else:
            warnings.append(f"line {finding.line}: a must-do with no regulation found")
    for notice in notices:
        standard = notice.regulation
        if standard is not None and notice.title and _key(notice.title) != _key(standard.title):
            warnings.append(
                f"line {notice.line}: the notice names {notice.cited} differently from "
                f"'{standard.title}'; check the number"
            )
    ordered = sorted(unique.values(), key=lambda f: (f.kind != MUST_DO, f.line))
    return ReportProposals(
        file=file, findings=tuple(ordered), notices=tuple(notices), warnings=tuple(warnings)
    )
