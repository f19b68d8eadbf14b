"""The patient an incident happened to: restricted personal data, held apart from the incident.

The name and NHS number identify a person; the age band, sex and ethnicity (LFPSE's
`AgeBracket`, `Gender` and `PatientEthnicity`, code systems age-brackets-5, gender-5 and
ethnicity-5, https://github.com/cuperman007/lfpse-taxonomy) describe without identifying, and
are what counts and public facts may use. `PatientDetails` never shows the name or NHS number
in its repr or str, and no error raised here repeats either, so neither can reach a log line
or an error message by being printed.

An NHS number is ten digits whose last is a check digit by modulus 11 (NHS Data Dictionary,
"NHS Number"): weight the first nine digits 10, 9, ..., 2, add, take the remainder on division
by 11 and subtract it from 11; 11 gives a check digit of 0, and 10 means the number is not a
valid NHS number.

>>> check_digit("943476591")
9
>>> is_valid_nhs_number("943 476 5919"), is_valid_nhs_number("943 476 5918")
(True, False)
>>> p = PatientDetails(name="A Person", nhs_number="9434765919", age_band=AgeBand.Y66_85)
>>> p
PatientDetails(name=<withheld>, nhs_number=<withheld>, age_band=66-85 years, sex=None, \
ethnicity=None)
>>> p.nhs_number_formatted
'943 476 5919'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carewatch.domain.incidents.words import LfpseWord, UnknownIncidentWord, set_lfpse_codes

__all__ = [
    "AgeBand",
    "Ethnicity",
    "InvalidNhsNumber",
    "InvalidPatientDetails",
    "PatientDetails",
    "Sex",
    "check_digit",
    "is_valid_nhs_number",
    "normalise_nhs_number",
]

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_SEPARATORS = re.compile(r"[\s\-]")


class InvalidNhsNumber(ValueError):
    """Not a valid NHS number. The message says why and never repeats the number."""

    field = "nhs_number"


class InvalidPatientDetails(ValueError):
    """Patient details that cannot be stored; `field` names the part (never its value)."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


