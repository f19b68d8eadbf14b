"""The worked example's must-dos, as the plan domain's `Finding`s.

Public record (each finding's `source`):

- the five "must do" improvements of the report published on 15 January 2020 (inspection
  7 October – 6 November 2019), in the words of the public summaries (ITV News, 15 January
  2020): the report itself was not available, so `report_words` says whose words they are;
- the must-do themes of the reports of February 2015, October 2017 and November 2018, and NHS
  Improvement's conditions of October 2016 for leaving special measures (regulatory-framework
  reference §8).

The regulation each finding is filed under is carewatch's reading of each theme against
Regulations 9–20A (the reference notes NSFT's must-dos "map to Reg 12 ..., Reg 17 ...,
Reg 18"); none of the sources names it. The oversight record holds no 2020 requirement
notices (the sources read name none), so no finding is linked to one.
"""

from __future__ import annotations

from carewatch.demo.nsft.ratings import Report, report
from carewatch.demo.nsft.sources import CQC_2015, CQC_2017, CQC_2018, ITV_2020, NHSI_2016
from carewatch.demo.nsft.trust import COMMUNITY_ADULTS, CRISIS, CYP, LD_WARDS
from carewatch.domain.oversight import FundamentalStandard
from carewatch.domain.plans import Finding, FindingKind
from carewatch.domain.ratings import KeyQuestion

__all__ = ["FINDINGS"]

MUST_DO = FindingKind.MUST_DO
REG_9, REG_12, REG_13 = (
    FundamentalStandard.REG_9,
    FundamentalStandard.REG_12,
    FundamentalStandard.REG_13,
)
REG_15, REG_17, REG_18 = (
    FundamentalStandard.REG_15,
    FundamentalStandard.REG_17,
    FundamentalStandard.REG_18,
)

REPORT_2015 = report("RMY-2015-02")
REPORT_2016 = report("RMY-2016-10")
REPORT_2017 = report("RMY-2017-10")
REPORT_2018 = report("RMY-2018-11")
REPORT_2020 = report("RMY-2020-01")

AS_REPORTED = "As reported by ITV News (15 January 2020), the report said the trust must "


def _theme(
    reference: str, of: Report, words: str, regulation: FundamentalStandard, source: str
) -> Finding:
    """A must-do theme of an earlier report: its words only, filed under a regulation."""
    return Finding(
        reference=reference,
        kind=MUST_DO,
        report_words=words,
        regulation=regulation,
        report_date=of.published,
        report_link_id=of.key,
        source=source,
    )


MUST_DOS_2020: tuple[Finding, ...] = (
    Finding(
        reference="2020-MD1",
        kind=MUST_DO,
        report_words=AS_REPORTED + "make sure the environments of its learning disability "
        "inpatient wards are clean, secure, well maintained and suitable.",
        public_summary="Make the wards for people with a learning disability clean, secure, "
        "well maintained and fit for purpose.",
        regulation=REG_15,
        core_services=(LD_WARDS,),
        report_date=REPORT_2020.published,
        report_link_id=REPORT_2020.key,
        source=ITV_2020,
    ),
    Finding(
        reference="2020-MD2",
        kind=MUST_DO,
        report_words=AS_REPORTED + "make sure that young people in its children and young "
        "people's services have risk assessments and care plans.",
        public_summary="Every child and young person using the community services should have "
        "a risk assessment and a care plan.",
        regulation=REG_12,
        core_services=(CYP,),
        report_date=REPORT_2020.published,
        report_link_id=REPORT_2020.key,
        source=ITV_2020,
    ),
    Finding(
        reference="2020-MD3",
        kind=MUST_DO,
        report_words=AS_REPORTED + "have enough staff to reduce the waiting lists for triage, "
        "assessment and treatment in children and young people's services and for ADHD.",
        public_summary="Employ enough staff to cut the waiting lists for children and young "
        "people's mental health services and for ADHD assessments.",
        regulation=REG_18,
        core_services=(CYP, COMMUNITY_ADULTS),
        key_question_given=KeyQuestion.RESPONSIVE,
        report_date=REPORT_2020.published,
        report_link_id=REPORT_2020.key,
        source=ITV_2020,
    ),
    Finding(
        reference="2020-MD4",
        kind=MUST_DO,
        report_words=AS_REPORTED + "keep contemporaneous records in its health-based places "
        "of safety, carry out robust medicines audits, and report and investigate all "
        "medication errors.",
        public_summary="Keep records up to date at the time of care in the places where people "
        "detained by the police are assessed, check medicines properly, and report and look "
        "into every medication error.",
        regulation=REG_17,
        core_services=(CRISIS,),
        key_question_given=KeyQuestion.SAFE,
        report_date=REPORT_2020.published,
        report_link_id=REPORT_2020.key,
        source=ITV_2020,
    ),
    Finding(
        reference="2020-MD5",
        kind=MUST_DO,
        report_words=AS_REPORTED + "have enough staff for its health-based places of safety "
        "and to meet emergency referral targets.",
        public_summary="Have enough staff in the places of safety, and see people referred in "
        "an emergency within the target time.",
        regulation=REG_18,
        core_services=(CRISIS,),
        report_date=REPORT_2020.published,
        report_link_id=REPORT_2020.key,
        source=ITV_2020,
    ),
)

