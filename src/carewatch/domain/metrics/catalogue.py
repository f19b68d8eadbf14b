"""The seeded catalogue: the measures a mental health trust's board watches, and the ones the
worked example needs to show whether the January 2020 must-dos were fixed.

Every target names its source. Where no national standard sets a figure the target is marked
`illustrative` (made up to show the tool working: replace it with the trust's own) or
`convention` (a widely used figure no current national standard sets).

Sources:
- CQC, Norfolk and Suffolk NHS Foundation Trust inspection report, January 2020 (the must-dos
  these measures evidence): https://www.cqc.org.uk/provider/RMY
- NHS England, Mental Health Services Monthly Statistics (the four-week-wait measures MRS01–14):
  https://digital.nhs.uk/data-and-information/publications/statistical/mental-health-services-monthly-statistics
- NHS England, clinically-led review of mental health access standards (the proposed four-week
  waits, 2022): https://www.england.nhs.uk/publication/mental-health-clinically-led-review-of-standards/
- Department of Health, Out of area placements in mental health services for adults in acute
  inpatient care (2016; the national ambition to eliminate inappropriate placements by
  2020/21): https://www.gov.uk/government/publications/oaps-in-mental-health-services-for-adults-in-acute-inpatient-care
- NHS Digital, Out of Area Placements in Mental Health Services (the monthly collection):
  https://digital.nhs.uk/data-and-information/publications/statistical/out-of-area-placements-in-mental-health-services
- Royal College of Psychiatrists, Commission on Acute Adult Psychiatric Care, "Old problems,
  new solutions" (2016; 85% maximum occupancy for adult acute wards):
  https://www.rcpsych.ac.uk/improving-care/campaigning-for-better-mental-health-policy/service-capacity-in-england
"""

from __future__ import annotations

from carewatch.domain.metrics.definitions import MetricDefinition, Target
from carewatch.domain.metrics.words import Level, MeasurementFrequency, TargetKind, Unit
from carewatch.domain.ratings import CoreService
from carewatch.domain.spc.words import Improvement

__all__ = ["CATALOGUE", "UnknownMetric", "metric"]

MHSDS = (
    "NHS England, Mental Health Services Monthly Statistics, four-week waits: "
    "https://digital.nhs.uk/data-and-information/publications/statistical/"
    "mental-health-services-monthly-statistics"
)
OAPS = (
    "NHS Digital, Out of Area Placements in Mental Health Services: "
    "https://digital.nhs.uk/data-and-information/publications/statistical/"
    "out-of-area-placements-in-mental-health-services"
)
LOCAL = "The trust's own data (the observations CSV); the worked example's series are illustrative"
FOUR_WEEK_REVIEW = (
    "https://www.england.nhs.uk/publication/mental-health-clinically-led-review-of-standards/"
)
OAP_AMBITION = (
    "Department of Health (2016): eliminate inappropriate adult acute out of area placements "
    "by 2020/21: https://www.gov.uk/government/publications/"
    "oaps-in-mental-health-services-for-adults-in-acute-inpatient-care"
)
CYP_SERVICE = CoreService.COMMUNITY_CHILDREN.value
POS_SERVICE = CoreService.CRISIS.value
ACUTE_SERVICE = CoreService.ACUTE_WARDS.value


def _illustrative(why: str) -> str:
    return f"Illustrative: {why}. Replace it with the trust's own target."


