"""Small ratings worlds built in code as reader batches, for the storage tests.

RMY  mental health trust (provider-level core services, no location ratings)
  services A and B × five key questions, dated 2019-01-10
  service overalls, trust key questions, trust overall, dated 2019-01-10
RXX  acute trust with two hospitals, RXX01 and RXX02, each with services

And the worlds the writers' tests share, made through the services: `writers_world` (a trust
with a meeting, a commitment, a must-do, an action and its evidence) and `records_audit_world`
(trust RPL, a must-do and one action whose dates the caller chooses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carewatch.domain.access import Actor
from carewatch.domain.ratings import Aspect, PublishedRating, Rating
from carewatch.ingest.records import (
    ImportBatch,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ReportRecord,
)
from carewatch.services import oversight, plans
from carewatch.services.metrics import seed_catalogue
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database

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


D = dt.date.fromisoformat
OPERATOR = Actor.operator("tests")


def writers_world(db: Database, editor: Actor) -> tuple[int, int]:
    """The metrics catalogue; trust RMY with a meeting on 2018-11-30 and a commitment made at
    it ("Monthly board updates", due 2019-01-31), a must-do (2020-MD1, report of 2020-01-15)
    and its action A1, opened 2020-02-01, due 2020-06-30, moved in progress on 2020-02-03 by
    `editor`, with a note of evidence `editor` received on 2020-02-10. Returns the action's
    and the evidence's ids."""
    record_provider(db=db, provider_id="RMY", name="Mental health trust", actor=OPERATOR)
    seed_catalogue(db, actor=OPERATOR)
    oversight.record_meeting(
        db=db, actor=OPERATOR, provider_id="RMY", date=D("2018-11-30"), format="video",
        title="Oversight call",
    )  # fmt: skip
    oversight.record_commitment(
        db=db, actor=OPERATOR, provider_id="RMY", what="Monthly board updates",
        by="the trust", made_on=D("2018-11-30"), due=D("2019-01-31"),
    )  # fmt: skip
    plans.record_finding(
        db=db, actor=OPERATOR, provider_id="RMY", reference="2020-MD1", kind="must_do",
        regulation="15", report_words="The trust must ensure the wards are safe.",
        report_date=D("2020-01-15"),
    )  # fmt: skip
    action_id = plans.record_action(
        db=db, actor=OPERATOR, provider_id="RMY", finding_reference="2020-MD1",
        reference="A1", title="Refurbish the ward", owner_role="Ward manager",
        opened=D("2020-02-01"), due=D("2020-06-30"),
    )  # fmt: skip
    plans.move_action(
        db=db, actor=editor, action_id=action_id, to="in_progress", on=D("2020-02-03")
    )
    added = plans.add_evidence(
        db=db, actor=editor, action_id=action_id, kind="note", supplied_by="",
        uploaded_at=plans.received_at(D("2020-02-10")), effective_from=D("2020-02-01"),
        note="Refurbishment signed off by estates.",
    )  # fmt: skip
    return action_id, added.evidence_id


def records_audit_action(db: Database, *, opened: dt.date, **changes: object) -> int:
    """Record (or, with `changes` and a reason, change) action A1 of trust RPL's must-do MD1:
    "Records audit", owned by Pat Example (a ward manager below the board), opened on
    `opened`, due 31 March 2020, with an internal note. Returns its id."""
    given: dict[str, object] = {
        "provider_id": "RPL", "finding_reference": "MD1", "reference": "A1",
        "title": "Records audit", "owner_role": "Ward manager", "owner_person": "Pat Example",
        "opened": opened, "due": D("2020-03-31"), "notes": "Internal remark",
        "actor": OPERATOR,
    }  # fmt: skip
    return plans.record_action(db=db, **{**given, **changes})  # type: ignore[arg-type]


def records_audit_world(db: Database, *, opened: dt.date, due: dt.date) -> int:
    """Trust RPL (Plan Test NHS Trust) with must-do MD1 (Regulation 17, report of 15 January
    2020, "Keep records up to date.") and its action A1 (`records_audit_action`), opened on
    `opened` and due on `due`. Returns the action's id."""
    record_provider(db=db, provider_id="RPL", name="Plan Test NHS Trust", actor=OPERATOR)
    plans.record_finding(
        db=db, provider_id="RPL", reference="MD1", kind="must_do", regulation="17",
        report_words="The trust must keep records up to date.",
        public_summary="Keep records up to date.", report_date=D("2020-01-15"), actor=OPERATOR,
    )  # fmt: skip
    return records_audit_action(db, opened=opened, due=due)
