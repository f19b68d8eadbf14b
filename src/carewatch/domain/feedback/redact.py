"""Personal data in free-text feedback: find it, and replace it with its kind.

A comment from a patient, a relative, a carer or a member of staff often names people
("Nurse Jane", "my son Tom", "Dr Patel"), and sometimes gives an NHS number, a phone number,
an email address, a postal address or a date of birth. Every public view of a comment shows
`redact(text).text`, where each of those is replaced by its bracketed kind; the original is
kept for the trust's own roles only.

>>> r = redact("Nurse Jane on ward 3 was lovely, ring me on 07700 900123.")
>>> r.text
'Nurse [name] on ward 3 was lovely, ring me on [phone].'
>>> sorted(r.kinds)
[<PersonalDataKind.NAME: 'name'>, <PersonalDataKind.PHONE: 'phone'>]
>>> redact("Seen at 10:30 on 12/03/2024 in A&E, given 500mg twice a day.").found
False

How each kind is found (all by rules, nothing learned; docs/feedback-redaction.md measures
them on a labelled sample):

- email: an address with an `@` and a dotted domain.
- NHS number: ten digits, together or spaced 3-3-4, that pass the Modulus 11 check, are
  spaced 3-3-4 (the NHS's own way of writing one), or follow the words "NHS number".
- phone: a UK number, landline or mobile, starting `0`, `+44` or `0044`, spaced or not, with
  the right count of digits; a time, a date or a ward number never has that shape.
- address: a full postcode, and a house number followed by a capitalised street name ending
  in a street word ("12 Acacia Avenue"), with the town after a comma and the postcode.
  A town named alone is not personal data and is left.
- date of birth: a date with "born", "DOB", "date of birth" or "birthday" just before it (or
  just after) in the same sentence; other dates (an appointment) stay.
- name: a capitalised word after a title ("Dr", "Mrs", "Nurse"), a role ("nurse", "porter"),
  a family word ("my son"), "called", "named" or "thank you"; a common first name anywhere;
  a capitalised word in the middle of a sentence, not an ordinary word, followed by a verb
  ("when Bev came"); and the surnames and names joined to any of those by "and" or a comma.
  A word followed by a place word ("Rowan ward", "James Cook University Hospital") or after
  "St" or "Queen" is a place, not a person.

Overlapping finds merge into one span, of the most specific kind among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from carewatch.domain.words import StrWord

__all__ = [
    "InvalidSpan",
    "PersonalDataKind",
    "Redaction",
    "Span",
    "find_personal_data",
    "is_nhs_number",
    "redact",
]


class PersonalDataKind(StrWord, what="kind of personal data"):
    """A kind of personal data the redactor finds; its label replaces it in the text."""

    NAME = "name"  # a person: patient, relative, carer or member of staff
    NHS_NUMBER = "nhs_number"  # ten digits with a Modulus 11 check digit
    PHONE = "phone"  # a UK landline or mobile number
    EMAIL = "email"
    ADDRESS = "address"  # a postcode, or a house number and street
    DATE_OF_BIRTH = "date_of_birth"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    PersonalDataKind.NAME: "[name]",
    PersonalDataKind.NHS_NUMBER: "[NHS number]",
    PersonalDataKind.PHONE: "[phone]",
    PersonalDataKind.EMAIL: "[email]",
    PersonalDataKind.ADDRESS: "[address]",
    PersonalDataKind.DATE_OF_BIRTH: "[date of birth]",
}

# When finds overlap, the merged span takes the first of these kinds among them: the more
# specific shape wins ("jane.smith@example.org" is an email, not a name; a labelled NHS
# number that starts with 0 is an NHS number, not a phone).
_PRECEDENCE = (
    PersonalDataKind.EMAIL,
    PersonalDataKind.NHS_NUMBER,
    PersonalDataKind.PHONE,
    PersonalDataKind.DATE_OF_BIRTH,
    PersonalDataKind.ADDRESS,
    PersonalDataKind.NAME,
)


class InvalidSpan(ValueError):
    """A span that is empty or runs backwards."""


@dataclass(frozen=True)
class Span:
    """Characters `start` to `end` (exclusive) of the original text hold personal data."""

    start: int
    end: int
    kind: PersonalDataKind

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise InvalidSpan(f"a span runs forwards from 0 or later, not {self.start}-{self.end}")


@dataclass(frozen=True)
class Redaction:
    """A comment with its personal data replaced: `text` for every public view, `spans` on the
    original text (in order, never overlapping) for the trust's own view."""

    text: str
    spans: tuple[Span, ...]

    @property
    def kinds(self) -> frozenset[PersonalDataKind]:
        return frozenset(span.kind for span in self.spans)

    @property
    def found(self) -> bool:
        return bool(self.spans)