CATALOGUE: tuple[MetricDefinition, ...] = (
    MetricDefinition(
        code="cyp_triage_wait",
        name="Children and young people: median wait from referral to triage",
        description=(
            "Median days from referral to triage for children and young people referred to "
            "community mental health services. Evidences the January 2020 must-do to cut "
            "waiting lists for triage, assessment and treatment."
        ),
        unit=Unit.DAYS,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=CYP_SERVICE,
        target=Target(
            5.0, TargetKind.ILLUSTRATIVE, _illustrative("no national standard sets a triage wait")
        ),
        data_source=LOCAL,
        fix_after=12,
    ),
    MetricDefinition(
        code="cyp_assessment_wait",
        name="Children and young people: median wait from referral to assessment",
        description=(
            "Median days from referral to first assessment for children and young people. "
            "Evidences the January 2020 must-do on CYP waiting lists."
        ),
        unit=Unit.DAYS,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=CYP_SERVICE,
        target=Target(
            28.0,
            TargetKind.ILLUSTRATIVE,
            _illustrative(
                "28 days mirrors the four-week wait NHS England proposed in 2022, which is not "
                f"yet a standard in force ({FOUR_WEEK_REVIEW})"
            ),
        ),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="cyp_treatment_wait",
        name="Children and young people: median wait from referral to treatment",
        description=(
            "Median days from referral to the start of treatment for children and young "
            "people. Evidences the January 2020 must-do on CYP waiting lists."
        ),
        unit=Unit.DAYS,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=CYP_SERVICE,
        target=Target(
            84.0, TargetKind.ILLUSTRATIVE, _illustrative("twelve weeks; no national standard")
        ),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="adhd_assessment_wait",
        name="ADHD: median wait from referral to assessment",
        description=(
            "Median days from referral to assessment in the ADHD service. Evidences the "
            "January 2020 must-do to cut ADHD waiting lists."
        ),
        unit=Unit.DAYS,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.TRUST,
        target=Target(
            126.0,
            TargetKind.ILLUSTRATIVE,
            _illustrative("eighteen weeks; no national standard covers ADHD assessment"),
        ),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="adhd_treatment_wait",
        name="ADHD: median wait from referral to treatment",
        description=(
            "Median days from referral to the start of treatment in the ADHD service. "
            "Evidences the January 2020 must-do to cut ADHD waiting lists."
        ),
        unit=Unit.DAYS,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.TRUST,
        target=Target(
            182.0, TargetKind.ILLUSTRATIVE, _illustrative("26 weeks; no national standard")
        ),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="cmh_4ww",
        name="Community mental health: clock stops within four weeks",
        description=(
            "Share of adult and older adult community mental health referrals whose clock "
            "stopped (a second contact) within four weeks, over the rolling three months to "
            "the period end (MHSDS measure MRS01b; numerator MRS01a, denominator MRS01). "
            "Consecutive rolling quarters overlap by two months, so neighbouring points are "
            "not independent."
        ),
        unit=Unit.PERCENT,
        polarity=Improvement.INCREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.TRUST,
        target=None,
        data_source=MHSDS,
    ),
    MetricDefinition(
        code="cmh_4ww_median_wait",
        name="Community mental health: median wait of open referrals for a second contact",
        description=(
            "Median days that open adult and older adult community mental health referrals "
            "had waited for a second contact at the end of the month (MHSDS measure MRS03a)."
        ),
        unit=Unit.DAYS,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.TRUST,
        target=None,
        data_source=MHSDS,
    ),
    MetricDefinition(
        code="cyp_4ww",
        name="Children and young people: clock stops within four weeks",
        description=(
            "Share of children and young people's community mental health referrals whose "
            "clock stopped within four weeks, over the rolling three months to the period end "
            "(MHSDS measure MRS08b; numerator MRS08a, denominator MRS08)."
        ),
        unit=Unit.PERCENT,
        polarity=Improvement.INCREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=CYP_SERVICE,
        target=None,
        data_source=MHSDS,
    ),
    MetricDefinition(
        code="cyp_first_contact_median_wait",
        name="Children and young people: median wait of open referrals for a first contact",
        description=(
            "Median days that open children and young people's referrals had waited for a "
            "first contact at the end of the month (MHSDS measure MRS10a)."
        ),
        unit=Unit.DAYS,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=CYP_SERVICE,
        target=None,
        data_source=MHSDS,
    ),
    MetricDefinition(
        code="emergency_referral_response",
        name="Emergency referrals seen within target time",
        description=(
            "Percentage of emergency referrals to crisis services seen within the trust's "
            "target time. Evidences the January 2020 must-do for enough staff to meet "
            "emergency referral targets."
        ),
        unit=Unit.PERCENT,
        polarity=Improvement.INCREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=POS_SERVICE,
        target=Target(95.0, TargetKind.ILLUSTRATIVE, _illustrative("no national percentage")),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="oaps_active",
        name="Out of area placements active at period end",
        description=(
            "Out of area placements for adult acute mental health care that the trust, as "
            "sending provider, had active at the end of the month (NHS Digital question "
            "'OAPs active at period end'). The collection began in October 2016, so its "
            "first months under-count."
        ),
        unit=Unit.COUNT,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.TRUST,
        target=None,
        data_source=OAPS,
    ),
    MetricDefinition(
        code="oaps_inappropriate_bed_days",
        name="Inappropriate out of area placement bed days",
        description=(
            "Days spent in inappropriate out of area placements over the month by patients "
            "the trust sent (NHS Digital question 'Total number of OAP days over the period'; "
            "the collection counts placements reported as inappropriate)."
        ),
        unit=Unit.BED_DAYS,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.TRUST,
        target=Target(0.0, TargetKind.NATIONAL, OAP_AMBITION),
        data_source=OAPS,
    ),
    MetricDefinition(
        code="bed_occupancy",
        name="Adult acute bed occupancy",
        description=(
            "Percentage of adult acute mental health beds occupied, averaged over the month."
        ),
        unit=Unit.PERCENT,
        polarity=Improvement.DECREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=ACUTE_SERVICE,
        target=Target(
            85.0,
            TargetKind.CONVENTION,
            "Convention: 85% is the maximum occupancy the Royal College of Psychiatrists "
            "recommends for adult acute wards; no current NHS England standard sets it "
            "(https://www.rcpsych.ac.uk/improving-care/campaigning-for-better-mental-health-"
            "policy/service-capacity-in-england)",
        ),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="pos_staffing_fill_rate",
        name="Health-based places of safety: staffing fill rate",
        description=(
            "Shifts staffed as planned in health-based places of safety, as a percentage of "
            "planned shifts. Evidences the January 2020 must-do for enough staff in places "
            "of safety."
        ),
        unit=Unit.PERCENT,
        polarity=Improvement.INCREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=POS_SERVICE,
        target=Target(95.0, TargetKind.ILLUSTRATIVE, _illustrative("no national fill rate")),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="medication_errors_reported",
        name="Medication errors reported",
        description=(
            "Medication errors reported as incidents in the month. Evidences the January 2020 "
            "must-do that all medication errors are reported."
        ),
        unit=Unit.COUNT,
        polarity=Improvement.NEITHER,
        polarity_reason=(
            "More reports can mean more errors or a better reporting culture, and fewer can "
            "mean fewer errors or under-reporting; NHS England reads higher reporting as a "
            "sign of a stronger safety culture "
            "(https://www.england.nhs.uk/patient-safety/"
            "national-patient-safety-incident-reports/), "
            "so the count is watched, not pushed either way."
        ),
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=POS_SERVICE,
        target=None,
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="medication_errors_investigated_in_time",
        name="Medication errors investigated within policy time",
        description=(
            "Percentage of reported medication errors investigated within the time the "
            "trust's policy allows. Evidences the January 2020 must-do on medication-error "
            "investigation in places of safety."
        ),
        unit=Unit.PERCENT,
        polarity=Improvement.INCREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=POS_SERVICE,
        target=Target(95.0, TargetKind.ILLUSTRATIVE, _illustrative("no national standard")),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="risk_assessment_care_plan_current",
        name="Patients with a current risk assessment and care plan",
        description=(
            "Percentage of open patients in children and young people's services with a "
            "current risk assessment and care plan. Evidences the January 2020 must-do on "
            "CYP risk assessments and care plans."
        ),
        unit=Unit.PERCENT,
        polarity=Improvement.INCREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=CYP_SERVICE,
        target=Target(95.0, TargetKind.ILLUSTRATIVE, _illustrative("no national standard")),
        data_source=LOCAL,
    ),
    MetricDefinition(
        code="records_contemporaneous",
        name="Records completed contemporaneously",
        description=(
            "Percentage of audited records in health-based places of safety completed at the "
            "time of care. Evidences the January 2020 must-do on contemporaneous records."
        ),
        unit=Unit.PERCENT,
        polarity=Improvement.INCREASE,
        frequency=MeasurementFrequency.MONTHLY,
        level=Level.CORE_SERVICE,
        core_service=POS_SERVICE,
        target=Target(95.0, TargetKind.ILLUSTRATIVE, _illustrative("no national standard")),
        data_source=LOCAL,
    ),
)
"""The catalogue in display order."""

_BY_CODE = {m.code: m for m in CATALOGUE}


class UnknownMetric(LookupError):
    """A metric code that is not in the catalogue."""

    def __init__(self, code: str) -> None:
        super().__init__(f"no metric {code!r} in the catalogue")
        self.code = code


def metric(code: str) -> MetricDefinition:
    """The catalogue's definition of `code`.

    >>> metric("bed_occupancy").target.value
    85.0
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownMetric(code) from None
