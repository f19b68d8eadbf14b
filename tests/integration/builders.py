"""Small ratings worlds built in code as reader batches, for the storage tests.

RMY  mental health trust (provider-level core services, no location ratings)
  services A and B × five key questions, dated 2019-01-10
  service overalls, trust key questions, trust overall, dated 2019-01-10
RXX  acute trust with two hospitals, RXX01 and RXX02, each with services
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carewatch.domain.ratings import Aspect, PublishedRating, Rating
from carewatch.ingest.records import (
    ImportBatch,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ReportRecord,
)

G, RI, INAD, OUT = (Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE, Rating.OUTSTANDING)
KQS = (Aspect.SAFE, Aspect.EFFECTIVE, Aspect.CARING, Aspect.RESPONSIVE, Aspect.WELL_LED)
DAY = dt.date(2019, 1, 10)


def rating(
    provider: str,
    aspect: Aspect,
    value: PublishedRating,
    *,
    location: str | None = None,
    service: str | None = None,
    day: dt.date = DAY,
    link: str | None = "AP1",
    inherited: bool = False,
    current: bool = True,
) -> RatingRecord:
    return RatingRecord(
        provider_id=provider,
        location_id=location,
        service=service,
        aspect=aspect,
        rating=value,
        rating_date=day,
        report_link_id=link,
        inherited=inherited,
        inherited_from="OLD1" if inherited else None,
        current=current,
        source=f"test.csv:{provider}:{location}:{service}:{aspect.value}:{day}",
    )


def five(
    provider: str,
    values: Iterable[PublishedRating],
    **where: object,
) -> list[RatingRecord]:
    """A rating per key question, in CQC's order."""
    return [rating(provider, a, v, **where) for a, v in zip(KQS, values, strict=True)]  # type: ignore[arg-type]


def batch(
    *ratings: RatingRecord,
    providers: Iterable[ProviderRecord] = (),
    locations: Iterable[LocationRecord] = (),
    reports: Iterable[ReportRecord] = (),
    source: str = "test.csv",
) -> ImportBatch:
    return ImportBatch(
        source=source,
        kind="cqc-ratings",
        sha256="0" * 64,
        providers=tuple(providers),
        locations=tuple(locations),
        reports=tuple(reports),
        ratings=tuple(ratings),
        service_names={"acute-wards": "Acute wards"},
    )


RMY = ProviderRecord(
    "RMY",
    "Norfolk and Suffolk NHS Foundation Trust",
    "NHS Healthcare Organisation",
    "mental_health",
    "East of England",
    "RMY",
)


def mental_health_world() -> ImportBatch:
    """RMY: two services; trust key questions and overall published beside them."""
    records = [
        *five("RMY", [G, G, G, G, RI], service="Service A"),
        rating("RMY", Aspect.OVERALL, G, service="Service A"),
        *five("RMY", [RI, RI, G, G, RI], service="Service B"),
        rating("RMY", Aspect.OVERALL, RI, service="Service B"),
        # Trust key questions: safe from A (G) and B (RI) -> G by the rules, published RI.
        *five("RMY", [RI, RI, G, G, INAD]),
        rating("RMY", Aspect.OVERALL, INAD),
    ]
    report = ReportRecord(
        "AP1", "RMY", None, DAY, "Provider", "https://www.cqc.org.uk/provider/RMY/reports/AP1"
    )
    return batch(*records, providers=[RMY], reports=[report])


def acute_world() -> ImportBatch:
    provider = ProviderRecord(
        "RXX", "Example Hospitals NHS Trust", "NHS Healthcare Organisation", "acute", "London"
    )
    locations = [
        LocationRecord("RXX01", "RXX", "North Hospital", registration_status="Registered"),
        LocationRecord("RXX02", "RXX", "South Hospital", registration_status="Registered"),
    ]
    records = [
        *five("RXX", [G, G, OUT, G, G], location="RXX01", service="Surgery", link="L1"),
        *five("RXX", [G, G, OUT, G, G], location="RXX01", service="Maternity", link="L1"),
        *five("RXX", [G, G, OUT, G, G], location="RXX01", link="L1"),
        rating("RXX", Aspect.OVERALL, G, location="RXX01", link="L1"),
        *five("RXX", [INAD, RI, G, G, RI], location="RXX02", service="Surgery", link="L2"),
        *five("RXX", [INAD, RI, G, G, RI], location="RXX02", link="L2"),
        rating("RXX", Aspect.OVERALL, RI, location="RXX02", link="L2"),
        *five("RXX", [RI, G, OUT, G, G], link="L3"),
        rating("RXX", Aspect.OVERALL, G, link="L3"),
        rating("RXX", Aspect.USE_OF_RESOURCES, RI, link="L3"),
        rating("RXX", Aspect.COMBINED, G, link="L3"),
    ]
    reports = [
        ReportRecord("L1", "RXX", "RXX01", DAY, "Location", "https://example.org/l1"),
        ReportRecord("L3", "RXX", None, DAY, "Provider"),
    ]
    return batch(*records, providers=[provider], locations=locations, reports=reports)
