"""Put a report's findings and notices together into proposals.

A must-do that cites no regulation takes the regulation of the requirement notice whose words
it shares most (same core service); a notice no must-do points to becomes a must-do of its
own; repeats are dropped, and what the person confirming must decide is listed as warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from carewatch.ingest.report_text._findings import MUST_DO, ProposedFinding, section_findings
from carewatch.ingest.report_text._headings import text_key
from carewatch.ingest.report_text._lines import drop_furniture, items_of, vocabulary_of
from carewatch.ingest.report_text._notices import ProposedNotice, notice_rows
from carewatch.ingest.report_text._pdf_text import read_report_text

__all__ = ["ReportProposals", "extract_findings", "read_report"]

_STOP_WORDS = frozenset(
    {"the", "and", "for", "that", "this", "with", "are", "was", "were", "its", "their"}
    | {"they", "all", "any", "from", "not", "must", "should", "ensure", "trust", "service"}
    | {"services", "staff", "which", "who", "have", "has", "been", "there", "did", "does"}
)


@dataclass(frozen=True)
class ReportProposals:
    """What a report's text proposes, and what the reader could not make sense of."""

    file: str
    findings: tuple[ProposedFinding, ...]
    notices: tuple[ProposedNotice, ...] = ()
    warnings: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> tuple[ProposedFinding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)


def _words(text: str) -> set[str]:
    return {w for w in text_key(text).split() if w not in _STOP_WORDS and len(w) > 2}


def _overlap(a: str, b: str) -> float:
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def _same_place(finding: ProposedFinding, notice: ProposedNotice) -> bool:
    if not finding.core_services or not notice.core_services:
        return True
    return bool(set(finding.core_services) & set(notice.core_services))


_LINK_THRESHOLD = 0.3
"""Share of content words a must-do and a notice need in common to be linked (tuned on the
test texts, see docs/improvement-plan-extractor.md)."""


def _link(
    findings: Sequence[ProposedFinding], notices: Sequence[ProposedNotice]
) -> tuple[list[ProposedFinding], set[int]]:
    used: set[int] = set()
    linked: list[ProposedFinding] = []
    for finding in findings:
        if finding.kind != MUST_DO:
            linked.append(finding)
            continue
        places = [(k, n) for k, n in enumerate(notices) if _same_place(finding, n)]
        if finding.regulation is not None:
            same = [(k, n) for k, n in places if n.regulation is finding.regulation]
            if same:
                best_k, best = max(same, key=lambda kn: _overlap(finding.text, kn[1].text))
                used.update(k for k, _ in same)
                finding = replace(finding, notice_line=best.line)
            linked.append(finding)
            continue
        scored = [(_overlap(finding.text, n.text), k, n) for k, n in places]
        scored = [s for s in scored if s[0] >= _LINK_THRESHOLD]
        if scored:
            _, best_k, best = max(scored, key=lambda s: (s[0], -s[1]))
            used.add(best_k)
            finding = replace(
                finding,
                regulation=best.regulation,
                cited=best.cited,
                regulation_basis="requirement notice",
                notice_line=best.line,
            )
        linked.append(finding)
    return linked, used


def extract_findings(text: str, *, file: str = "<text>") -> ReportProposals:
    """Propose the findings in a report's text (see the package's docstring)."""
    lines = drop_furniture(text)
    vocabulary = vocabulary_of(lines)
    items = items_of(lines, vocabulary)
    section = section_findings(items)
    notices = notice_rows(lines, vocabulary)
    findings, used = _link(section, notices)
    for k, notice in enumerate(notices):
        if k in used:
            continue
        findings.append(
            ProposedFinding(
                kind=MUST_DO,
                text=notice.text,
                line=notice.line,
                page=notice.page,
                core_services=notice.core_services,
                regulation=notice.regulation,
                cited=notice.cited,
                regulation_basis="requirement notice" if notice.regulation else None,
                source="requirement notice",
                notice_line=notice.line,
            )
        )
    unique: dict[tuple[str, str, tuple[str, ...]], ProposedFinding] = {}
    for finding in findings:
        unique.setdefault((finding.kind, text_key(finding.text), finding.core_services), finding)
    warnings: list[str] = []
    if not section:
        warnings.append("no 'Action the trust MUST/SHOULD take to improve' section was found")
    for finding in sorted(unique.values(), key=lambda f: f.line):
        if finding.kind != MUST_DO or finding.regulation is not None:
            continue
        if finding.cited:
            warnings.append(
                f"line {finding.line}: a must-do citing {finding.cited}, which is not one of the "
                "fundamental standards (Regulations 9 to 20A of 2014): choose one when confirming"
            )
        else:
            warnings.append(f"line {finding.line}: a must-do with no regulation found")
    for notice in notices:
        standard = notice.regulation
        if (
            standard is not None
            and notice.title
            and text_key(notice.title) != text_key(standard.title)
        ):
            warnings.append(
                f"line {notice.line}: the notice names {notice.cited} differently from "
                f"'{standard.title}'; check the number"
            )
    ordered = sorted(unique.values(), key=lambda f: (f.kind != MUST_DO, f.line))
    return ReportProposals(
        file=file, findings=tuple(ordered), notices=tuple(notices), warnings=tuple(warnings)
    )


def read_report(path: str | Path) -> ReportProposals:
    """Read a .txt or .pdf report and propose its findings."""
    return extract_findings(read_report_text(path), file=Path(path).name)
