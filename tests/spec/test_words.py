"""One word, one enum: every enumerated word has one enum, in the domain area that owns it, with
its label on it, and is read back by one parser.

- A word is read from its value, its name or its label, in any case, with spaces, hyphens or
  underscores between its parts, or from a declared synonym ("neutral" for neither).
- A word that names nothing raises the area's error, which is an `UnknownWord` and a
  `ValueError`, and says what was expected.
- A metric's polarity and an SPC chart's improvement direction are one word (`Improvement`).
  How often evidence falls due (monthly or quarterly, in whole months) and how often a metric
  is measured (weekly to annual) are two words with two names.
"""

from __future__ import annotations

import doctest
import enum
import importlib

import pytest

from carewatch.domain import incidents
from carewatch.domain.metrics import CATALOGUE, DataKind, Level, MeasurementFrequency, TargetKind
from carewatch.domain.metrics import Unit as MetricUnit
from carewatch.domain.oversight import (
    CommitmentStatus,
    DecisionKind,
    EnforcementActionKind,
    EscalationOption,
    EscalationOutcome,
    EventKind,
    FundamentalStandard,
    MeetingFormat,
    NoticeStatus,
    Regime,
    RequirementStatus,
    UnknownEngagementWord,
    UnknownEscalationWord,
    UnknownFundamentalStandard,
    UnknownRegime,
)
from carewatch.domain.plans import (
    ActionStatus,
    EscalationLevel,
    EvidenceFrequency,
    EvidenceKind,
    FindingKind,
    Priority,
    Rag,
    TargetDirection,
    UnknownActionStatus,
    UnknownDirection,
    UnknownEvidenceWord,
    UnknownFindingKind,
    UnknownPriority,
    Verdict,
)
from carewatch.domain.ratings import (
    MENTAL_HEALTH_CORE_SERVICES,
    Aspect,
    Confidence,
    CoreService,
    EnforcementKind,
    Framework,
    KeyQuestion,
    NonRating,
    Rating,
    TrustType,
    UnknownAspect,
    UnknownEnforcementKind,
    UnknownKeyQuestion,
    UnknownRating,
    UnknownTrustType,
    parse_published_rating,
)
from carewatch.domain.spc import (
    Assurance,
    Improvement,
    PointType,
    Rule,
    SpecialCause,
    UnknownSpcWord,
)
from carewatch.domain.words import StrWord, UnknownWord, Word, or_list, word_key, word_table
from tests.spec.test_oversight_transitions import rows

VOCABULARIES: tuple[type[Word], ...] = (
    ActionStatus,
    Aspect,
    Assurance,
    CommitmentStatus,
    Confidence,
    CoreService,
    DataKind,
    DecisionKind,
    EnforcementActionKind,
    EnforcementKind,
    EscalationLevel,
    EscalationOption,
    EscalationOutcome,
    EventKind,
    EvidenceFrequency,
    EvidenceKind,
    FindingKind,
    Framework,
    FundamentalStandard,
    Improvement,
    KeyQuestion,
    Level,
    MeasurementFrequency,
    MeetingFormat,
    MetricUnit,
    NonRating,
    NoticeStatus,
    PointType,
    Priority,
    Rag,
    Rating,
    Regime,
    RequirementStatus,
    Rule,
    SpecialCause,
    TargetDirection,
    TargetKind,
    TrustType,
    Verdict,
    incidents.AgeBand,
    incidents.Category,
    incidents.CqcCriterion,
    incidents.Duty,
    incidents.Ethnicity,
    incidents.EventType,
    incidents.LearningResponse,
    incidents.NationalRule,
    incidents.NeverEventType,
    incidents.PhysicalHarm,
    incidents.ProblemsInCare,
    incidents.PsychologicalHarm,
    incidents.RequiredResponse,
    incidents.ResponseFramework,
    incidents.ResponseStatus,
    incidents.Sex,
)

MEMBERS = [member for vocabulary in VOCABULARIES for member in vocabulary]


