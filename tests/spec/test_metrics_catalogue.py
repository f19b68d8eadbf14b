"""The metric catalogue: every measure says which way is better, in what unit, how often, and
where its target comes from (or that it is illustrative, local or a convention).

Rules and sources:
- Making Data Count asks of every measure whether higher or lower is better, or neither
  (https://www.england.nhs.uk/publication/making-data-count-getting-started/).
- The national ambition to eliminate inappropriate adult acute out of area placements by
  2020/21 (Department of Health, 2016:
  https://www.gov.uk/government/publications/oaps-in-mental-health-services-for-adults-in-acute-inpatient-care).
- 85% adult acute bed occupancy is the Royal College of Psychiatrists' recommended maximum,
  not an NHS England standard: a convention.
"""

from __future__ import annotations

import pytest

from carewatch.domain.metrics import (
    CATALOGUE,
    InvalidMetric,
    Level,
    MeasurementFrequency,
    MetricDefinition,
    Target,
    TargetKind,
    Unit,
    UnknownMetric,
    metric,
)
from carewatch.domain.spc import Improvement

# The codes the improvement plan links must-dos to: every one must exist.
REQUIRED_CODES = {
    "cyp_triage_wait",
    "cyp_assessment_wait",
    "cyp_treatment_wait",
    "adhd_assessment_wait",
    "adhd_treatment_wait",
    "cmh_4ww",
    "emergency_referral_response",
    "oaps_active",
    "oaps_inappropriate_bed_days",
    "bed_occupancy",
    "pos_staffing_fill_rate",
    "medication_errors_reported",
    "medication_errors_investigated_in_time",
    "risk_assessment_care_plan_current",
    "records_contemporaneous",
}

# metric                                   polarity    unit        target  target kind
TABLE = """
cyp_triage_wait                          decrease    days          5     illustrative
cyp_assessment_wait                      decrease    days         28     illustrative
cyp_treatment_wait                       decrease    days         84     illustrative
adhd_assessment_wait                     decrease    days        126     illustrative
adhd_treatment_wait                      decrease    days        182     illustrative
cmh_4ww                                  increase    percent       -     none
cmh_4ww_median_wait                      decrease    days          -     none
cyp_4ww                                  increase    percent       -     none
cyp_first_contact_median_wait            decrease    days          -     none
emergency_referral_response              increase    percent      95     illustrative
oaps_active                              decrease    count         -     none
oaps_inappropriate_bed_days              decrease    bed_days      0     national
bed_occupancy                            decrease    percent      85     convention
pos_staffing_fill_rate                   increase    percent      95     illustrative
medication_errors_reported               neither     count         -     none
medication_errors_investigated_in_time   increase    percent      95     illustrative
risk_assessment_care_plan_current        increase    percent      95     illustrative
records_contemporaneous                  increase    percent      95     illustrative
"""


def rows() -> list[list[str]]:
    return [line.split() for line in TABLE.strip().splitlines()]


def test_the_catalogue_holds_every_code_the_plan_links_to() -> None:
    assert {m.code for m in CATALOGUE} >= REQUIRED_CODES


def test_the_catalogue_is_the_table_above_in_order() -> None:
    assert [m.code for m in CATALOGUE] == [r[0] for r in rows()]


@pytest.mark.parametrize(("code", "polarity", "unit", "target", "kind"), rows())
def test_polarity_unit_and_target(
    code: str, polarity: str, unit: str, target: str, kind: str
) -> None:
    m = metric(code)
    assert (m.polarity.value, m.unit.value, m.target_kind.value) == (polarity, unit, kind)
    assert (m.target.value if m.target else None) == (None if target == "-" else float(target))
    assert m.frequency is MeasurementFrequency.MONTHLY
    # The SPC engine's improvement direction is the metric's polarity.
    assert Improvement(m.polarity.value).value == polarity


@pytest.mark.parametrize("m", CATALOGUE, ids=lambda m: m.code)
def test_every_target_names_its_source_or_says_it_is_not_national(m: MetricDefinition) -> None:
    if m.target is None:
        return
    source = m.target.source
    if m.target.kind is TargetKind.ILLUSTRATIVE:
        assert source.startswith("Illustrative")
    elif m.target.kind is TargetKind.CONVENTION:
        assert source.startswith("Convention")
        assert "https://" in source
    else:
        assert "https://" in source


@pytest.mark.parametrize("m", CATALOGUE, ids=lambda m: m.code)
def test_every_metric_says_where_its_data_comes_from(m: MetricDefinition) -> None:
    assert m.data_source.strip()
    assert m.description.strip()
    if m.level is Level.CORE_SERVICE:
        assert m.core_service


def test_a_count_that_is_neither_better_high_nor_low_says_why() -> None:
    reported = metric("medication_errors_reported")
    assert reported.polarity is Improvement.NEITHER
    assert "reporting culture" in reported.polarity_reason


def test_out_of_area_bed_days_carry_the_national_ambition() -> None:
    target = metric("oaps_inappropriate_bed_days").target
    assert target is not None
    assert (target.value, target.kind) == (0.0, TargetKind.NATIONAL)
    assert "2020/21" in target.source


def test_a_definition_that_breaks_a_rule_is_refused() -> None:
    base = {
        "code": "x",
        "name": "X",
        "description": "",
        "unit": Unit.COUNT,
        "polarity": Improvement.NEITHER,
        "frequency": MeasurementFrequency.MONTHLY,
        "level": Level.TRUST,
        "target": None,
        "data_source": "local",
    }
    with pytest.raises(InvalidMetric) as no_reason:
        MetricDefinition(**base)  # type: ignore[arg-type]
    assert no_reason.value.field == "polarity_reason"
    with pytest.raises(InvalidMetric) as bad_code:
        MetricDefinition(**{**base, "code": "Not a code", "polarity_reason": "r"})  # type: ignore[arg-type]
    assert bad_code.value.field == "metric_code"
    with pytest.raises(InvalidMetric) as no_source:
        Target(5.0, TargetKind.LOCAL, " ")
    assert no_source.value.field == "target_source"
    with pytest.raises(InvalidMetric) as percent:
        MetricDefinition(
            **{  # type: ignore[arg-type]
                **base,
                "unit": Unit.PERCENT,
                "polarity": Improvement.INCREASE,
                "target": Target(120.0, TargetKind.LOCAL, "board"),
            }
        )
    assert percent.value.field == "target"


def test_an_unknown_code_is_a_named_error() -> None:
    with pytest.raises(UnknownMetric):
        metric("no_such_metric")
