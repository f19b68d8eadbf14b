"""The overview as the API returns it and `carewatch trusts overview|changes --json` prints
it: the verdict with its evidence, and what changed since the last inspection. Built from
`carewatch.domain.overview` values.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from pydantic import BaseModel, Field

from carewatch.domain.overview import Changes, Evidence, Overview, RatingMove

__all__ = ["ChangesPublic", "EvidencePublic", "OverviewPublic"]


def detail_path(provider_id: str, page: str) -> str:
    """The trust's page that shows a part's detail: /trusts/RMY/history."""
    return f"/trusts/{quote(provider_id, safe='')}/{page}"


class EvidencePublic(BaseModel):
    """One part of the evidence: its sentence, which way it points, what is missing or out
    of date, and the page with its detail."""

    topic: str = Field(examples=["must_dos"])
    title: str = Field(examples=["must-dos"])
    direction: str = Field(examples=["better"], description="better, worse, neutral or missing")
    sentence: str
    notes: list[str] = Field(description="What is missing or out of date, in words")
    detail: str = Field(examples=["/trusts/RMY/improvement-plan/public"])

    @classmethod
    def from_evidence(cls, provider_id: str, e: Evidence) -> EvidencePublic:
        return cls(
            topic=e.topic.key,
            title=e.topic.words,
            direction=e.direction.value,
            sentence=e.sentence,
            notes=list(e.notes),
            detail=detail_path(provider_id, e.topic.detail),
        )


class OverviewPublic(BaseModel):
    """Is this trust getting better? The verdict, its headline and its evidence."""

    provider_id: str
    name: str
    as_of: dt.date
    verdict: str = Field(
        examples=["mixed"],
        description="improving, mixed, not_yet_improving, getting_worse or not_enough_evidence",
    )
    verdict_label: str = Field(examples=["Mixed"])
    verdict_meaning: str
    headline: str
    evidence: list[EvidencePublic]

    @classmethod
    def from_overview(cls, o: Overview) -> OverviewPublic:
        return cls(
            provider_id=o.provider_id,
            name=o.name,
            as_of=o.as_of,
            verdict=o.verdict.key,
            verdict_label=o.verdict.label,
            verdict_meaning=o.verdict.meaning,
            headline=o.headline,
            evidence=[EvidencePublic.from_evidence(o.provider_id, e) for e in o.evidence],
        )


class RatingMovePublic(BaseModel):
    """A rating that moved since the last inspection."""

    subject: str = Field(examples=["the trust"])
    aspect: str = Field(examples=["Well-led"])
    before: str | None
    after: str
    way: str = Field(examples=["better"])
    published: dt.date
    sentence: str

    @classmethod
    def from_move(cls, m: RatingMove) -> RatingMovePublic:
        return cls(
            subject=m.subject,
            aspect=m.aspect,
            before=m.before,
            after=m.after,
            way=m.way,
            published=m.on,
            sentence=m.sentence,
        )


class MustDoChangePublic(BaseModel):
    reference: str
    summary: str
    reported: dt.date
    met_on: dt.date | None
    overdue: bool


class MeasureChangePublic(BaseModel):
    code: str
    name: str
    variation: str = Field(examples=["improvement"])


class EnforcementChangePublic(BaseModel):
    title: str
    issued: dt.date
    ended: dt.date | None


class RegimeChangePublic(BaseModel):
    on: dt.date
    regime_from: str
    regime_to: str


class ChangesPublic(BaseModel):
    """What changed since the last inspection (`since`: the latest report by `as_of` that
    rated the trust overall; null when there is none), each change also as a sentence."""

    provider_id: str
    as_of: dt.date
    since: dt.date | None
    since_report: str | None
    heading: str
    regime: list[RegimeChangePublic]
    ratings: list[RatingMovePublic]
    services: list[RatingMovePublic]
    enforcement_issued: list[EnforcementChangePublic]
    enforcement_ended: list[EnforcementChangePublic]
    must_dos_met: list[MustDoChangePublic]
    must_dos_open: list[MustDoChangePublic]
    measures: list[MeasureChangePublic]
    lines: list[str]

    @classmethod
    def from_changes(cls, c: Changes) -> ChangesPublic:
        def must_do(m: object) -> MustDoChangePublic:
            return MustDoChangePublic.model_validate(m, from_attributes=True)

        def enforcement(e: object) -> EnforcementChangePublic:
            return EnforcementChangePublic.model_validate(e, from_attributes=True)

        return cls(
            provider_id=c.provider_id,
            as_of=c.as_of,
            since=c.since.published if c.since else None,
            since_report=c.since.label if c.since else None,
            heading=c.heading,
            regime=[
                RegimeChangePublic(on=m.on, regime_from=m.from_label, regime_to=m.to_label)
                for m in c.regime
            ],
            ratings=[RatingMovePublic.from_move(m) for m in c.ratings],
            services=[RatingMovePublic.from_move(m) for m in c.services],
            enforcement_issued=[enforcement(e) for e in c.enforcement_issued],
            enforcement_ended=[enforcement(e) for e in c.enforcement_ended],
            must_dos_met=[must_do(m) for m in c.must_dos_met],
            must_dos_open=[must_do(m) for m in c.must_dos_open],
            measures=[
                MeasureChangePublic(code=m.code, name=m.name, variation=m.variation.value)
                for m in c.measures
            ],
            lines=c.lines(),
        )
