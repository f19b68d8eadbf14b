"""The redactor of personal data in feedback, as examples: each kind in its usual forms, the
traps that must stay (times, ward numbers, appointment dates, doses, money, service and place
names, "Will" and "Hope" as words), and its recall and precision on the hand-labelled sample
`tests/data/feedback/redaction_sample.jsonl` (docs/feedback-redaction.md has the figures).

Each line of the sample is `{"text": ..., "spans": [{"start", "end", "kind", "text"}]}`: the
spans were marked by hand on the text; `text` repeats the characters a span covers so that a
reader can check it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from carewatch.domain.feedback.redact import (
    InvalidSpan,
    PersonalDataKind,
    Redaction,
    Span,
    find_personal_data,
    is_nhs_number,
    redact,
)

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "feedback" / "redaction_sample.jsonl"

K = PersonalDataKind

NAMES = [
    ("Nurse Jane was so kind to my dad.", "Nurse [name] was so kind to my dad."),
    ("Dr Patel explained everything.", "Dr [name] explained everything."),
    ("My son Tom was seen quickly.", "My son [name] was seen quickly."),
    ("A paramedic called Sarah kept Mum calm.", "A paramedic called [name] kept Mum calm."),
    ("Mrs O'Brien on reception was rude.", "Mrs [name] on reception was rude."),
    ("Jane Smith on ward 3 went above and beyond.", "[name] on ward 3 went above and beyond."),
    (
        "Thanks to Dave, Sue and Mo on the ambulance.",
        "Thanks to [name], [name] and [name] on the ambulance.",
    ),
    ("Dr. J. Okafor was patient.", "Dr. [name] was patient."),
    ("My daughter, Chloe, was terrified.", "My daughter, [name], was terrified."),
    ("Physio Gemma pushed me just enough.", "Physio [name] pushed me just enough."),
    ("Professor Lindqvist spent time with us.", "Professor [name] spent time with us."),
    ("Dr Ramanathan's clinic runs late.", "Dr [name]'s clinic runs late."),
    ("My son Will was treated with care.", "My son [name] was treated with care."),
    ("May Thompson was the best nurse.", "[name] was the best nurse."),
    ("when Bev came on shift it calmed down", "when [name] came on shift it calmed down"),
    ("Thank you Jo, you were wonderful.", "Thank you [name], you were wonderful."),
    ("Patient: Harold Finch. Ward: 23.", "Patient: [name]. Ward: 23."),
    ("Ask for Priya on the front desk.", "Ask for [name] on the front desk."),
]
NHS_NUMBERS = [
    ("My NHS number is 999 787 7896.", "My NHS number is [NHS number]."),
    ("NHS no. 9991742182 please.", "NHS no. [NHS number] please."),
    ("NHS number: 999-619-3454", "NHS number: [NHS number]"),
    # A wrong check digit, but said to be an NHS number: redacted all the same.
    ("My NHS number is 999 339 0750.", "My NHS number is [NHS number]."),
    # Unlabelled, the check digit is enough...
    ("It has 9997938348 on it.", "It has [NHS number] on it."),
]
PHONES = [
    ("Ring me on 07700 900123.", "Ring me on [phone]."),
    ("Call 0113 496 0018 after 5.", "Call [phone] after 5."),
    ("+44 7700 900781 any time", "[phone] any time"),
    ("+44 (0)7700 900456 or 0044 7700 900873", "[phone] or [phone]"),
    ("Phone (0191) 498 0721 today.", "Phone [phone] today."),
    ("020 7946 0015, 01632 960 417 and 07700-900-219", "[phone], [phone] and [phone]"),
    ("mobile 07700900345", "mobile [phone]"),
]
EMAILS = [
    ("Email me at m.kowalski@example.net please.", "Email me at [email] please."),
    ("Sam.Whitlock@example.com", "[email]"),
    ("jenny_h1972@example.co.uk", "[email]"),
]
ADDRESSES = [
    ("Letters go to 14 Acacia Avenue now.", "Letters go to [address] now."),
    ("Flat 3, 27 Mill Lane, Keighley BD21 5XY, is wrong.", "[address], is wrong."),
    ("We live at 1 The Green, Ponteland.", "We live at [address]."),
    ("Postcode LS6 2QT if it helps.", "Postcode [address] if it helps."),
    ("my postcode is ne12 8ab", "my postcode is [address]"),
    ("33 Coronation St, not the old one", "[address], not the old one"),
]
DATES_OF_BIRTH = [
    ("My mother (DOB 12/03/1941) waited.", "My mother (DOB [date of birth]) waited."),
    ("Dad was born on 3rd March 1938.", "Dad was born on [date of birth]."),
    ("D.O.B. 22.07.1959 - nobody checked.", "D.O.B. [date of birth] - nobody checked."),
    ("Date of birth: 1964-08-17.", "Date of birth: [date of birth]."),
    ("His birthday is March 30th.", "His birthday is [date of birth]."),
    ("It was 14 June, my birthday.", "It was [date of birth], my birthday."),
]
# Nothing here is personal data: each must come back unchanged.
TRAPS = [
    "Waited 4 hours in A&E with a broken wrist.",
    "Appointment on 14/06/2023 was cancelled the day before.",
    "Appointment booked for 3rd March 2024 at 2.30pm.",
    "Ward 12 is always short of staff at weekends, Bay 4 too.",
    "Given 500mg paracetamol at 10:30 and 2 x 30mg codeine at 4pm.",
    "Parking cost me £12.50 and a coffee £3.20.",
    "Will someone please sort out the phone line.",
    "I hope the new building will be better. Hope is what you gave us.",
    "May I say how grateful we are to everyone on the Children's Ward.",
    "Staff at the Royal Victoria Infirmary were very professional.",
    "Seen on Rowan Ward, then Jasmine Ward, then Florence Nightingale ward.",
    "Seen at James Cook University Hospital and St George's.",
    "Accident and Emergency at Queen Elizabeth Hospital was packed.",
    "Rang 999 at 01:15 and 111 at 03:05, the 0800 number was wrong.",
    "Took 12 hours from 1930 to 0730 before I saw a doctor.",
    "Blood pressure was 160/95, sats 92%, 10/10 for the crew.",
    "The Doctor said I could go home but the Nurse said no.",
    "Trust management need to listen. Nurse was very kind to me.",
    "The Crisis Team, the Community Mental Health Team and CAMHS.",
    "Monday to Friday only, closed in April and May.",
    "The Urgent Treatment Centre in Blyth was quick.",
    "Ward 5 North Park is a long walk from the car park.",
    "The hospital on Westgate Road is easy to reach.",
    "Ward A2 2nd floor, bay 3 at 3am.",
    "Born and bred in Hexham, I expected better.",
    "My baby was born 6 weeks early.",
    "Call the ward on extension 4321.",
    "Ref CW-2023-0417, still waiting after 40 working days.",
    "The Paramedic and the Technician were great.",
    "Brilliant Care. Thank You. Excellent Treatment from Start to Finish.",
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names_of_patients_relatives_and_staff(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(("text", "expected"), NHS_NUMBERS)
def test_nhs_numbers(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_uk_phone_numbers(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(("text", "expected"), EMAILS)
def test_email_addresses(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(("text", "expected"), ADDRESSES)
def test_postal_addresses(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(("text", "expected"), DATES_OF_BIRTH)
def test_dates_of_birth(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize("text", TRAPS)
def test_what_is_not_personal_data_stays(text: str) -> None:
    redaction = redact(text)
    assert redaction.text == text
    assert not redaction.found
    assert redaction.kinds == frozenset()


def test_an_appointment_date_stays_beside_a_date_of_birth() -> None:
    text = "DOB 05/11/1987, appointment on 12/05/2024."
    assert redact(text).text == "DOB [date of birth], appointment on 12/05/2024."


def test_ten_digits_that_are_neither_labelled_nor_checked_stay() -> None:
    assert is_nhs_number("9997938348")
    assert not is_nhs_number("9997938349")
    assert redact("Order 9997938349 went missing.").text == "Order 9997938349 went missing."


def test_a_number_after_plus_44_is_a_phone_not_an_nhs_number() -> None:
    assert redact("Call +44 113 496 0654.").kinds == {K.PHONE}


def test_spans_are_on_the_original_text_in_order() -> None:
    text = "Nurse Jane, 07700 900123, jo@example.org"
    redaction = redact(text)
    assert redaction.text == "Nurse [name], [phone], [email]"
    assert [(text[s.start : s.end], s.kind) for s in redaction.spans] == [
        ("Jane", K.NAME),
        ("07700 900123", K.PHONE),
        ("jo@example.org", K.EMAIL),
    ]
    assert redaction.kinds == {K.NAME, K.PHONE, K.EMAIL}
    assert redaction.found


def test_overlapping_finds_merge_into_the_most_specific_kind() -> None:
    # "Jane" is a first name inside an email address; "12 Elm Road, Leeds LS1 4AB" is a
    # street and a postcode.
    text = "Jane.Smith@example.org lives at 12 Elm Road, Leeds LS1 4AB."
    address = text.index("12 Elm")
    assert find_personal_data(text) == (
        Span(0, len("Jane.Smith@example.org"), K.EMAIL),
        Span(address, address + len("12 Elm Road, Leeds LS1 4AB"), K.ADDRESS),
    )
    assert redact(text).text == "[email] lives at [address]."


def test_each_kind_has_its_bracketed_label() -> None:
    assert {k: k.label for k in K} == {
        K.NAME: "[name]",
        K.NHS_NUMBER: "[NHS number]",
        K.PHONE: "[phone]",
        K.EMAIL: "[email]",
        K.ADDRESS: "[address]",
        K.DATE_OF_BIRTH: "[date of birth]",
    }
    assert K.parse("date of birth") is K.DATE_OF_BIRTH


def test_a_span_runs_forwards() -> None:
    with pytest.raises(InvalidSpan, match="runs forwards"):
        Span(5, 5, K.NAME)
    with pytest.raises(InvalidSpan, match="runs forwards"):
        Span(-1, 3, K.NAME)


def test_empty_text() -> None:
    assert redact("") == Redaction(text="", spans=())


# --- the labelled sample -------------------------------------------------------------------


@dataclass(frozen=True)
class Labelled:
    text: str
    spans: tuple[Span, ...]


def load_sample() -> list[Labelled]:
    rows = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        spans = []
        for s in row["spans"]:
            assert row["text"][s["start"] : s["end"]] == s["text"], (row["text"], s)
            spans.append(Span(s["start"], s["end"], K(s["kind"])))
        rows.append(Labelled(row["text"], tuple(spans)))
    return rows


@dataclass(frozen=True)
class Scores:
    found: Counter[PersonalDataKind]
    labelled: Counter[PersonalDataKind]
    right: Counter[PersonalDataKind]
    predicted: Counter[PersonalDataKind]

    def recall(self, kind: PersonalDataKind | None = None) -> float:
        if kind is None:
            return sum(self.found.values()) / sum(self.labelled.values())
        return self.found[kind] / self.labelled[kind]

    def precision(self, kind: PersonalDataKind | None = None) -> float:
        if kind is None:
            return sum(self.right.values()) / sum(self.predicted.values())
        return self.right[kind] / self.predicted[kind]


def score(rows: list[Labelled]) -> Scores:
    """A labelled span is found when every letter and digit of it is inside a redacted span
    (of any kind: what matters is that it is hidden); a redacted span is right when it
    overlaps a labelled one."""
    found: Counter[PersonalDataKind] = Counter()
    labelled: Counter[PersonalDataKind] = Counter()
    right: Counter[PersonalDataKind] = Counter()
    predicted: Counter[PersonalDataKind] = Counter()
    for row in rows:
        spans = find_personal_data(row.text)
        hidden = {i for s in spans for i in range(s.start, s.end)}
        for truth in row.spans:
            labelled[truth.kind] += 1
            letters = [i for i in range(truth.start, truth.end) if row.text[i].isalnum()]
            found[truth.kind] += all(i in hidden for i in letters)
        for span in spans:
            predicted[span.kind] += 1
            right[span.kind] += any(span.start < t.end and t.start < span.end for t in row.spans)
    return Scores(found, labelled, right, predicted)


def test_the_sample_is_large_varied_and_invented() -> None:
    rows = load_sample()
    assert len(rows) >= 250
    kinds = Counter(s.kind for row in rows for s in row.spans)
    assert all(kinds[k] >= 8 for k in K), kinds
    assert sum(1 for row in rows if not row.spans) >= 120
    # Only numbers that can belong to nobody: Ofcom's drama ranges for phones, the 999
    # range NHS England keeps for tests, and example domains for email.
    drama = re.compile(r"^0(?:7700900|11[3-8]4960|1[2-6]14960|1914980|2079460|1632960)")
    for row in rows:
        for s in row.spans:
            value = row.text[s.start : s.end]
            digits = re.sub(r"\D", "", value)
            if s.kind is K.PHONE:
                national = "0" + digits.removeprefix("00").removeprefix("44").removeprefix("0")
                assert drama.match(national), value
            elif s.kind is K.NHS_NUMBER:
                assert digits.startswith("999"), value
            elif s.kind is K.EMAIL:
                assert re.search(r"@example\.(?:com|net|org|co\.uk|org\.uk)$", value), value


# Measured on the sample (see docs/feedback-redaction.md): names 134 of 144 found, dates of
# birth 19 of 20, the rest all; 211 of 212 redactions right (the wrong one "Dawn was
# breaking"). Each floor sits a little below, so that a change that loses ground fails here.
RECALL_FLOORS = {
    K.NAME: 0.90,
    K.NHS_NUMBER: 0.95,
    K.PHONE: 0.95,
    K.EMAIL: 0.95,
    K.ADDRESS: 0.95,
    K.DATE_OF_BIRTH: 0.90,
}
PRECISION_FLOORS = {
    K.NAME: 0.97,
    K.NHS_NUMBER: 0.95,
    K.PHONE: 0.95,
    K.EMAIL: 0.95,
    K.ADDRESS: 0.95,
    K.DATE_OF_BIRTH: 0.95,
}


def test_recall_and_precision_on_the_labelled_sample() -> None:
    scores = score(load_sample())
    recall = {k: round(scores.recall(k), 3) for k in K}
    precision = {k: round(scores.precision(k), 3) for k in K}
    assert all(recall[k] >= RECALL_FLOORS[k] for k in K), recall
    assert all(precision[k] >= PRECISION_FLOORS[k] for k in K), precision
    assert scores.recall() >= 0.93
    assert scores.precision() >= 0.97
