"""Made-up mental health trusts so that national views are not empty. Clearly synthetic.

Their names say "(synthetic)", their provider ids start with SYN, and the providers are
stored with `synthetic = True`. Their core-service ratings are drawn from a fixed seed; their
trust ratings are what the NHS trusts ratings principles propose, so they never depart.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from carewatch.domain.ratings import (
    KEY_QUESTIONS,
    CoreService,
    KeyQuestion,
    Rating,
    TrustType,
    aggregate_trust,
)

CORE_SERVICES = tuple(
    service.value
    for service in (
        CoreService.ACUTE_WARDS,
        CoreService.REHABILITATION_WARDS,
        CoreService.CHILD_AND_ADOLESCENT_WARDS,
        CoreService.OLDER_PEOPLE_WARDS,
        CoreService.COMMUNITY_ADULTS,
        CoreService.CRISIS,
        CoreService.COMMUNITY_CHILDREN,
    )
)


@dataclass(frozen=True)
class SyntheticTrust:
    provider_id: str
    name: str
    region: str
    # Chance that a key question is rated better or worse than Good, per inspection.
    strength: float
    reports: tuple[dt.date, ...]


TRUSTS = (
    SyntheticTrust(
        "SYN01",
        "Northmoor Mental Health NHS Foundation Trust (synthetic)",
        "North East and Yorkshire",
        0.7,
        (dt.date(2019, 6, 12), dt.date(2023, 3, 9)),
    ),
    SyntheticTrust(
        "SYN02",
        "Riverside and Vale Partnership NHS Trust (synthetic)",
        "London",
        0.55,
        (dt.date(2018, 9, 4), dt.date(2022, 11, 17)),
    ),
    SyntheticTrust(
        "SYN03",
        "Westerly Coast Mental Health NHS Foundation Trust (synthetic)",
        "South West",
        0.85,
        (dt.date(2017, 5, 23), dt.date(2021, 7, 1)),
    ),
    SyntheticTrust(
        "SYN04",
        "Midland Shires Healthcare NHS Foundation Trust (synthetic)",
        "Midlands",
        0.4,
        (dt.date(2019, 2, 14), dt.date(2022, 6, 30)),
    ),
    SyntheticTrust(
        "SYN05",
        "Pennine Valleys Care NHS Foundation Trust (synthetic)",
        "North West",
        0.5,
        (dt.date(2018, 3, 8), dt.date(2023, 8, 24)),
    ),
    SyntheticTrust(
        "SYN06",
        "Downs and Weald Mental Health NHS Trust (synthetic)",
        "South East",
        0.3,
        (dt.date(2020, 1, 30), dt.date(2024, 1, 18)),
    ),
)


def draw_rating(rng: random.Random, strength: float) -> Rating:
    """A key-question rating: mostly Good, better for strong trusts, worse for weak ones."""
    roll = rng.random()
    if roll < 0.12 * strength:
        return Rating.OUTSTANDING
    if roll < 0.55 + 0.35 * strength:
        return Rating.GOOD
    if roll < 0.97:
        return Rating.REQUIRES_IMPROVEMENT
    return Rating.INADEQUATE


@dataclass(frozen=True)
class SyntheticReport:
    provider_id: str
    published: dt.date
    services: dict[str, dict[KeyQuestion, Rating]]
    trust_key_questions: dict[KeyQuestion, Rating]
    overall: Rating


def synthetic_reports(trust: SyntheticTrust) -> list[SyntheticReport]:
    """The trust's reports, each with core-service and trust ratings (deterministic)."""
    rng = random.Random(trust.provider_id)
    out = []
    for number, published in enumerate(trust.reports):
        strength = min(1.0, trust.strength + 0.1 * number)
        services = {
            name: {kq: draw_rating(rng, strength) for kq in KEY_QUESTIONS}
            for name in CORE_SERVICES[: 5 + number]
        }
        well_led = draw_rating(rng, strength)
        result = aggregate_trust(
            trust_type=TrustType.MENTAL_HEALTH, services=services, trust_well_led=well_led
        )
        out.append(
            SyntheticReport(
                provider_id=trust.provider_id,
                published=published,
                services=services,
                trust_key_questions={kq: a.rating for kq, a in result.key_questions.items()},
                overall=result.overall.rating,
            )
        )
    return out