@pytest.mark.parametrize("name", ["carewatch.domain.words", "carewatch.domain.ratings.words"])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("member", MEMBERS, ids=repr)
def test_every_word_is_read_from_its_value_name_and_label(member: Word) -> None:
    cls = type(member)
    for text in (member, member.value, member.name, member.label):
        assert cls.parse(text) is member
    assert cls.parse(f"  {str(member.value).upper()} ") is member
    assert member.label.strip()


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_no_two_members_share_a_label(vocabulary: type[Word]) -> None:
    labels = [word_key(m.label) for m in vocabulary]
    assert len(labels) == len(set(labels))


READ = """
| vocabulary            | text                         | member                     |
|-----------------------|------------------------------|----------------------------|
| ActionStatus          | In progress                  | IN_PROGRESS                |
| ActionStatus          | evidence-submitted           | EVIDENCE_SUBMITTED         |
| CommitmentStatus      | Kept late                    | KEPT_LATE                  |
| EnforcementActionKind | Section 29A warning notice   | WARNING_NOTICE_29A         |
| EnforcementActionKind | fixed penalty                | FIXED_PENALTY              |
| EnforcementKind       | Warning Notice               | WARNING_NOTICE             |
| EscalationOption      | buddy trust                  | BUDDY_TRUST                |
| FundamentalStandard   | Regulation 12                | REG_12                     |
| FundamentalStandard   | reg 20a                      | REG_20A                    |
| FundamentalStandard   | Reg. 9A                      | REG_9A                     |
| Framework             | SAF                          | SAF                        |
| Improvement           | neutral                      | NEITHER                    |
| Improvement           | Lower is better              | DECREASE                   |
| MeetingFormat         | Face-to-face                 | FACE_TO_FACE               |
| Regime                | Quality special measures     | QUALITY_SPECIAL_MEASURES   |
| Regime                | segment 4                    | SEGMENT_4                  |
| RequirementStatus     | Not complied with            | NOT_COMPLIED               |
| TrustType             | Community health             | COMMUNITY                  |
| TrustType             | ACUTE-SPECIALIST             | ACUTE_SPECIALIST           |
| CoreService           | End of life care             | END_OF_LIFE                |
| Rating                | requires-improvement         | REQUIRES_IMPROVEMENT       |
| NonRating             | not yet rated                | NOT_RATED                  |
| NonRating             | No rating                    | NO_PUBLISHED_RATING        |
| KeyQuestion           | Well Led                     | WELL_LED                   |
| KeyQuestion           | wellled                      | WELL_LED                   |
| Aspect                | Combined rating              | COMBINED                   |
| Aspect                | Use of resources             | USE_OF_RESOURCES           |
"""


@pytest.mark.parametrize("case", rows(READ), ids=lambda c: f"{c['vocabulary']}:{c['text']}")
def test_words_as_people_write_them(case: dict[str, str]) -> None:
    vocabulary = {v.__name__: v for v in VOCABULARIES}[case["vocabulary"]]
    assert vocabulary.parse(case["text"]) is vocabulary[case["member"]]


