"""The findings proposed from a CQC inspection report's text, as `carewatch findings extract
--json` prints them: each with the line and page it starts on, its kind, core services, key
question and regulation, for a person to check against the report."""

from __future__ import annotations

from pydantic import BaseModel

from carewatch.ingest.report_text import ProposedFinding

__all__ = ["ProposalPublic", "ProposalsPublic", "RegulationPublic"]


class RegulationPublic(BaseModel):
    """A regulation of the fundamental standards: its number (9 to 20A) and title."""

    number: str
    title: str


class ProposalPublic(BaseModel):
    """One proposed finding; `reference` is the one it was stored under, once confirmed."""

    reference: str | None
    kind: str
    text: str
    line: int
    page: int
    core_services: list[str]
    key_question: str | None
    regulation: RegulationPublic | None
    cited: str | None
    regulation_basis: str | None
    source: str
    notice_line: int | None

    @classmethod
    def from_proposal(cls, finding: ProposedFinding, reference: str | None) -> ProposalPublic:
        regulation = finding.regulation
        return cls(
            reference=reference,
            kind=finding.kind,
            text=finding.text,
            line=finding.line,
            page=finding.page,
            core_services=list(finding.core_services),
            key_question=finding.key_question.label if finding.key_question else None,
            regulation=None
            if regulation is None
            else RegulationPublic(number=regulation.number, title=regulation.title),
            cited=finding.cited,
            regulation_basis=finding.regulation_basis,
            source=finding.source,
            notice_line=finding.notice_line,
        )


class ProposalsPublic(BaseModel):
    """A report's proposed findings for a trust, whether they were stored, and what the
    reader could not make sense of."""

    file: str
    provider: str
    report_date: str | None
    stored: bool
    findings: list[ProposalPublic]
    warnings: list[str]
