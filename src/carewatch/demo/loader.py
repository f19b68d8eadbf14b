"""Build the worked example as import batches and load them through the import service."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass

from carewatch.demo import nsft, synthetic
from carewatch.demo.nsft_metrics import load_nsft_metrics
from carewatch.demo.nsft_plan import load_nsft_plan
from carewatch.demo.oversight_loader import load_nsft_oversight
from carewatch.domain.ratings import (
    Aspect,
    PublishedRating,
    TrustType,
    aggregate,
    parse_aspect,
    parse_published_rating,
)
from carewatch.ingest.records import ImportBatch, ProviderRecord, RatingRecord, ReportRecord
from carewatch.services.league import import_segmentation
from carewatch.services.ratings import import_batch, record_enforcement
from carewatch.store.database import Database

NHS_PROVIDER_TYPE = "NHS Healthcare Organisation"


@dataclass(frozen=True)
class DemoSummary:
    trusts: int
    reports: int
    ratings: int
    new_ratings: int


def _fingerprint(ratings: list[RatingRecord], reports: list[ReportRecord]) -> str:
    parts = [repr(r.key) + r.rating.label for r in ratings] + [r.link_id for r in reports]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _rating(
    provider_id: str,
    report_key: str,
    published: dt.date,
    service: str | None,
    aspect: Aspect,
    value: PublishedRating,
) -> RatingRecord:
    return RatingRecord(
        provider_id=provider_id,
        location_id=None,
        service=service,
        aspect=aspect,
        rating=value,
        rating_date=published,
        report_link_id=report_key,
        source=f"demo:{report_key}",
    )


def _nsft_batch() -> ImportBatch:
    provider = ProviderRecord(
        provider_id=nsft.PROVIDER_ID,
        name=nsft.NAME,
        provider_type=NHS_PROVIDER_TYPE,
        trust_type=TrustType.MENTAL_HEALTH.value,
        region=nsft.REGION,
        ods_code=nsft.PROVIDER_ID,
    )
    reports: list[ReportRecord] = []
    ratings: list[RatingRecord] = []
    for report in nsft.REPORTS:
        reports.append(
            ReportRecord(
                link_id=report.key,
                provider_id=nsft.PROVIDER_ID,
                location_id=None,
                report_date=report.published,
                report_type=report.report_type,
                url=report.source,
            )
        )
        cells: list[tuple[str | None, Aspect, str]] = []
        if report.overall:
            cells.append((None, Aspect.OVERALL, report.overall))
        cells += [(None, parse_aspect(kq), word) for kq, word in report.key_questions]
        for service, overall, kqs in report.services:
            if overall:
                cells.append((service, Aspect.OVERALL, overall))
            cells += [(service, parse_aspect(kq), word) for kq, word in kqs]
        ratings += [
            _rating(
                nsft.PROVIDER_ID,
                report.key,
                report.published,
                service,
                aspect,
                parse_published_rating(word),
            )
            for service, aspect, word in cells
        ]
    return ImportBatch(
        source="demo:nsft",
        kind="demo",
        sha256=_fingerprint(ratings, reports),
        providers=(provider,),
        reports=tuple(reports),
        ratings=tuple(ratings),
    )


def _synthetic_batch() -> ImportBatch:
    providers: list[ProviderRecord] = []
    reports: list[ReportRecord] = []
    ratings: list[RatingRecord] = []
    for trust in synthetic.TRUSTS:
        providers.append(
            ProviderRecord(
                provider_id=trust.provider_id,
                name=trust.name,
                provider_type=NHS_PROVIDER_TYPE,
                trust_type=TrustType.MENTAL_HEALTH.value,
                region=trust.region,
                ods_code=trust.provider_id,
                synthetic=True,
            )
        )
        for report in synthetic.synthetic_reports(trust):
            key = f"{trust.provider_id}-{report.published.isoformat()}"
            reports.append(
                ReportRecord(
                    link_id=key,
                    provider_id=trust.provider_id,
                    location_id=None,
                    report_date=report.published,
                    report_type="Provider (synthetic)",
                )
            )
            cells: list[tuple[str | None, Aspect, PublishedRating]] = [
                (None, Aspect.OVERALL, report.overall)
            ]
            cells += [(None, Aspect.of(kq), v) for kq, v in report.trust_key_questions.items()]
            for service, kqs in report.services.items():
                cells.append((service, Aspect.OVERALL, aggregate(kqs.values()).rating))
                cells += [(service, Aspect.of(kq), v) for kq, v in kqs.items()]
            ratings += [
                _rating(trust.provider_id, key, report.published, service, aspect, value)
                for service, aspect, value in cells
            ]
    return ImportBatch(
        source="demo:synthetic",
        kind="demo",
        sha256=_fingerprint(ratings, reports),
        providers=tuple(providers),
        reports=tuple(reports),
        ratings=tuple(ratings),
    )


def _mark_current(batch: ImportBatch) -> ImportBatch:
    """Mark each unit's latest rating as the one CQC currently shows; the rest are history."""
    latest: dict[tuple[object, ...], dt.date] = {}
    for r in batch.ratings:
        unit = r.key[:4]
        latest[unit] = max(latest.get(unit, r.rating_date), r.rating_date)
    ratings = tuple(
        dataclasses.replace(r, current=r.rating_date == latest[r.key[:4]]) for r in batch.ratings
    )
    return dataclasses.replace(batch, ratings=ratings)


def demo_batches() -> list[ImportBatch]:
    """The worked example and the synthetic trusts as import batches."""
    return [_mark_current(_nsft_batch()), _mark_current(_synthetic_batch())]


def load_demo(*, db: Database) -> DemoSummary:
    """Load the worked example through the import service; loading it twice changes nothing."""
    batches = demo_batches()
    new_ratings = 0
    for batch in batches:
        summary = import_batch(db=db, batch=batch)
        counts = summary.tables.get("ratings")
        new_ratings += counts.new if counts else 0
    for action in nsft.ENFORCEMENT:
        record_enforcement(
            db=db,
            provider_id=nsft.PROVIDER_ID,
            key_question=action.key_question,
            kind=action.kind,
            served_date=action.served,
            closed_date=action.closed,
            service=action.service,
            source=action.source,
        )
    import_segmentation(db=db, file=synthetic.SEGMENTATION)
    load_nsft_oversight(db=db)
    load_nsft_metrics(db=db)
    load_nsft_plan(db=db)
    return DemoSummary(
        trusts=sum(len(b.providers) for b in batches),
        reports=sum(len(b.reports) for b in batches),
        ratings=sum(len(b.ratings) for b in batches),
        new_ratings=new_ratings,
    )