def redact(text: str) -> Redaction:
    """`text` with each piece of personal data replaced by its kind's label.

    >>> redact("My son Tom (DOB 03/04/2015) was seen by Dr Okafor.").text
    'My son [name] (DOB [date of birth]) was seen by Dr [name].'
    """
    spans = find_personal_data(text)
    parts: list[str] = []
    at = 0
    for span in spans:
        parts.append(text[at : span.start])
        parts.append(span.kind.label)
        at = span.end
    parts.append(text[at:])
    return Redaction(text="".join(parts), spans=spans)


def find_personal_data(text: str) -> tuple[Span, ...]:
    """The personal data in `text`, in order, overlapping finds merged.

    >>> find_personal_data("Email jo@example.org")
    (Span(start=6, end=20, kind=<PersonalDataKind.EMAIL: 'email'>),)
    """
    found = [
        *_emails(text),
        *_nhs_numbers(text),
        *_phones(text),
        *_dates_of_birth(text),
        *_addresses(text),
        *_names(text),
    ]
    return _merged(found)


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    group: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if group and span.start >= max(s.end for s in group):
            out.append(_one(group))
            group = []
        group.append(span)
    if group:
        out.append(_one(group))
    return tuple(out)


def _one(group: list[Span]) -> Span:
    kind = min((s.kind for s in group), key=_PRECEDENCE.index)
    return Span(min(s.start for s in group), max(s.end for s in group), kind)


# --- email ---------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)


def _emails(text: str) -> Iterator[Span]:
    for m in _EMAIL.finditer(text):
        yield Span(m.start(), m.end(), PersonalDataKind.EMAIL)


# --- NHS number ----------------------------------------------------------------------------

_TEN_DIGITS = re.compile(r"(?<![\w/:])(\d{3})([ \-]?)(\d{3})([ \-]?)(\d{4})(?![\w/:]|\.\d)")
_AFTER_A_DIALLING_CODE = re.compile(r"(?:\+|00)\s?44\s?(?:\(0\)\s?)?$")
_NHS_LABEL = re.compile(r"\bnhs\s*(?:no\b\.?|number|num\b|#|n\.o\.)?\s*(?:is|was|:|-)?\s*$", re.I)