def check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit for the first nine digits of an NHS number, or None when
    the remainder makes it 10 (no NHS number starts with those nine digits).

    >>> check_digit("401023213")
    7
    """
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise InvalidNhsNumber("the first part of an NHS number is nine digits")
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def normalise_nhs_number(text: str) -> str:
    """The ten digits of an NHS number written with or without spaces or hyphens (as "943 476
    5919" or "943-476-5919"), or `InvalidNhsNumber` saying what is wrong with it."""
    digits = _SEPARATORS.sub("", text)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise InvalidNhsNumber("an NHS number is ten digits (spaces and hyphens allowed)")
    expected = check_digit(digits[:9])
    if expected is None:
        raise InvalidNhsNumber(
            "not a valid NHS number: its first nine digits give a check digit of 10"
        )
    if int(digits[9]) != expected:
        raise InvalidNhsNumber("not a valid NHS number: the check digit does not match")
    return digits


def is_valid_nhs_number(text: str) -> bool:
    """Whether `text` is a valid NHS number (ten digits, the last a modulus 11 check digit)."""
    try:
        normalise_nhs_number(text)
    except InvalidNhsNumber:
        return False
    return True


class AgeBand(LfpseWord, what="age band", error=UnknownIncidentWord):
    """LFPSE's age brackets (age-brackets-5)."""

    D0_14 = "0_14_days"
    D15_28 = "15_28_days"
    M1_11 = "1_11_months"
    Y1_4 = "1_4_years"
    Y5_9 = "5_9_years"
    Y10_15 = "10_15_years"
    Y16_17 = "16_17_years"
    Y18_25 = "18_25_years"
    Y26_45 = "26_45_years"
    Y46_65 = "46_65_years"
    Y66_85 = "66_85_years"
    Y85_PLUS = "85_plus_years"

    @property
    def child(self) -> bool:
        """Under 18."""
        return self.lfpse_code <= 7


set_lfpse_codes(
    AgeBand,
    {member: code for code, member in enumerate(AgeBand, start=1)},
    dict(
        zip(
            AgeBand,
            (
                "0-14 days",
                "15-28 days",
                "1-11 months",
                "1-4 years",
                "5-9 years",
                "10-15 years",
                "16 and 17 years",
                "18-25 years",
                "26-45 years",
                "46-65 years",
                "66-85 years",
                "85+ years",
            ),
            strict=True,
        )
    ),
)


class Sex(LfpseWord, what="sex", error=UnknownIncidentWord):
    """The patient's sex as LFPSE records it (`Gender`, gender-5: "the gender of a person
    used for administrative purposes")."""

    FEMALE = "female"
    MALE = "male"
    NOT_KNOWN = "not_known"  # LFPSE: "I don't know"
    NOT_SPECIFIED = "not_specified"  # LFPSE: "Withheld, not specified or other"


set_lfpse_codes(
    Sex,
    dict(zip(Sex, (1, 2, 3, 4), strict=True)),
    dict(
        zip(
            Sex, ("Female", "Male", "I don't know", "Withheld, not specified or other"), strict=True
        )
    ),
)


class Ethnicity(LfpseWord, what="ethnicity", error=UnknownIncidentWord):
    """The patient's self-identified ethnicity (LFPSE `PatientEthnicity`, ethnicity-5)."""

    WHITE_BRITISH = "white_british"
    WHITE_IRISH = "white_irish"
    WHITE_OTHER = "white_other"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african"
    MIXED_WHITE_ASIAN = "mixed_white_asian"
    MIXED_OTHER = "mixed_other"
    ASIAN_INDIAN = "asian_indian"
    ASIAN_PAKISTANI = "asian_pakistani"
    ASIAN_BANGLADESHI = "asian_bangladeshi"
    ASIAN_CHINESE = "asian_chinese"
    ASIAN_OTHER = "asian_other"
    BLACK_AFRICAN = "black_african"
    BLACK_CARIBBEAN = "black_caribbean"
    BLACK_OTHER = "black_other"
    OTHER = "other"
    NOT_KNOWN = "not_known"


set_lfpse_codes(
    Ethnicity,
    dict(
        zip(
            Ethnicity,
            (11, 12, 13, 21, 22, 23, 24, 31, 32, 33, 34, 35, 41, 42, 43, 51, 52),
            strict=True,
        )
    ),
    dict(
        zip(
            Ethnicity,
            (
                "English, Welsh, Scottish, Northern Irish or British",
                "Irish",
                "Any other White background",
                "White and Black Caribbean",
                "White and Black African",
                "White and Asian",
                "Any other mixed or multiple ethnic background",
                "Indian",
                "Pakistani",
                "Bangladeshi",
                "Chinese",
                "Any other Asian background",
                "African",
                "Caribbean",
                "Any other Black, African or Caribbean background",
                "Any other ethnic group",
                "I don't know",
            ),
            strict=True,
        )
    ),
)


@dataclass(frozen=True, repr=False)
class PatientDetails:
    """Who the incident happened to. Every part is optional (a risk or an anonymous report
    has no patient); an NHS number given must be valid and is kept as its ten digits.

    Restricted: only the trust's own staff and the regulators may read it, and its repr and
    str withhold the name and NHS number.
    """

    name: str = ""
    nhs_number: str = ""
    age_band: AgeBand | None = None
    sex: Sex | None = None
    ethnicity: Ethnicity | None = None

    def __post_init__(self) -> None:
        if self.name != self.name.strip():
            object.__setattr__(self, "name", self.name.strip())
        if len(self.name) > 200:
            raise InvalidPatientDetails("a patient's name is at most 200 characters", "name")
        if self.nhs_number:
            object.__setattr__(self, "nhs_number", normalise_nhs_number(self.nhs_number))

    @property
    def nhs_number_formatted(self) -> str:
        """The NHS number as it is printed, 3-3-4 ("943 476 5919"); empty when there is none."""
        n = self.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}" if n else ""

    @property
    def identifies(self) -> bool:
        """Whether these details name the patient (a name or an NHS number is held)."""
        return bool(self.name or self.nhs_number)

    def __repr__(self) -> str:
        def shown(value: LfpseWord | None) -> str:
            return "None" if value is None else value.label

        name = "<withheld>" if self.name else "''"
        number = "<withheld>" if self.nhs_number else "''"
        return (
            f"PatientDetails(name={name}, nhs_number={number}, "
            f"age_band={shown(self.age_band)}, sex={shown(self.sex)}, "
            f"ethnicity={shown(self.ethnicity)})"
        )

    __str__ = __repr__