UNKNOWN: list[tuple[type[Word], str, type[UnknownWord], str]] = [
    (
        Verdict,
        "maybe",
        UnknownEvidenceWord,
        "verdict 'maybe': expected one of pending, accepted, rejected",
    ),
    (
        EvidenceFrequency,
        "weekly",
        UnknownEvidenceWord,
        "frequency 'weekly': expected one of monthly, quarterly",
    ),
    (Priority, "urgent", UnknownPriority, "priority 'urgent': expected high, medium or low"),
    (
        TargetDirection,
        "about",
        UnknownDirection,
        "target direction 'about': expected at_least or at_most",
    ),
    (
        FindingKind,
        "could",
        UnknownFindingKind,
        "finding kind 'could': expected must_do or should_do",
    ),
    (
        EnforcementKind,
        "caution",
        UnknownEnforcementKind,
        "enforcement kind 'caution': expected requirement_notice, warning_notice or condition",
    ),
    (
        TrustType,
        "hospice",
        UnknownTrustType,
        "trust type 'hospice': expected one of mental_health, community, ambulance, acute, "
        "acute_specialist",
    ),
    (
        EscalationOutcome,
        "vetoed",
        UnknownEscalationWord,
        "escalation outcome 'vetoed': expected one of pending, considered, taken, rejected",
    ),
    (
        CommitmentStatus,
        "lost",
        UnknownEngagementWord,
        "commitment status 'lost': expected one of open, kept, kept_late, broken",
    ),
    (
        Improvement,
        "sideways",
        UnknownSpcWord,
        "improvement direction 'sideways': expected one of increase, decrease, neither",
    ),
    (
        FundamentalStandard,
        "21",
        UnknownFundamentalStandard,
        "regulation '21': expected one of 9, 9A, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 20A",
    ),
    (
        ActionStatus,
        "done",
        UnknownActionStatus,
        "action status 'done': expected one of open, "
        "in_progress, evidence_submitted, verified, closed, reopened, cancelled",
    ),
    (
        Regime,
        "s9",
        UnknownRegime,
        "oversight regime 's9': expected one of none, "
        "quality_special_measures, financial_special_measures, segment_1, segment_2, segment_3, "
        "segment_4, segment_5, trust_special_administration",
    ),
    (Framework, "kloe", UnknownWord, "framework 'kloe': expected one of legacy, saf"),
    (
        Rating,
        "Fine",
        UnknownRating,
        "rating 'Fine': expected Outstanding, Good, Requires improvement, Inadequate, or a "
        "non-rating state such as 'Not rated'",
    ),
    (
        KeyQuestion,
        "kind",
        UnknownKeyQuestion,
        "key question 'kind': expected safe, effective, caring, responsive or well-led",
    ),
    (
        Aspect,
        "value",
        UnknownAspect,
        "rated aspect 'value': expected a key question, Overall, Use of resources or Combined",
    ),
]


@pytest.mark.parametrize(
    ("vocabulary", "text", "error", "message"), UNKNOWN, ids=[u[0].__name__ for u in UNKNOWN]
)
def test_an_unknown_word_says_what_was_expected(
    vocabulary: type[Word], text: str, error: type[UnknownWord], message: str
) -> None:
    with pytest.raises(error) as raised:
        vocabulary.parse(text)
    assert isinstance(raised.value, UnknownWord)
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == f"unknown {message}"
    assert raised.value.text == text


@pytest.mark.parametrize("text", [None, 12, ["open"]])
def test_only_text_or_a_member_is_read(text: object) -> None:
    with pytest.raises(UnknownWord, match="expected one of"):
        NoticeStatus.parse(text)


LABELS = """
| vocabulary            | member             | label                       |
|-----------------------|--------------------|-----------------------------|
| EnforcementActionKind | REQUIREMENT_NOTICE | Requirement notice          |
| EnforcementActionKind | WARNING_NOTICE_29A | Section 29A warning notice  |
| EnforcementActionKind | CONDITION          | Condition of registration   |
| EnforcementActionKind | URGENT_ACTION      | Urgent action               |
| EnforcementActionKind | FIXED_PENALTY      | Fixed penalty notice        |
| EnforcementActionKind | PROSECUTION        | Prosecution                 |
| RequirementStatus     | ACTIVE             | Active                      |
| RequirementStatus     | COMPLIED           | Complied with               |
| RequirementStatus     | NOT_COMPLIED       | Not complied with           |
| RequirementStatus     | NO_LONGER_ACTIVE   | No longer active            |
| CommitmentStatus      | OPEN               | Open                        |
| CommitmentStatus      | KEPT_LATE          | Kept late                   |
| CommitmentStatus      | BROKEN             | Broken                      |
| EventKind             | RATING_PUBLISHED   | Rating published            |
| EventKind             | REGIME_ENTERED     | Regime entered              |
| EventKind             | REGIME_EXITED      | Regime left                 |
| EventKind             | REGIME_RETAINED    | Regime kept                 |
| EventKind             | SEGMENT_CHANGED    | Segment changed             |
| EventKind             | ENFORCEMENT_CLOSED | Enforcement closed          |
| EventKind             | COMMITMENT_DUE     | Commitment due              |
| ActionStatus          | EVIDENCE_SUBMITTED | Evidence submitted          |
| EscalationLevel       | EXECUTIVE_LEAD     | Executive lead              |
| MeetingFormat         | FACE_TO_FACE       | Face-to-face                |
| Improvement           | NEITHER            | Neither higher nor lower is better |
| Framework             | SAF                | Single assessment framework |
"""


