"""The worked example's and the synthetic trusts' reports and ratings, as import batches
through the import service, and the worked example's enforcement as the ratings see it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from carewatch.demo import nsft, synthetic
from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.nsft.enforcement import RATING_LIMITERS
from carewatch.domain.ratings import (
    Aspect,
    PublishedRating,
    TrustType,
    aggregate,
    parse_aspect,
    parse_published_rating,
)
from carewatch.ingest.records import ImportBatch, ProviderRecord, RatingRecord, ReportRecord
from carewatch.services.ratings import ImportSummary, import_batch, record_enforcement
from carewatch.store.database import Database

__all__ = ["demo_batches", "load_ratings"]

NHS_PROVIDER_TYPE = "NHS Healthcare Organisation"


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


def load_ratings(*, db: Database, batches: list[ImportBatch]) -> list[ImportSummary]:
    """Import the batches, then record the worked example's enforcement that limits its
    ratings; what each import did."""
    summaries = [import_batch(db=db, batch=batch, actor=DEMO_OPERATOR) for batch in batches]
    for limiter in RATING_LIMITERS:
        record_enforcement(
            db=db,
            provider_id=nsft.PROVIDER_ID,
            key_question=limiter.key_question,
            kind=limiter.kind,
            served_date=limiter.served_date,
            closed_date=limiter.closed_date,
            service=limiter.service,
            source=limiter.source,
            actor=DEMO_OPERATOR,
        )
    return summaries