THEMES: tuple[Finding, ...] = (
    _theme("2015-T1", REPORT_2015, "Staff morale and visible leadership.", REG_17, CQC_2015),
    _theme(
        "2015-T2",
        REPORT_2015,
        "Unsafe ward environments, including dignity and mixed-sex accommodation.",
        REG_15,
        CQC_2015,
    ),
    _theme("2015-T3", REPORT_2015, "Staffing levels.", REG_18, CQC_2015),
    _theme("2015-T4", REPORT_2015, "Medicines management.", REG_12, CQC_2015),
    _theme("2015-T5", REPORT_2015, "Seclusion and restraint practice.", REG_13, CQC_2015),
    _theme("2015-T6", REPORT_2015, "Bed availability and moves out of area.", REG_9, CQC_2015),
    _theme(
        "2016-C1",
        REPORT_2016,
        "Condition of leaving special measures: eliminate mixed-sex accommodation and make "
        "environments safe.",
        REG_15,
        NHSI_2016,
    ),
    _theme(
        "2016-C2",
        REPORT_2016,
        "Condition of leaving special measures: staffing levels and training.",
        REG_18,
        NHSI_2016,
    ),
    _theme(
        "2016-C3",
        REPORT_2016,
        "Condition of leaving special measures: risk assessments.",
        REG_12,
        NHSI_2016,
    ),
    _theme(
        "2016-C4",
        REPORT_2016,
        "Condition of leaving special measures: restrictive intervention.",
        REG_13,
        NHSI_2016,
    ),
    _theme(
        "2016-C5",
        REPORT_2016,
        "Condition of leaving special measures: management of medication.",
        REG_12,
        NHSI_2016,
    ),
    _theme("2017-T1", REPORT_2017, "Unsafe environments.", REG_15, CQC_2017),
    _theme("2017-T2", REPORT_2017, "Insufficient staff.", REG_18, CQC_2017),
    _theme("2017-T3", REPORT_2017, "Risk assessment and management.", REG_12, CQC_2017),
    _theme("2017-T4", REPORT_2017, "Bed shortages.", REG_9, CQC_2017),
    _theme(
        "2017-T5",
        REPORT_2017,
        "The board lacked the information to assure itself; breaches unresolved since 2014.",
        REG_17,
        CQC_2017,
    ),
    _theme("2017-T6", REPORT_2017, "Seclusion and restrictive practice.", REG_13, CQC_2017),
    _theme("2018-T1", REPORT_2018, "Unsafe buildings.", REG_15, CQC_2018),
    _theme("2018-T2", REPORT_2018, "Medicines and equipment.", REG_12, CQC_2018),
    _theme("2018-T3", REPORT_2018, "Seclusion reviews.", REG_13, CQC_2018),
    _theme("2018-T4", REPORT_2018, "Staffing in community teams.", REG_18, CQC_2018),
    _theme(
        "2018-T5",
        REPORT_2018,
        "Waiting lists and urgent triage in community services; people harming themselves "
        "while waiting.",
        REG_12,
        CQC_2018,
    ),
)

FINDINGS: tuple[Finding, ...] = (*MUST_DOS_2020, *THEMES)
