"""Recognise a report's own headings: core services (and the names reports use for them),
key questions, "Trust wide", the MUST and SHOULD headings and the headings that end a section.

Cleaning the text, reading the sections and reading the notice table all ask these questions,
so they are answered once, here.
"""

from __future__ import annotations

import re

from carewatch.domain.ratings import CoreService, KeyQuestion, parse_key_question

__all__ = [
    "CORE_SERVICES",
    "MUST_HEADING",
    "SHOULD_HEADING",
    "TRUST_WIDE",
    "core_service",
    "is_section_end",
    "key_question_heading",
    "key_question_named",
    "services_of",
    "text_key",
]

CORE_SERVICES: tuple[str, ...] = CoreService.values()
"""CQC's names for core services; a heading or a phrase matching one is read as that service."""

# Variants seen in reports, mapped to CQC's name.
_CORE_SERVICE_VARIANTS: dict[str, str] = {
    "wards for people with learning disabilities or autism": (
        CoreService.LEARNING_DISABILITY_WARDS.value
    ),
    "community mental health services for people with learning disabilities or autism": (
        CoreService.COMMUNITY_LEARNING_DISABILITY.value
    ),
    "acute wards for adults of working age and psychiatric intensive care unit": (
        CoreService.ACUTE_WARDS.value
    ),
    "mental health crisis services and health based places of safety": CoreService.CRISIS.value,
    "forensic inpatient/secure wards": CoreService.FORENSIC_WARDS.value,
    "long stay/rehabilitation mental health wards for working age adults": (
        CoreService.REHABILITATION_WARDS.value
    ),
}

TRUST_WIDE = {"trust wide", "trustwide", "the trust", "across the trust", "trust level"}
"""Headings under which findings are about the whole trust, not one core service."""

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

MUST_HEADING = re.compile(
    r"^action\s+(?:the|a|that\s+the)\s+(?:trust|provider|hospital|service|location)\s+must\s+"
    r"take(?:\s+to\s+improve)?\s*:?$",
    re.IGNORECASE,
)
SHOULD_HEADING = re.compile(
    r"^action\s+(?:the|a|that\s+the)\s+(?:trust|provider|hospital|service|location)\s+should\s+"
    r"take(?:\s+to\s+improve)?\s*:?$",
    re.IGNORECASE,
)
_KQ_HEADING = re.compile(
    r"^(?:(?:is|are)\s+(?:the\s+)?(?:services?|trust|it|they|this\s+service)\s+)?"
    r"(?P<kq>safe|effective|caring|responsive|well[\s-]?led)\s*\??$",
    re.IGNORECASE,
)


def text_key(text: str) -> str:
    """The text in lower case, each run of characters other than letters and digits made one
    space: what two spellings of a heading share."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def core_service(text: str) -> str | None:
    """The core service a heading names, in CQC's words, or None."""
    key = " ".join(text_key(text.replace("/", " / ")).split())
    for name in CORE_SERVICES:
        if key == text_key(name):
            return name
    for variant, name in _CORE_SERVICE_VARIANTS.items():
        if key == text_key(variant):
            return name
    return None


def services_of(heading: str | None, text: str) -> tuple[str, ...]:
    """The core services a finding or notice is about: the one it is listed under, then those
    its text names, each once."""
    return tuple(dict.fromkeys([*([heading] if heading else []), *_services_named_in(text)]))


def _services_named_in(text: str) -> tuple[str, ...]:
    """Core services named in full in a text, in the order they appear; a name inside a
    longer one ("Services for children and young people") does not count."""
    key = f" {text_key(text)} "
    spelled = [(name, name) for name in CORE_SERVICES if len(name) > 12]
    spelled += list(_CORE_SERVICE_VARIANTS.items())
    spans: list[tuple[int, int, str]] = []
    for words, name in spelled:
        needle = f" {text_key(words)} "
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


def key_question_heading(text: str) -> KeyQuestion | None:
    """The key question a heading ("Is the service safe?", "Well-led") names, or None."""
    match = _KQ_HEADING.match(text.strip())
    if not match:
        return None
    return key_question_named(match.group("kq"))


def key_question_named(word: str) -> KeyQuestion:
    """The key question a report's word for it names ("safe", "well led", "Well-led")."""
    return parse_key_question(word.replace(" ", "-"))


def is_section_end(text: str) -> bool:
    """Whether a line is a heading that ends the MUST or SHOULD list (or starts the notices)."""
    key = text_key(text)
    if key.startswith("regulated activit"):
        return True
    return any(
        key == text_key(end) or key.startswith(text_key(end) + " ") for end in _SECTION_ENDS
    ) and (len(key.split()) <= 10)