def is_nhs_number(digits: str) -> bool:
    """Whether ten digits end in their Modulus 11 check digit (NHS Digital's "NHS number"
    standard: weights 10 to 2 on the first nine digits; 11 - the remainder, 11 read as 0,
    and 10 never valid).

    >>> is_nhs_number("9997877896"), is_nhs_number("9997877895")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> Iterator[Span]:
    for m in _TEN_DIGITS.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(5)
        if _AFTER_A_DIALLING_CODE.search(text[max(0, m.start() - 6) : m.start()]):
            continue  # +44 113 496 0654 is a phone number
        labelled = bool(_NHS_LABEL.search(text[max(0, m.start() - 25) : m.start()]))
        spaced = bool(m.group(2)) and bool(m.group(4))
        # A number starting 0 is a phone number (01632 960123) unless it is said to be an NHS
        # number; otherwise the check digit, or the NHS's own 3-3-4 spacing, is enough.
        if labelled or (digits[0] != "0" and (is_nhs_number(digits) or spaced)):
            yield Span(m.start(), m.end(), PersonalDataKind.NHS_NUMBER)


# --- phone ---------------------------------------------------------------------------------

# A run that starts like a UK number (+44, 0044, (0 or 0) and goes on in digits with at most
# a space, hyphen or bracket between them; the count of digits is checked afterwards.
_PHONE = re.compile(
    r"(?<![\w+/:])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(0|0)\d(?:[ \-)]{0,2}\d){7,10}(?![\w/:]|\.\d)"
)


def _phones(text: str) -> Iterator[Span]:
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if m.group().startswith(("+", "00")):
            digits = "0" + digits.removeprefix("00").removeprefix("44").removeprefix("0")
        # UK numbers are 0 + 9 or 10 digits, and the digit after the 0 is never 0.
        if len(digits) in (10, 11) and digits[1] != "0":
            yield Span(m.start(), m.end(), PersonalDataKind.PHONE)


# --- date of birth -------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}})(?![\w/])",
    re.I,
)
_BIRTH = re.compile(
    r"\b(?:born|birth\s*date|birthdate|date\s+of\s+birth|d\.\s?o\.\s?b\b\.?|dob|birthday|b'?day)"
    r"(?:\s+(?:is|was|on|:))?",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_BIRTH_BEFORE = 30  # characters from the end of "born" to the date
_BIRTH_AFTER = 20  # from the end of the date to "birthday" ("3rd March, my birthday")


def _dates_of_birth(text: str) -> Iterator[Span]:
    dates = list(_DATE.finditer(text))
    for i, m in enumerate(dates):
        before_from = max(dates[i - 1].end() if i else 0, m.start() - _BIRTH_BEFORE)
        before = text[before_from : m.start()]
        after_to = min(
            dates[i + 1].start() if i + 1 < len(dates) else len(text), m.end() + _BIRTH_AFTER
        )
        after = text[m.end() : after_to]
        near_before = any(
            not _SENTENCE_END.search(before[b.end() :]) for b in _BIRTH.finditer(before)
        )
        near_after = any(
            not _SENTENCE_END.search(after[: b.start()]) for b in _BIRTH.finditer(after)
        )
        if near_before or near_after:
            yield Span(m.start(), m.end(), PersonalDataKind.DATE_OF_BIRTH)


# --- address -------------------------------------------------------------------------------

# Royal Mail's postcode: the inward code's two letters are never C, I, K, M, O or V, so
# "3pm" or "O2 3am" never read as one.
_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}"
_POSTCODE_RE = re.compile(rf"\b{_POSTCODE}\b", re.I)
_STREET_WORD = (
    r"(?i:road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|place|pl|"
    r"court|ct|gardens|gdns|grove|terrace|tce|park|hill|view|square|sq|mews|row|walk|rise|"
    r"green|parade|vale|gate|fold|croft|boulevard|wynd|chase|meadows?|brow|bank|garth)"
)
_STREET = re.compile(
    r"(?:\b(?i:flat|apartment|apt)\s+\d+[A-Za-z]?,?\s+)?"
    r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’\-]+\s+){1,3}" + _STREET_WORD + r"\b\.?"
    r"(?:,\s*[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)?(?=\s*(?:,|\.|$|\s" + _POSTCODE + r")))?"
    r"(?:,?\s*" + _POSTCODE + r"\b)?",
)
# "Ward 5 North Park", "bay 2 Oak Lane ward": a number on these is a place in the hospital.
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_NOT_A_HOUSE = re.compile(
    r"\b(?:ward|bay|bed|room|level|floor|gate|platform|entrance|block|wing|theatre|"
    r"bus|route|junction|exit|number|no\.?)\s*$",
    re.I,
)


def _addresses(text: str) -> Iterator[Span]:
    for m in _STREET.finditer(text):
        if not _NOT_A_HOUSE.search(text[max(0, m.start() - 12) : m.start()]):
            yield Span(m.start(), m.end(), PersonalDataKind.ADDRESS)
    for m in _POSTCODE_RE.finditer(text):
        # "A2 2nd floor" has a postcode's shape; a real one is written in capitals.
        if m.group()[-2:].lower() in _ORDINALS and not m.group().isupper():
            continue
        yield Span(m.start(), m.end(), PersonalDataKind.ADDRESS)


# --- names ---------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_][\w&'’\-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_INITIAL = re.compile(r"[A-Z]\.?")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int  # of the word, a possessive 's left out
    text: str
    gap: str  # the characters between the previous word and this one
    possessive: bool = False  # written with 's ("Jane's"): no surname follows

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def shaped(self) -> bool:
        return _name_shaped(self.text)


def _name_shaped(word: str) -> bool:
    """Written like a name: each part capitalised and the rest lower case, in any alphabet
    (Lefèvre, O'Brien, McDonald, MacLeod, Smith-Ellis, Ng), not "NHS" or "iPad"."""
    for part in word.split("-"):
        core = part
        if len(core) > 2 and core[1] in "'’":
            core = core[2:]  # O'Brien, D'Souza
        elif core.startswith("Mc") and len(core) > 3 and core[2].isupper():
            core = core[2:]
        elif core.startswith("Mac") and len(core) > 4 and core[3].isupper():
            core = core[3:]
        if not (len(core) >= 2 and core.isalpha() and core[0].isupper() and core[1:].islower()):
            return False
    return True


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    previous_end = 0
    for m in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", m.group()).rstrip("'’-")
        if not word:
            continue
        gap = text[previous_end : m.start()]
        out.append(_Token(m.start(), m.start() + len(word), word, gap, word != m.group()))
        previous_end = m.end()
    return out


def _ordinary(word: str) -> bool:
    """An ordinary word rather than a name, though capitalised: in the list below, or ending
    as English nouns, adjectives and verbs do (-tion, -ness, -ing, -ly, ...) unless it is a
    known first name (Caroline, Darling...)."""
    lower = word.lower()
    if lower in _ORDINARY:
        return True
    return lower not in _FIRST_NAMES and lower.endswith(_ORDINARY_ENDINGS)


def _joined_by_space(token: _Token) -> bool:
    return token.gap == " "


def _joined_by_space_or_comma(token: _Token) -> bool:
    return token.gap in (" ", ", ", ",", ": ")


def _names(text: str) -> Iterator[Span]:
    tokens = _tokens(text)
    taken: set[int] = set()
    for i in range(len(tokens)):
        if i in taken:
            continue
        found = _name_at(tokens, i)
        if found is None:
            continue
        first, core = found
        end = _with_surnames(tokens, core)
        if _is_place(tokens, first, end):
            continue
        yield _name_span(tokens, first, end)
        taken.update(range(first, end + 1))
        # "Nurse Jane and Sarah", "thanks to Dave, Sue and Mo": names joined to a name. After
        # a comma only a known first name: a list of places ("James Cook, Sedgefield,
        # Woodlands") is joined by commas too.
        j = end + 1
        while j < len(tokens):
            k = j + 1 if tokens[j].lower in ("and", "&") and tokens[j].gap == " " else j
            if k >= len(tokens) or not _could_be_a_name(tokens[k]):
                break
            if k == j and (tokens[k].gap.strip() != "," or tokens[k].lower not in _FIRST_NAMES):
                break
            if k != j and tokens[k].gap != " ":
                break
            last = _with_surnames(tokens, k)
            if _is_place(tokens, k, last):
                break
            yield _name_span(tokens, k, last)
            taken.update(range(k, last + 1))
            j = last + 1


def _name_span(tokens: list[_Token], first: int, last: int) -> Span:
    return Span(tokens[first].start, tokens[last].end, PersonalDataKind.NAME)


def _could_be_a_name(token: _Token) -> bool:
    return token.shaped and (not _ordinary(token.text) or token.lower in _WORD_NAMES)


def _name_at(tokens: list[_Token], i: int) -> tuple[int, int] | None:
    """Where a name starts at or just after token `i`, if token `i` is a name's cue (a title,
    a role, "called") or a name itself: the index of its first word (an initial, perhaps) and
    of the word its surnames follow."""
    token = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    # A title: "Dr Patel", "Mrs O'Brien", "Dr J. Okafor", "Nurse Jane". A capitalised word
    # after a title is a name unless it is in the list of ordinary words: "Professor
    # Lindqvist" and "Nurse Blessing" despite their endings, not "Nurse Practitioner".
    if token.lower.rstrip(".") in _TITLES and (token.text[0].isupper() or token.lower == "dr"):
        j = i + 1
        while (
            j < len(tokens) - 1
            and _INITIAL.fullmatch(tokens[j].text)
            and tokens[j].gap in (" ", ". ")
        ):
            j += 1
        # "Dr. Patel", but not "... a dr. However, ...": a sentence may end after a title.
        gaps = (" ", ". ") if token.text[0].isupper() else (" ",)
        if (
            j < len(tokens)
            and tokens[j].gap in gaps
            and tokens[j].shaped
            and (tokens[j].lower not in _ORDINARY or tokens[j].lower in _WORD_NAMES or j > i + 1)
        ):
            return i + 1, j
    # A first name anywhere: "Sarah was lovely", "ask for Priya".
    if (
        token.shaped
        and token.lower in _FIRST_NAMES
        and not _after_a_saint(tokens, i)
        and not (i > 0 and tokens[i - 1].lower in _AT_A_PLACE)
    ):
        return i, i
    if after is None:
        return None
    # A role, a relation, a naming word: "porter Steve", "my son, Tom", "called Sarah".
    if (
        (token.lower in _ROLES or token.lower in _RELATIONS or token.lower in _NAMING)
        and _joined_by_space_or_comma(after)
        and _could_be_a_name(after)
    ):
        return i + 1, i + 1
    if token.lower in _NAMING_PAIRS and after.lower in _NAMING_PAIRS[token.lower]:
        j = i + 2
        if j + 1 < len(tokens) and tokens[j].lower == "to" and after.lower == "you":
            j += 1  # "thank you to Jane"
        if (
            j < len(tokens)
            and _joined_by_space_or_comma(tokens[j])
            and _could_be_a_name(tokens[j])
            and (token.lower not in _THANKS or _thanked(tokens, j))
        ):
            return j, j
    if token.lower in _THANKS and _joined_by_space_or_comma(after) and _thanked(tokens, i + 1):
        return i + 1, i + 1
    # A first name that is also a word, with a surname: "Will Jones", "May Thompson".
    if (
        token.shaped
        and token.lower in _WORD_NAMES
        and _joined_by_space(after)
        and after.shaped
        and not _ordinary(after.text)
        and not _after_a_saint(tokens, i)
    ):
        return i, i
    # A first name that is also a word, doing something: "Carol has been good to me" (not
    # "Hope I don't", "May I say": hope and may are ordinary words first).
    if (
        token.shaped
        and token.lower in _WORD_NAMES
        and token.lower not in _ORDINARY
        and _joined_by_space(after)
        and after.lower in _SUBJECT_VERBS
        and not _after_a_saint(tokens, i)
    ):
        return i, i
    # A capitalised word mid-sentence, not an ordinary word, doing something: "when Bev came".
    if (
        i > 0
        and token.shaped
        and not _ordinary(token.text)
        and token.lower not in _WORD_NAMES
        and _joined_by_space(token)
        and tokens[i - 1].text.islower()
        and tokens[i - 1].lower not in _PLACE_PREPOSITIONS
        and _joined_by_space(after)
        and after.lower in _SUBJECT_VERBS
    ):
        return i, i
    return None


def _thanked(tokens: list[_Token], i: int) -> bool:
    """After "thank you", a known first name, or a capitalised word ending the phrase:
    "Thank you Jane", "thanks to Kez!", not "Thank you Emergency Department"."""
    token = tokens[i]
    if not _could_be_a_name(token):
        return False
    if token.lower in _FIRST_NAMES or token.lower in _WORD_NAMES:
        return True
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return following is None or following.gap.strip() != "" or following.lower in ("and", "for")


def _with_surnames(tokens: list[_Token], i: int) -> int:
    """The last word of the name starting at `i`: up to two capitalised words straight after
    it that are not ordinary words ("Jane Smith", "Mary Ann O'Neill")."""
    last = i
    while (
        last + 1 < len(tokens)
        and last - i < 2
        and _joined_by_space(tokens[last + 1])
        and tokens[last + 1].shaped
        and not _ordinary(tokens[last + 1].text)
        and tokens[last + 1].lower not in _PLACE_AFTER
        and not tokens[last].possessive
    ):
        last += 1
    return last


def _after_a_saint(tokens: list[_Token], i: int) -> bool:
    return i > 0 and tokens[i - 1].lower.rstrip(".") in _PLACE_BEFORE and tokens[i].gap == " "


def _is_place(tokens: list[_Token], first: int, last: int) -> bool:
    """Whether the words `first`..`last` name a place: "Rowan ward", "Parkway Medical
    Centre", "St George's", "Queen Elizabeth Hospital"."""
    if _after_a_saint(tokens, first):
        return True
    if tokens[last].possessive:  # "Dr Ramanathan's clinic" is his
        return False
    following = tokens[last + 1] if last + 1 < len(tokens) else None
    return following is not None and following.gap == " " and following.lower in _PLACE_AFTER


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TITLES = _words(
    "dr doctor mr mrs ms miss mx prof professor nurse sister matron sr sir dame rev reverend"
)
_ROLES = _words(
    """nurse nurses doctor doc paramedic paramedics physio physiotherapist consultant surgeon
    anaesthetist midwife receptionist porter carer hca assistant sister matron therapist
    psychologist psychiatrist ot worker coordinator co-ordinator gp registrar driver handler
    technician student manager cleaner pharmacist dentist visitor practitioner colleague
    officer responder medic volunteer secretary advisor adviser clinician specialist
    counsellor psychotherapist radiographer sonographer phlebotomist optometrist podiatrist
    chiropodist dietitian dietician housekeeper lead navigator patient"""
)
_RELATIONS = _words(
    """son daughter husband wife mum mam mom mother dad father partner brother sister nan
    nana nanna gran granny grandma grandad grandpa grandmother grandfather grandson
    granddaughter friend aunt auntie aunty uncle niece nephew cousin baby boy girl fiance
    fiancee fiancé fiancée stepson stepdaughter stepmum stepdad neighbour child"""
)
_NAMING = _words("called named namely especially particularly including")
# Two-word cues: "name is Jo", "known as Bex", "ask for Dev", "thanks to Kez".
_NAMING_PAIRS = {
    "name": frozenset({"is", "was"}),
    "surname": frozenset({"is", "was"}),
    "forename": frozenset({"is", "was"}),
    "names": frozenset({"are", "were"}),
    "known": frozenset({"as"}),
    "ask": frozenset({"for"}),
    "asked": frozenset({"for"}),
    "asking": frozenset({"for"}),
    "thank": frozenset({"you", "to"}),
    "thanks": frozenset({"to"}),
    "thankyou": frozenset({"to"}),
}
_THANKS = frozenset({"thank", "thanks", "thankyou", "cheers"})
# "in Blyth", "at Bassetlaw": a capitalised word after these is more often a place.
_PLACE_PREPOSITIONS = _words("in at from to near into outside inside around via towards through")
# "at Stanley", "in James Cook": even a first name, after these, is more often a place.
_AT_A_PLACE = _words("in at near outside via")
_PLACE_BEFORE = _words("st saint queen king royal prince princess")
_PLACE_AFTER = _words(
    """ward wards unit hospital hospitals infirmary house lodge centre center surgery practice
    medical clinic health court wing suite road street lane avenue university college school
    hall building pharmacy hospice community general memorial trust team service services
    park view place drive close way gardens village primary district green"""
)
_SUBJECT_VERBS = _words(
    """was is were has had did came made said told helped explained listened looked took gave
    went who stayed sat rang phoned saw kept showed treated spoke talked asked knew understood
    always never really put tried got arrived answered visited calmed reassured cared organised
    sorted noticed checked dealt would could will"""
)
# Capitalised words a comment uses that are not names: sentence words, praise, time,
# services, the NHS's roles and departments, conditions, peoples.
_ORDINARY = _words(
    """a an and or but if so the this that these those there then than when where what why how
    who which while whilst with without within for from into onto upon to of on in at by as
    is are was were be been being am do does did done have has had having not no yes ok okay
    i me my mine we us our you your he him his she her they them their it its all any some
    every each both either neither none nothing everything everyone everybody someone somebody
    anyone nobody one two three four five six seven eight nine ten first second third last
    next other another more most much many few very really quite just only also even still
    again always never often sometimes please thank thanks thankyou cheers sorry hello hi dear
    good great excellent lovely brilliant amazing fantastic wonderful superb outstanding kind
    caring helpful friendly polite professional rude poor bad terrible awful fine nice happy
    sad well better best worse worst quick slow fast long short late early overall keep
    today yesterday tomorrow morning afternoon evening night day days week weeks month months
    year years hour hours minute minutes time times monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december christmas easter xmas new boxing bank holiday weekend
    nhs hospital hospitals ward wards trust service services ambulance ambulances paramedic
    paramedics a&e ae emergency accident department dept unit centre center clinic surgery
    practice team teams crisis community mental health care social outpatients outpatient
    inpatient inpatients patient patients transport reception pharmacy physio physiotherapy
    maternity children childrens intensive urgent minor injuries injury covid coronavirus
    corona vaccine god doctor doctors dr drs doc nurse nurses staff sister matron consultant
    consultants practitioner registrar mr mrs ms miss gp gps crew crews driver drivers porter
    porters receptionist receptionists carer carers manager managers midwife midwives
    therapist therapists specialist ot ots dentist dentists pharmacist chemist responder
    responders handler call medic medics operator security police fire council government
    english british scottish welsh irish chinese african asian polish indian muslim christian
    jewish catholic hindu sikh black white dementia alzheimer alzheimers autism autistic
    diabetes cancer sepsis stroke asthma copd bipolar adhd ocd ptsd myeloma narcolepsy croup
    dad dads mum mums mam mother father husband wife son daughter brother partner nan gran
    grandad grandma baby family friend friends people person man woman lady gentleman guy
    girl boy sir madam mate everyone x xray scan bloods blood tests test appointment
    appointments bed beds room rooms food drink tea coffee water parking car bus taxi train
    phone telephone email letter text online website internet app video zoom teams microsoft
    google facebook tesco amazon sky xbox tv radio bbc north south east west northern southern
    eastern western central upper lower greater royal general city county national local
    street road lane avenue close drive way house lodge court park view hill green place
    university college school home homes flat wing suite floor level bay block building
    information advice help support assessment review referral triage discharge admission
    medication medicine medicines tablets pain treatment therapy recovery rehab visitor
    visitors visiting questionnaire survey feedback comments comment complaint complaints
    pals advocacy act section tier level step stage type adult adults older younger young old
    senior junior student students team lead leads head chief director board office admin
    covid-19 lockdown pandemic hub line lines desk portal system systems ambulance-service
    hope will may can could would should shall must might however although though
    unfortunately otherwise therefore meanwhile eventually finally luckily sadly apparently
    instead anyway besides overall
    """
)
# A title, role or family word is itself never a name ("the Technician were great").
_ORDINARY = _ORDINARY | _TITLES | _ROLES | _RELATIONS

_ORDINARY_ENDINGS = (
    "tion",
    "sion",
    "ness",
    "ment",
    "ity",
    "ing",
    "ings",
    "ly",
    "ful",
    "less",
    "ous",
    "ive",
    "able",
    "ible",
    "ism",
    "ist",
    "ists",
    "ology",
    "ologist",
    "ics",
    "ed",
    "ine",
    "ines",
    "amol",
    "azole",
    "pril",
    "olol",
    "statin",
    "mab",
    "cillin",
)
# Common first names in the UK (the ONS's baby-names lists across several decades and the
# names most common among adults), for names that come without a title or cue. Names that
# are also everyday words are in `_WORD_NAMES`: they count as names only with a cue or a
# surname ("my son Will", "May Thompson"), never alone ("I hope it will").
_FIRST_NAMES = _words(
    """aaliyah aaron abbie abby abdul abdullah abigail adam adrian ahmed aidan aiden aisha alan
    albert alex alexander alfie ali alice alison allan amanda amelia amir amy andrea andrew
    andy angela anita ann anna anne annette annie anthony anton arthur asha ashley ava barbara
    barry beatrice becky belinda ben benjamin bernard bethany beth betty beverley bev bilal
    brenda brian bridget callum cameron carl carly caroline carolyn cath catherine cathy
    charlie charlotte chloe chris christina christine christopher claire clare colin connor
    craig dan daniel danielle danny darren dave david dean debbie deborah declan denise
    dennis derek dev diana diane donna doreen dorothy duncan dylan eddie edward eileen elaine
    eleanor elena elijah ella ellie emily emma eric erin ethan evelyn fatima fiona freddie
    freya gail gareth gary gemma geoff geoffrey gerald gillian glenda gordon graham gurpreet
    hannah harjit harriet harry harvey hassan helen henry hussain ian imran irene isaac
    isabella isabelle isla jackie jacob jake jamal jamie jane janet janice jasmin jason jeff
    jeffrey jenny jennifer jessica jill joan joanne jo joe joel john johnny jon jonathan jordan
    joseph josh joshua joyce judith judy julia julie justin karen karl kate katherine kathleen
    kathryn katie kay keith kelly kerry kev kevin kez khalid kieran kim kirsty krystyna kyle
    laura lauren leah lee leon leonard lesley leslie liam linda lindsay lisa liz lizzie logan
    lorraine louise lucy lynn lynne mabel maisie malcolm mandy margaret maria marie marion
    martin martyn mary matt matthew maureen megan melanie michael michelle mick mike mohammed
    mohammad muhammad molly monica nadia naomi natalie nathan neil nicola nicole nigel noah
    norma oliver olivia omar oscar owen pamela paul paula pauline peter phil philip phillip
    pippa priya rachel rajesh raj rebecca rhys richard rita rob robert roberta robbie ronald
    ross ruth ryan sally samantha sam samuel sandra sanjay sara sarah scott sean shannon
    sharon sheila shirley simon sinead siobhan sophie stacey stanley stella stephanie stephen
    steve steven stuart sue susan suzanne sylvia tanya teresa terry theo theresa tim timothy
    tina toby tom tommy tony tracey tracy trevor valerie vanessa vicky vikram vincent wayne
    wendy william yasmin yusuf zara zoe zainab zoltan tomasz piotr magda agnieszka kasia
    marek olu ngozi chidi kwame adebayo deepak anil sunita pooja ravi arjun nisha mei wei
    bex jess jen kath steph nat fran andi mo nikki debs lou james george thomas elizabeth luke
    josephine geraldine nadine janine maxine justine celine clive shelley beverly"""
)
_WORD_NAMES = _words(
    """will hope may june april grace faith joy rose mark bill pat frank amber holly ivy dawn
    summer bob ray guy drew sky penny jack max ruby crystal robin jay lily violet daisy
    poppy iris heather victoria alexandra florence jasmine willow hazel rowan jade chelsea
    jean carol don eve dale glen miles norman grant nick dick sunny angel harley harper olive
    chance"""
)