@pytest.mark.parametrize("case", rows(LABELS), ids=lambda c: f"{c['vocabulary']}.{c['member']}")
def test_labels_live_on_the_enums(case: dict[str, str]) -> None:
    vocabulary = {v.__name__: v for v in VOCABULARIES}[case["vocabulary"]]
    assert vocabulary[case["member"]].label == case["label"]


def test_the_action_types_carry_their_kind() -> None:
    from carewatch.domain.oversight import (
        DATED_ACTIONS,
        Condition,
        FixedPenalty,
        Prosecution,
        RequirementNotice,
        UrgentAction,
        WarningNotice29A,
    )

    kinds = [
        t.kind
        for t in (
            RequirementNotice,
            WarningNotice29A,
            Condition,
            UrgentAction,
            FixedPenalty,
            Prosecution,
        )
    ]
    assert kinds == list(EnforcementActionKind)
    assert {k.value: t.__name__ for k, t in DATED_ACTIONS.items()} == {
        "urgent_action": "UrgentAction",
        "fixed_penalty": "FixedPenalty",
        "prosecution": "Prosecution",
    }


def test_a_published_rating_is_a_rating_or_a_state_in_its_place() -> None:
    assert parse_published_rating("good") is Rating.GOOD
    assert parse_published_rating("Insufficient evidence") is NonRating.INSUFFICIENT_EVIDENCE
    with pytest.raises(UnknownRating, match="unknown rating 'Brilliant'"):
        parse_published_rating("Brilliant")


def test_a_metrics_polarity_is_its_charts_improvement_direction() -> None:
    assert {m.polarity for m in CATALOGUE} <= set(Improvement)
    assert Improvement.parse("neutral") is Improvement.NEITHER
    assert [d.sign for d in Improvement] == [1, -1, 0]


def test_evidence_and_measurement_frequencies_are_two_words() -> None:
    assert [(f.value, f.months) for f in EvidenceFrequency] == [("monthly", 1), ("quarterly", 3)]
    assert MeasurementFrequency.values() == ("weekly", "monthly", "quarterly", "annual")


def test_cqc_core_services_are_spelled_once() -> None:
    assert len(CoreService) == 24
    assert len(MENTAL_HEALTH_CORE_SERVICES) == 11
    assert CoreService.COMMUNITY_ADULTS.value == (
        "Community-based mental health services for adults of working age"
    )
    assert CoreService.parse("surgery") is CoreService.SURGERY
    assert Framework.values() == ("legacy", "saf")


def test_string_words_are_their_values() -> None:
    assert issubclass(PointType, StrWord)
    assert str(Assurance.CONSISTENT_PASS) == "consistent_pass"
    assert f"{EnforcementActionKind.CONDITION}" == "condition"
    assert EnforcementActionKind.CONDITION == "condition"


def test_word_keys_word_tables_and_lists_in_words() -> None:
    class Colour(enum.Enum):
        DARK_RED = "dark_red"

    assert word_table(Colour, {"crimson": "dark_red"}) == {
        "crimson": Colour.DARK_RED,
        "dark_red": Colour.DARK_RED,
    }
    assert word_key(" Kept -  late_") == "kept_late"
    assert or_list(["a"]) == "a"
    assert or_list(["a", "b"]) == "a or b"
    assert or_list(["a", "b", "c"]) == "a, b or c"
