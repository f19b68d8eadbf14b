"""CQC enforcement actions against a trust, each with its dates, its status as of any date and
the ratings limiter it implies.

Requirement notices name the fundamental standard breached (Regulations 9–20A of the Health
and Social Care Act 2008 (Regulated Activities) Regulations 2014); section 29A warning notices
carry requirements each with its own compliance deadline. Sources: regulatory-framework
reference §5.3 and §6, citing
https://legislation.gov.uk/ukpga/2014/23/section/82/enacted/data.htm and
https://cqc.org.uk/guidance-providers/regulations-enforcement/regulations-service-providers-managers.

>>> FundamentalStandard.parse("Regulation 12").title
'Safe care and treatment'
>>> FundamentalStandard.REG_17.key_question.label
'Well-led'
>>> EnforcementActionKind.parse("Section 29A warning notice")
<EnforcementActionKind.WARNING_NOTICE_29A: 'warning_notice_29a'>
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

from carewatch.domain.ratings import EnforcementKind, KeyQuestion
from carewatch.domain.words import StrWord, UnknownWord, Word

__all__ = [
    "DATED_ACTIONS",
    "REGULATIONS_SOURCE",
    "WARNING_NOTICE_SOURCE",
    "Condition",
    "EnforcementAction",
    "EnforcementActionKind",
    "FixedPenalty",
    "FundamentalStandard",
    "InvalidEnforcement",
    "NoticeStatus",
    "Prosecution",
    "RequirementNotice",
    "RequirementStatus",
    "UnknownFundamentalStandard",
    "UrgentAction",
    "WarningNotice29A",
    "WarningRequirement",
]

REGULATIONS_SOURCE = (
    "https://cqc.org.uk/guidance-providers/regulations-enforcement/"
    "regulations-service-providers-managers"
)
WARNING_NOTICE_SOURCE = (
    "https://www.cqc.org.uk/guidance-regulation/providers/enforcement/"
    "section-29a-warning-notices-nhs-trusts-and-nhs-foundation-trusts"
)


class InvalidEnforcement(ValueError):
    """An enforcement action whose dates or parts cannot all be true."""


class EnforcementActionKind(StrWord, what="enforcement action kind"):
    """What kind of enforcement action CQC took; the `kind` of each action type, and the value
    stored for it. Not the rating limiter it implies (`carewatch.domain.ratings.EnforcementKind`).
    """

    REQUIREMENT_NOTICE = "requirement_notice"  # a breach of a fundamental standard
    WARNING_NOTICE_29A = "warning_notice_29a"  # a section 29A warning notice
    CONDITION = "condition"  # a condition of registration
    URGENT_ACTION = "urgent_action"  # urgent suspension, variation or cancellation (s.31)
    FIXED_PENALTY = "fixed_penalty"  # a fixed penalty notice (s.86)
    PROSECUTION = "prosecution"  # a prosecution

    @property
    def label(self) -> str:
        return {
            EnforcementActionKind.REQUIREMENT_NOTICE: "Requirement notice",
            EnforcementActionKind.WARNING_NOTICE_29A: "Section 29A warning notice",
            EnforcementActionKind.CONDITION: "Condition of registration",
            EnforcementActionKind.URGENT_ACTION: "Urgent action",
            EnforcementActionKind.FIXED_PENALTY: "Fixed penalty notice",
            EnforcementActionKind.PROSECUTION: "Prosecution",
        }[self]


class UnknownFundamentalStandard(UnknownWord):
    """A word that names no fundamental standard."""


class FundamentalStandard(Word, what="regulation", error=UnknownFundamentalStandard):
    """The fundamental standards, Regulations 9–20A (SI 2014/2936), by number.

    The key question beside each is a modelling choice (the reference's suggestion), not CQC's.
    """

    REG_9 = "9"
    REG_9A = "9A"
    REG_10 = "10"
    REG_11 = "11"
    REG_12 = "12"
    REG_13 = "13"
    REG_14 = "14"
    REG_15 = "15"
    REG_16 = "16"
    REG_17 = "17"
    REG_18 = "18"
    REG_19 = "19"
    REG_20 = "20"
    REG_20A = "20A"

    @property
    def number(self) -> str:
        return self.value

    @property
    def title(self) -> str:
        return _STANDARDS[self][0]

    @property
    def key_question(self) -> KeyQuestion:
        return _STANDARDS[self][1]

    @property
    def label(self) -> str:
        return f"Regulation {self.value}: {self.title}"

    @classmethod
    def parse(cls, text: object) -> Self:
        """Accept "12", "Regulation 12", "reg 20a" and the like."""
        if isinstance(text, str):
            number = re.sub(r"^(REGULATION|REG)", "", text.strip().upper()).strip(" .")
            for standard in cls:
                if standard.value == number:
                    return standard
        return super().parse(text)


_STANDARDS: dict[FundamentalStandard, tuple[str, KeyQuestion]] = {
    FundamentalStandard.REG_9: ("Person-centred care", KeyQuestion.RESPONSIVE),
    FundamentalStandard.REG_9A: (
        "Visiting and accompanying in care homes, hospitals and hospices",
        KeyQuestion.RESPONSIVE,
    ),
    FundamentalStandard.REG_10: ("Dignity and respect", KeyQuestion.CARING),
    FundamentalStandard.REG_11: ("Need for consent", KeyQuestion.EFFECTIVE),
    FundamentalStandard.REG_12: ("Safe care and treatment", KeyQuestion.SAFE),
    FundamentalStandard.REG_13: (
        "Safeguarding service users from abuse and improper treatment",
        KeyQuestion.SAFE,
    ),
    FundamentalStandard.REG_14: ("Meeting nutritional and hydration needs", KeyQuestion.EFFECTIVE),
    FundamentalStandard.REG_15: ("Premises and equipment", KeyQuestion.SAFE),
    FundamentalStandard.REG_16: ("Receiving and acting on complaints", KeyQuestion.RESPONSIVE),
    FundamentalStandard.REG_17: ("Good governance", KeyQuestion.WELL_LED),
    FundamentalStandard.REG_18: ("Staffing", KeyQuestion.SAFE),
    FundamentalStandard.REG_19: ("Fit and proper persons employed", KeyQuestion.SAFE),
    FundamentalStandard.REG_20: ("Duty of candour", KeyQuestion.WELL_LED),
    FundamentalStandard.REG_20A: (
        "Requirement as to display of performance assessments",
        KeyQuestion.WELL_LED,
    ),
}


class NoticeStatus(Word, what="notice status"):
    """Whether an enforcement action is still in force on a date."""

    OPEN = "open"  # issued and not yet closed
    CLOSED = "closed"  # closed (complied with, removed, or no longer active)


class RequirementStatus(Word, what="requirement status"):
    """A warning notice requirement's state (section 29A: CQC must determine compliance)."""

    ACTIVE = "active"  # the deadline has not been judged yet
    COMPLIED = "complied"  # CQC found the significant improvement made
    NOT_COMPLIED = "not_complied"  # CQC found it not made; it decides what to do next
    NO_LONGER_ACTIVE = "no_longer_active"  # CQC stopped tracking it (e.g. via requirement notices)

    @property
    def label(self) -> str:
        if self is RequirementStatus.COMPLIED:
            return "Complied with"
        if self is RequirementStatus.NOT_COMPLIED:
            return "Not complied with"
        return super().label


def _check_order(first: dt.date, later: dt.date | None, what: str) -> None:
    if later is not None and later < first:
        raise InvalidEnforcement(f"{what} ({later.isoformat()}) is before {first.isoformat()}")


@dataclass(frozen=True)
class RequirementNotice:
    """A breach of a fundamental standard in a core service, from a published report."""

    regulation: FundamentalStandard
    issued: dt.date
    core_service: str | None = None
    key_question: KeyQuestion | None = None
    report_link_id: str | None = None
    closed: dt.date | None = None
    source: str = ""

    kind = EnforcementActionKind.REQUIREMENT_NOTICE

    def __post_init__(self) -> None:
        _check_order(self.issued, self.closed, "the closing date")

    @property
    def limiter(self) -> EnforcementKind | None:
        return EnforcementKind.REQUIREMENT_NOTICE

    @property
    def title(self) -> str:
        where = f" in {self.core_service}" if self.core_service else ""
        return f"Requirement notice: {self.regulation.label}{where}"

    def closed_on(self) -> dt.date | None:
        return self.closed

    def status(self, as_of: dt.date) -> NoticeStatus:
        return _status(self.issued, self.closed, as_of)

    def deadlines(self, as_of: dt.date) -> tuple[dt.date, ...]:
        return ()


@dataclass(frozen=True)
class WarningRequirement:
    """One requirement of a section 29A warning notice with its own compliance deadline.

    `status` is what CQC found and `decided` the date it did; before that it is ACTIVE.
    """

    text: str
    deadline: dt.date | None  # None when the notice's deadline was not made public
    status: RequirementStatus = RequirementStatus.ACTIVE
    decided: dt.date | None = None

    def __post_init__(self) -> None:
        if (self.status is RequirementStatus.ACTIVE) != (self.decided is None):
            raise InvalidEnforcement(
                f"requirement {self.text!r}: a decided status needs its date, and only it"
            )

    def status_on(self, as_of: dt.date) -> RequirementStatus:
        if self.decided is None or as_of < self.decided:
            return RequirementStatus.ACTIVE
        return self.status


@dataclass(frozen=True)
class WarningNotice29A:
    """A section 29A warning notice: quality "requires significant improvement" in time."""

    issued: dt.date
    requirements: tuple[WarningRequirement, ...]
    summary: str = ""
    source: str = ""

    kind = EnforcementActionKind.WARNING_NOTICE_29A

    def __post_init__(self) -> None:
        if not self.requirements:
            raise InvalidEnforcement("a warning notice needs at least one requirement")
        for requirement in self.requirements:
            _check_order(self.issued, requirement.deadline, "a compliance deadline")
            _check_order(self.issued, requirement.decided, "a compliance decision")

    @property
    def limiter(self) -> EnforcementKind | None:
        return EnforcementKind.WARNING_NOTICE

    @property
    def title(self) -> str:
        return "Section 29A warning notice" + (f": {self.summary}" if self.summary else "")

    def overall_status(self, as_of: dt.date) -> RequirementStatus:
        """ACTIVE while any requirement is; else NOT_COMPLIED if any was not complied with;
        COMPLIED if all were; otherwise NO_LONGER_ACTIVE."""
        states = [r.status_on(as_of) for r in self.requirements]
        if RequirementStatus.ACTIVE in states:
            return RequirementStatus.ACTIVE
        if RequirementStatus.NOT_COMPLIED in states:
            return RequirementStatus.NOT_COMPLIED
        if all(s is RequirementStatus.COMPLIED for s in states):
            return RequirementStatus.COMPLIED
        return RequirementStatus.NO_LONGER_ACTIVE

    def closed_on(self) -> dt.date | None:
        dates = [r.decided for r in self.requirements]
        return None if None in dates else max(d for d in dates if d is not None)

    def status(self, as_of: dt.date) -> NoticeStatus:
        return _status(self.issued, self.closed_on(), as_of)

    def deadlines(self, as_of: dt.date) -> tuple[dt.date, ...]:
        """Deadlines of the requirements still active on `as_of`, earliest first."""
        active = (r for r in self.requirements if r.status_on(as_of) is RequirementStatus.ACTIVE)
        return tuple(sorted(r.deadline for r in active if r.deadline is not None))


@dataclass(frozen=True)
class Condition:
    """A condition of registration: imposed, perhaps varied, perhaps removed."""

    text: str
    imposed: dt.date
    varied: tuple[dt.date, ...] = ()
    removed: dt.date | None = None
    source: str = ""

    kind = EnforcementActionKind.CONDITION

    def __post_init__(self) -> None:
        for day in self.varied:
            _check_order(self.imposed, day, "a variation")
        _check_order(self.imposed, self.removed, "the removal")

    @property
    def issued(self) -> dt.date:
        return self.imposed

    @property
    def limiter(self) -> EnforcementKind | None:
        return EnforcementKind.CONDITION

    @property
    def title(self) -> str:
        return f"Condition of registration: {self.text}"

    def closed_on(self) -> dt.date | None:
        return self.removed

    def status(self, as_of: dt.date) -> NoticeStatus:
        return _status(self.imposed, self.removed, as_of)

    def deadlines(self, as_of: dt.date) -> tuple[dt.date, ...]:
        return ()


@dataclass(frozen=True)
class _Dated:
    """An action that happens on one date (it does not stay open) and limits no rating."""

    description: str
    issued: dt.date
    source: str = ""

    kind: ClassVar[EnforcementActionKind]

    @property
    def limiter(self) -> EnforcementKind | None:
        return None

    @property
    def title(self) -> str:
        return f"{self.kind.label}: {self.description}"

    def closed_on(self) -> dt.date | None:
        return None

    def status(self, as_of: dt.date) -> NoticeStatus:
        return NoticeStatus.CLOSED

    def deadlines(self, as_of: dt.date) -> tuple[dt.date, ...]:
        return ()


@dataclass(frozen=True)
class UrgentAction(_Dated):
    """Urgent enforcement (HSCA 2008 s.31: urgent suspension, variation or cancellation)."""

    kind = EnforcementActionKind.URGENT_ACTION


@dataclass(frozen=True)
class FixedPenalty(_Dated):
    """A fixed penalty notice (HSCA 2008 s.86)."""

    kind = EnforcementActionKind.FIXED_PENALTY


@dataclass(frozen=True)
class Prosecution(_Dated):
    """A prosecution, dated when brought."""

    kind = EnforcementActionKind.PROSECUTION


EnforcementAction = (
    RequirementNotice | WarningNotice29A | Condition | UrgentAction | FixedPenalty | Prosecution
)
"""Any enforcement action; each has `kind`, `issued`, `title`, `source`, `limiter`,
`closed_on()`, `status(as_of)` and `deadlines(as_of)`."""

DATED_ACTIONS: Mapping[EnforcementActionKind, type[UrgentAction | FixedPenalty | Prosecution]] = {
    action.kind: action for action in (UrgentAction, FixedPenalty, Prosecution)
}
"""The action types that happen on one date, by kind."""


def _status(issued: dt.date, closed: dt.date | None, as_of: dt.date) -> NoticeStatus:
    if as_of >= issued and (closed is None or as_of < closed):
        return NoticeStatus.OPEN
    return NoticeStatus.CLOSED
