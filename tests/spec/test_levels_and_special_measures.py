"""Levels of ratings for an NHS trust, and the special-measures entry criterion.

Mental health trusts have no location level: each core service's five key questions (after
enforcement limiters) give the core service's rating; each of safe, effective, caring and
responsive at trust level aggregates that key question across core services; trust well-led
comes from the trust-level well-led assessment and is never aggregated; the five trust key
questions give the trust overall; with use of resources they give the combined rating.
Source: https://gl-cqc.axis12.com/node/2611 ("Levels of ratings: NHS trusts").

Special measures (quality) entry: Inadequate in at least two of the five trust key
questions, one of them well-led, and a judgement that leaders cannot improve without
support. Source: https://www.cqc.org.uk/guidance-providers/nhs-trusts/special-measures-nhs-trusts.
"""

import pytest

from carewatch.domain.ratings import (
    Enforcement,
    EnforcementKind,
    KeyQuestion,
    Rating,
    TrustType,
    aggregate_trust,
    special_measures_entry,
)
from tests.spec.rulebook import rating, rows

KQ = list(KeyQuestion)

# Five core services of a mental health trust (safe, effective, caring, responsive, well-led).
SERVICES = """
| core service                                 | safe | effective | caring | responsive | well-led |
|----------------------------------------------|------|-----------|--------|------------|----------|
| Acute wards for adults of working age        | RI   | G         | G      | RI         | G        |
| Community-based services for adults          | G    | G         | G      | G          | G        |
| Mental health crisis services                | RI   | RI        | G      | RI         | RI       |
| Wards for older people                       | G    | G         | O      | G          | G        |
| Child and adolescent mental health wards     | I    | RI        | G      | G          | RI       |
"""


def services() -> dict[str, dict[KeyQuestion, Rating]]:
    out = {}
    for row in rows(SERVICES):
        name = row.pop("core service")
        out[name] = {KeyQuestion(k): rating(v) for k, v in row.items()}  # type: ignore[misc]
    return out


def test_each_level_aggregates_the_level_below() -> None:
    result = aggregate_trust(
        trust_type=TrustType.MENTAL_HEALTH, services=services(), trust_well_led=Rating.GOOD
    )
    # Core services: five key questions each.
    assert result.services["Acute wards for adults of working age"].overall.rating == rating("RI")
    assert result.services["Community-based services for adults"].overall.rating == rating("G")
    assert result.services["Wards for older people"].overall.rating == rating("G")
    assert result.services["Child and adolescent mental health wards"].overall.rating == rating(
        "RI"
    )
    # Trust safe: RI, G, RI, G, I → 2 RI of 5 → RI.
    assert result.key_questions[KeyQuestion.SAFE].rating == rating("RI")
    # Trust caring: G, G, G, O, G → one Outstanding of five is not enough → Good.
    assert result.key_questions[KeyQuestion.CARING].rating == rating("G")
    # Trust responsive: RI, G, RI, G, G → RI.
    assert result.key_questions[KeyQuestion.RESPONSIVE].rating == rating("RI")


def test_trust_well_led_is_never_aggregated_from_core_services() -> None:
    # Two core services have well-led Requires improvement, which would aggregate to RI.
    result = aggregate_trust(
        trust_type=TrustType.MENTAL_HEALTH, services=services(), trust_well_led=Rating.OUTSTANDING
    )
    assert result.key_questions[KeyQuestion.WELL_LED].rating is Rating.OUTSTANDING
    assert result.key_questions[KeyQuestion.WELL_LED].rule == "nhs-trust-2022 C5"


def test_a_warning_notice_changes_the_service_and_flows_up() -> None:
    before = aggregate_trust(
        trust_type=TrustType.MENTAL_HEALTH, services=services(), trust_well_led=Rating.GOOD
    )
    after = aggregate_trust(
        trust_type=TrustType.MENTAL_HEALTH,
        services=services(),
        trust_well_led=Rating.GOOD,
        enforcement=[
            Enforcement(
                EnforcementKind.WARNING_NOTICE,
                "Community-based services for adults",
                KeyQuestion.SAFE,
            )
        ],
    )
    community = after.services["Community-based services for adults"]
    assert community.key_questions[KeyQuestion.SAFE].rating is Rating.INADEQUATE
    assert community.key_questions[KeyQuestion.SAFE].limited_by is EnforcementKind.WARNING_NOTICE
    assert community.overall.rating is Rating.REQUIRES_IMPROVEMENT
    # Trust safe: RI, I, RI, G, I → 2 Inadequate of 5 → Inadequate.
    assert before.key_questions[KeyQuestion.SAFE].rating is Rating.REQUIRES_IMPROVEMENT
    assert after.key_questions[KeyQuestion.SAFE].rating is Rating.INADEQUATE


def test_use_of_resources_gives_the_combined_rating() -> None:
    result = aggregate_trust(
        trust_type=TrustType.ACUTE,
        services=services(),
        trust_well_led=Rating.GOOD,
        use_of_resources=Rating.REQUIRES_IMPROVEMENT,
    )
    # Trust: safe RI, effective G, caring G, responsive RI, well-led G → overall RI (two RI).
    assert result.overall.rating is Rating.REQUIRES_IMPROVEMENT
    # Combined: 3 RI of 6 → RI; and without the third RI, two of six would still be Good.
    assert result.combined is not None
    assert result.combined.rating is Rating.REQUIRES_IMPROVEMENT
    assert result.combined.rule == "combined-2018 C2"


def test_acute_trusts_add_the_location_level() -> None:
    result = aggregate_trust(
        trust_type=TrustType.ACUTE,
        services=services(),
        trust_well_led=Rating.GOOD,
        locations={
            "North hospital": [
                "Acute wards for adults of working age",
                "Mental health crisis services",
            ],
            "South hospital": [
                "Community-based services for adults",
                "Wards for older people",
                "Child and adolescent mental health wards",
            ],
        },
    )
    north = result.locations["North hospital"]
    south = result.locations["South hospital"]
    # North safe: RI, RI (2 of 2) → RI; South safe: G, G, I (1 of 3 = X) → Inadequate.
    assert north.key_questions[KeyQuestion.SAFE].rating is Rating.REQUIRES_IMPROVEMENT
    assert south.key_questions[KeyQuestion.SAFE].rating is Rating.INADEQUATE
    # Trust safe aggregates the two locations: RI and I → I (1 of 2).
    assert result.key_questions[KeyQuestion.SAFE].rating is Rating.INADEQUATE


SPECIAL_MEASURES = """
| safe | effective | caring | responsive | well-led | criteria met |
|------|-----------|--------|------------|----------|--------------|
| I    | RI        | G      | RI         | I        | yes          |
| I    | I         | G      | I          | I        | yes          |
| I    | I         | G      | RI         | RI       | no           |
| G    | G         | G      | G          | I        | no           |
| RI   | RI        | G      | RI         | RI       | no           |
"""


@pytest.mark.parametrize("case", rows(SPECIAL_MEASURES), ids=lambda c: "-".join(c.values()))
def test_special_measures_entry_criterion(case: dict[str, str]) -> None:
    met = case.pop("criteria met") == "yes"
    kqs = {KeyQuestion(k): rating(v) for k, v in case.items()}
    assert special_measures_entry(kqs).entry_criteria_met is met  # type: ignore[arg-type]
