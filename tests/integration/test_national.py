"""The national picture and the list of trusts by regime, read set-wise, agree with what the
trust-by-trust readers say, on SQLite and PostgreSQL.

The picture counts each trust by the overall rating its summary shows. The world below has a
trust for each way that rating is chosen:

    QA  current overall Good, a later historic (not current) Inadequate     -> Good
    QB  no current rating of its own: historic RI 2019, historic Inad 2020  -> Inadequate
    QC  current key questions, but its only overall is historic             -> No published rating
    QD  no ratings at all                                                   -> No published rating
    QE  current overall "Not rated"                                         -> Not rated
    QF  current overall Outstanding; a location of it rated Inadequate      -> Outstanding
    QG  a second Good, in another region and of another trust type          -> Good
    CH  a care home provider (not a trust), rated Inadequate                -> not counted

The regime list is checked against each trust's own status on the worked example, and the
statuses of a hundred and more trusts read together (which read whole tables rather than
list the ids) against each trust's own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from carewatch.domain.access import Actor
from carewatch.domain.ratings import Aspect, NonRating, Rating, TrustType
from carewatch.ingest.records import LocationRecord, ProviderRecord
from carewatch.services import oversight, ratings
from carewatch.services.national import national_picture, regime_list
from carewatch.store.database import Database
from tests.functional.web.test_query_counts import add_trusts
from tests.integration.builders import batch, five, rating

OPERATOR = Actor.operator("tests")
G, RI, INAD, OUT = Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE, Rating.OUTSTANDING
EARLY, LATE = dt.date(2019, 3, 1), dt.date(2020, 6, 1)


def _trust(pid: str, region: str = "London", trust_type: str = "mental_health") -> ProviderRecord:
    return ProviderRecord(
        pid,
        name=f"Trust {pid}",
        provider_type="NHS Healthcare Organisation",
        trust_type=trust_type,
        region=region,
    )


def build(db: Database) -> None:
    providers = [
        *(_trust(pid) for pid in ("QA", "QB", "QC", "QD", "QE", "QF")),
        _trust("QG", region="Midlands", trust_type="acute"),
        ProviderRecord("CH", name="A care home", provider_type="Social Care Org"),
    ]
    records = [
        rating("QA", Aspect.OVERALL, G, day=EARLY, link=None),
        rating("QA", Aspect.OVERALL, INAD, day=LATE, link=None, current=False),
        rating("QB", Aspect.OVERALL, RI, day=EARLY, link=None, current=False),
        rating("QB", Aspect.OVERALL, INAD, day=LATE, link=None, current=False),
        *five("QC", [G] * 5, day=LATE, link=None),
        rating("QC", Aspect.OVERALL, RI, day=EARLY, link=None, current=False),
        rating("QE", Aspect.OVERALL, NonRating.NOT_RATED, day=EARLY, link=None),
        rating("QF", Aspect.OVERALL, OUT, day=EARLY, link=None),
        rating("QF", Aspect.OVERALL, INAD, day=LATE, link=None, location="QF01"),
        rating("QG", Aspect.OVERALL, G, day=LATE, link=None),
        rating("CH", Aspect.OVERALL, INAD, day=LATE, link=None),
    ]
    ratings.import_batch(
        db=db,
        actor=OPERATOR,
        batch=batch(
            *records,
            providers=providers,
            locations=[LocationRecord("QF01", "QF", name="QF hospital")],
        ),
    )


def test_national_picture_counts_each_trust_by_the_overall_its_summary_shows(db: Database) -> None:
    build(db)
    picture = national_picture(db=db)

    counts = {c.label: c.count for c in picture.counts}
    assert counts == {
        "Outstanding": 1,
        "Good": 2,
        "Requires improvement": 0,
        "Inadequate": 1,
        "Not rated": 1,
        "No published rating": 2,
    }
    assert picture.total == 7
    assert picture.regions == ("London", "Midlands")
    assert picture.trust_types == tuple(
        t for t in TrustType if t.value in {"mental_health", "acute"}
    )

    # The same as counting the trusts' own summaries one by one.
    summaries = ratings.list_trusts(db=db, limit=500).data
    by_summary = Counter(
        NonRating.NO_PUBLISHED_RATING.label if s.overall is None else s.overall.rating.label
        for s in summaries
    )
    assert {label: n for label, n in counts.items() if n} == dict(by_summary)


def test_regime_list_gives_each_trust_the_status_read_on_its_own(demo_db: Database) -> None:
    oversight.record_regime_decision(
        db=demo_db,
        actor=OPERATOR,
        provider_id="SYN01",
        kind="entered",
        regime_from="none",
        regime_to="segment_3",
        date=dt.date(2022, 1, 10),
    )
    as_of = dt.date(2024, 4, 1)
    groups = regime_list(db=demo_db, as_of=as_of)

    listed = {item.trust.provider_id: item for group in groups for item in group.trusts}
    trusts = ratings.list_trusts(db=demo_db, limit=500)
    assert sorted(listed) == sorted(t.provider_id for t in trusts.data)
    assert len(listed) == trusts.count
    for pid, item in listed.items():
        assert item.status == oversight.oversight_status(db=demo_db, provider_id=pid, as_of=as_of)
        assert item.trust.name == ratings.get_trust(db=demo_db, provider_id=pid).name
    assert listed["SYN01"].status.regime.value == "segment_3"
    # Within a regime, by name as the trusts list orders them.
    for group in groups:
        names = [item.trust.name for item in group.trusts]
        assert names == sorted(names, key=str.lower)


def test_statuses_of_many_trusts_read_together_are_each_trusts_own(db: Database) -> None:
    # From a hundred providers on the batch reader takes whole tables and keeps the
    # providers asked for: each status must still be the trust's own, and only those asked.
    add_trusts(db, 0, 104)
    every = [f"QC{n:03d}" for n in range(104)]
    as_of = dt.date(2023, 7, 1)

    many = oversight.oversight_statuses(db=db, provider_ids=every[:101], as_of=as_of)
    few = oversight.oversight_statuses(db=db, provider_ids=every[:3], as_of=as_of)

    assert sorted(many) == every[:101]
    assert sorted(few) == every[:3]
    for pid in every[:101]:
        assert many[pid] == oversight.oversight_status(db=db, provider_id=pid, as_of=as_of)
    assert {pid: many[pid] for pid in few} == few
    # The world gives them something to differ by.
    assert {s.regime.value for s in many.values()} == {"none", "segment_3"}
    assert any(s.open_enforcement for s in many.values())
    assert any(s.overdue_commitments for s in many.values())
    assert {s.next_inspection_due for s in many.values()} != {None}
