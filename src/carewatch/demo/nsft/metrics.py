"""The worked example's illustrative metrics: Norfolk and Suffolk NHS Foundation Trust (RMY).

Two kinds of series, never mixed up: the real ones, the trust's rows of public files
(`carewatch.demo.nsft.shared_data`), and these.

**Illustrative**: monthly series April 2019 – March 2022 for the measures behind the January
  2020 must-dos (CYP and ADHD waits, emergency referrals, places of safety staffing, medication
  errors investigated in time, risk assessments and care plans, contemporaneous records, bed
  occupancy). "Medication errors reported" is not among them: it is derived from the
  illustrative medication-error incidents (`carewatch.demo.nsft.incidents`), which are made from
  `medication_errors_in`, about 14 a month. They are made up: deterministic formulas, no
  randomness, every observation's source says "illustrative", and the data version is of kind
  `illustrative`. They show the kind of change an action should produce (CYP triage waits
  falling after a new triage pathway in July 2020, places-of-safety staffing rising, medication
  errors investigated in time rising), not what happened at the trust.

One recalculation is recorded with its reason: CYP triage waits from July 2020, after the new
triage pathway (illustrative); and three annotations mark the changes on the charts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from carewatch.demo.nsft.trust import NAME, PROVIDER_ID
from carewatch.demo.records import MetricAnnotation, MetricRecalculation
from carewatch.domain.metrics import DataKind, MetricBatch, ObservationRecord

__all__ = [
    "ANNOTATIONS",
    "ILLUSTRATIVE_PUBLISHED_ON",
    "MONTHS",
    "RECALCULATIONS",
    "illustrative_batch",
    "medication_errors_in",
    "month",
]

ILLUSTRATIVE_PUBLISHED_ON = dt.date(2022, 4, 30)
"""The illustrative series count as published the month after they end."""
FIRST_MONTH = (2019, 4)
MONTHS = 36  # April 2019 – March 2022
PATHWAY = dt.date(2020, 7, 1)
"""When the illustrative new CYP triage pathway starts (index 15 of the series)."""
SOURCE = "illustrative: made up for the worked example, not the trust's figures"


def _month(index: int) -> tuple[dt.date, dt.date]:
    year, month = divmod(FIRST_MONTH[0] * 12 + FIRST_MONTH[1] - 1 + index, 12)
    start = dt.date(year, month + 1, 1)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def _wobble(index: int, seed: int) -> float:
    """A fixed pseudo-random value in [-1, 1] for month `index` of series `seed`: the same
    on every load (a hash, not a random generator)."""
    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    return digest[0] / 127.5 - 1.0


def _after(index: int, month: dt.date, ramp: int = 6) -> float:
    """0 before `month`, rising to 1 over the `ramp` months from it."""
    start = _month(index)[0]
    months = (start.year - month.year) * 12 + start.month - month.month
    return max(0.0, min(1.0, (months + 1) / ramp))


Formula = Callable[[int], float]

SERIES: tuple[tuple[str, Formula], ...] = (
    # CYP triage: about 24 days, falling to about 8 after the new pathway (July 2020).
    ("cyp_triage_wait", lambda i: 24 - 16 * _after(i, PATHWAY, 2) + 2.5 * _wobble(i, 1)),
    (
        "cyp_assessment_wait",
        lambda i: 68 - 22 * _after(i, dt.date(2020, 10, 1)) + 5 * _wobble(i, 2),
    ),
    ("cyp_treatment_wait", lambda i: 130 - 25 * _after(i, dt.date(2021, 1, 1)) + 9 * _wobble(i, 3)),
    ("adhd_assessment_wait", lambda i: 300 + 2.5 * i + 15 * _wobble(i, 4)),
    ("adhd_treatment_wait", lambda i: 360 + 1.5 * i + 18 * _wobble(i, 5)),
    (
        "emergency_referral_response",
        lambda i: 82 + 8 * _after(i, dt.date(2020, 9, 1)) + 3 * _wobble(i, 6),
    ),
    (
        "pos_staffing_fill_rate",
        lambda i: 78 + 15 * _after(i, dt.date(2020, 4, 1)) + 2.5 * _wobble(i, 7),
    ),
    (
        "medication_errors_investigated_in_time",
        lambda i: 55 + 35 * _after(i, dt.date(2020, 6, 1)) + 4 * _wobble(i, 9),
    ),
    (
        "risk_assessment_care_plan_current",
        lambda i: 72 + 18 * _after(i, dt.date(2020, 5, 1)) + 3 * _wobble(i, 10),
    ),
    (
        "records_contemporaneous",
        lambda i: 70 + 20 * _after(i, dt.date(2020, 8, 1)) + 3 * _wobble(i, 11),
    ),
    ("bed_occupancy", lambda i: 96 + 2 * _wobble(i, 12)),
)
"""Metric code → the illustrative value for month i (0 = April 2019)."""

ANNOTATIONS: tuple[MetricAnnotation, ...] = (
    MetricAnnotation("cyp_triage_wait", PATHWAY, "New CYP triage pathway (illustrative)", SOURCE),
    MetricAnnotation(
        "pos_staffing_fill_rate",
        dt.date(2020, 4, 1),
        "Places of safety recruitment (illustrative)",
        SOURCE,
    ),
    MetricAnnotation(
        "medication_errors_investigated_in_time",
        dt.date(2020, 6, 1),
        "Medicines audit and error review process (illustrative)",
        SOURCE,
    ),
)

RECALCULATIONS: tuple[MetricRecalculation, ...] = (
    MetricRecalculation(
        "cyp_triage_wait",
        at=PATHWAY,
        reason="New CYP triage pathway from July 2020 (illustrative)",
        recorded_on=dt.date(2021, 1, 15),
        source=SOURCE,
    ),
)


def _rounded(code: str, value: float) -> float:
    return round(value, 1)


def medication_errors_in(index: int) -> int:
    """How many illustrative medication errors are reported in month `index` (0 = April
    2019): about 14 a month. The worked example's incidents are made from it, and the
    measure "medication errors reported" is derived from those incidents, not stored here."""
    return max(0, round(14 + 4 * _wobble(index, 8)))


def month(index: int) -> tuple[dt.date, dt.date]:
    """The first and last day of month `index` of the illustrative series (0 = April 2019)."""
    return _month(index)


def illustrative_batch() -> MetricBatch:
    """The illustrative series as one batch: deterministic, so its SHA-256 never changes."""
    observations: list[ObservationRecord] = []
    for code, formula in SERIES:
        for i in range(MONTHS):
            start, end = _month(i)
            observations.append(
                ObservationRecord(
                    org_code=PROVIDER_ID,
                    org_name=NAME,
                    metric_code=code,
                    period_start=start,
                    period_end=end,
                    value=_rounded(code, formula(i)),
                    source=SOURCE,
                    row=len(observations) + 1,
                )
            )
    text = "\n".join(
        f"{o.org_code},{o.metric_code},{o.period_start},{o.period_end},{o.value}"
        for o in observations
    )
    return MetricBatch(
        kind=DataKind.ILLUSTRATIVE,
        file_name="illustrative-nsft-2019-2022",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        publication="Illustrative series for the worked example (not real data)",
        published_on=ILLUSTRATIVE_PUBLISHED_ON,
        rows_read=len(observations),
        observations=tuple(observations),
        source=SOURCE,
    )
