"""The worked example's reports: Norfolk and Suffolk NHS Foundation Trust (RMY), 2015–2025.

Every report from 2015 to 2025 with the trust key-question ratings and core-service ratings
that CQC made public, each with its date and a link to the public source it was read from.
Where a source does not give a rating it is left out rather than guessed ("n/r" in the
reference); where it gives only the month of publication, the date is the first of that
month and the report says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.demo.nsft.sources import (
    CQC_2015,
    CQC_2017,
    CQC_2018,
    CQC_2022,
    CQC_2023,
    CQC_2025_10,
    ITV_2020,
    ITV_2021,
    NHSI_2016,
    NSFT_2025_08,
)
from carewatch.demo.nsft.trust import ACUTE_WARDS, COMMUNITY_ADULTS, CRISIS, REHAB

__all__ = ["KQ_ORDER", "REPORTS", "Report", "report"]

KQ_ORDER = ("safe", "effective", "caring", "responsive", "well-led")


@dataclass(frozen=True)
class Report:
    """A published report: its ratings for the trust and for core services, in CQC's words.

    `key_questions` pairs a key question ("safe") with its rating ("Inadequate"); each of
    `services` is a core service's name, its overall rating and its key-question ratings.
    The import batch (`carewatch.demo.batches`) parses them into the domain's ratings.
    """

    key: str
    published: dt.date
    report_type: str
    framework: str
    source: str
    summary: str
    date_is_approximate: bool = False
    overall: str | None = None
    key_questions: tuple[tuple[str, str], ...] = ()
    services: tuple[tuple[str, str | None, tuple[tuple[str, str], ...]], ...] = ()


def _kqs(*ratings: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((kq, r) for kq, r in zip(KQ_ORDER, ratings, strict=True) if r)


INAD, RI, G = "Inadequate", "Requires improvement", "Good"

REPORTS: tuple[Report, ...] = (
    Report(
        key="RMY-2015-02",
        published=dt.date(2015, 2, 4),
        report_type="Provider (comprehensive inspection, October 2014)",
        framework="legacy",
        source=CQC_2015,
        summary="Rated Inadequate; the Chief Inspector of Hospitals recommended special "
        "measures, and the trust became the first mental health trust in special measures.",
        overall=INAD,
        key_questions=_kqs(INAD, RI, G, RI, INAD),
    ),
    Report(
        key="RMY-2016-10",
        published=dt.date(2016, 10, 1),
        report_type="Provider (comprehensive re-inspection, July 2016)",
        framework="legacy",
        source=NHSI_2016,
        summary="Rated Requires improvement; taken out of special measures on the condition "
        "that the trust addresses outstanding safety issues. Key-question ratings were not "
        "in the sources read; published October 2016 (day not retrieved).",
        date_is_approximate=True,
        overall=RI,
    ),
    Report(
        key="RMY-2017-10",
        published=dt.date(2017, 10, 13),
        report_type="Provider (inspection, July 2017)",
        framework="legacy",
        source=CQC_2017,
        summary="Rated Inadequate; recommended back into special measures for a second time.",
        overall=INAD,
        key_questions=_kqs(INAD, None, None, None, INAD),
    ),
    Report(
        key="RMY-2018-11",
        published=dt.date(2018, 11, 28),
        report_type="Provider (inspection, 3–27 September 2018)",
        framework="legacy",
        source=CQC_2018,
        summary="Rated Inadequate a third time; remains in special measures. MPs called for "
        "special administration; CQC did not rule it out.",
        overall=INAD,
        key_questions=_kqs(INAD, RI, G, INAD, INAD),
    ),
    Report(
        key="RMY-2020-01",
        published=dt.date(2020, 1, 15),
        report_type="Provider (inspection, 7 October – 6 November 2019)",
        framework="legacy",
        source=ITV_2020,
        summary="Rated Requires improvement but remains in special measures, with five "
        "'must do' improvements.",
        overall=RI,
        key_questions=_kqs(RI, RI, G, RI, RI),
    ),
    Report(
        key="RMY-2021-01",
        published=dt.date(2021, 1, 21),
        report_type="Focused inspection of two core services (November 2020)",
        framework="legacy",
        source=ITV_2021,
        summary="Focused inspection of acute wards and PICUs and of crisis services and "
        "places of safety; not wide-ranging enough to change the trust's ratings.",
    ),
    Report(
        key="RMY-2022-04",
        published=dt.date(2022, 4, 28),
        report_type="Provider (core services and well-led, November–December 2021)",
        framework="legacy",
        source=CQC_2022,
        summary="Rated Inadequate a fourth time; a warning notice served; CQC recommended the "
        "trust remain in segment 4 (Recovery Support Programme).",
        overall=INAD,
        key_questions=_kqs(INAD, INAD, G, RI, INAD),
        services=(
            (COMMUNITY_ADULTS, INAD, ()),
            (CRISIS, RI, _kqs(INAD, None, None, None, None)),
            (REHAB, None, _kqs(INAD, None, None, None, None)),
            (ACUTE_WARDS, INAD, ()),
        ),
    ),
    Report(
        key="RMY-2023-02",
        published=dt.date(2023, 2, 23),
        report_type="Provider (six core services and well-led, September–November 2022)",
        framework="legacy",
        source=CQC_2023,
        summary="Rated Requires improvement; the warning notice no longer active; requirement "
        "notices remain.",
        overall=RI,
        key_questions=_kqs(RI, RI, G, RI, RI),
        services=(
            (COMMUNITY_ADULTS, RI, _kqs(RI, G, G, RI, RI)),
            (CRISIS, RI, _kqs(RI, RI, G, RI, RI)),
            (REHAB, None, _kqs(RI, None, None, None, None)),
            (ACUTE_WARDS, RI, ()),
        ),
    ),
    Report(
        key="RMY-2025-08",
        published=dt.date(2025, 8, 14),
        report_type="Service assessments (single assessment framework)",
        framework="saf",
        source=NSFT_2025_08,
        summary="Community services for adults improved to Good; crisis services and places "
        "of safety remain Requires improvement.",
        services=(
            (COMMUNITY_ADULTS, G, _kqs(RI, G, G, G, G)),
            (CRISIS, RI, _kqs(RI, G, G, RI, G)),
        ),
    ),
    Report(
        key="RMY-2025-10",
        published=dt.date(2025, 10, 22),
        report_type="Well-led assessment (single assessment framework)",
        framework="saf",
        source=CQC_2025_10,
        summary="Trust-level well-led rated Requires improvement (59%; the threshold for Good "
        "is 63%). Under the single assessment framework CQC no longer rates trusts overall.",
        key_questions=_kqs(None, None, None, None, RI),
    ),
)


def report(key: str) -> Report:
    """The report of the worked example with this key ("RMY-2020-01")."""
    for found in REPORTS:
        if found.key == key:
            return found
    raise KeyError(f"no report {key!r} in the worked example")
