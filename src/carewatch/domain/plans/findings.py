"""Findings from an inspection report: what CQC said the trust must or should do.

A "must do" is a breach of a regulation (a fundamental standard, Regulations 9–20A of the
Health and Social Care Act 2008 (Regulated Activities) Regulations 2014) and so names the
regulation; CQC follows it with a requirement notice or, for an NHS trust, a section 29A
warning notice. A "should do" is an improvement that is not a breach. Source: CQC's reports
list "Action the trust MUST take to improve" and "Action the trust SHOULD take to improve"
(regulatory-framework reference §8;
https://www.cqc.org.uk/guidance-providers/regulations-enforcement/enforcement-policy).

Each finding keeps the report's own words (`report_words`) and a plain-English summary for
the public (`public_summary`). A finding written up from public summaries rather than the
report itself, or partly invented to show how the plan works, is marked `illustrative`.

>>> f = Finding(reference="2020-MD1", kind=FindingKind.MUST_DO,
...             report_words="The trust must ensure ...", regulation=FundamentalStandard.REG_15)
>>> f.kind.label, f.key_question.label
('Must do', 'Safe')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.oversight.enforcement import FundamentalStandard
from carewatch.domain.ratings import KeyQuestion
from carewatch.domain.words import UnknownWord, Word, or_list

__all__ = ["Finding", "FindingKind", "InvalidFinding", "UnknownFindingKind"]


class InvalidFinding(ValueError):
    """A finding that cannot be true (a must-do without a regulation, no words)."""

    def __init__(self, reference: str, problem: str, field: str) -> None:
        super().__init__(f"finding {reference!r}: {problem}")
        self.field = field


class UnknownFindingKind(UnknownWord):
    def describe(self) -> str:
        return f"unknown finding kind {self.text!r}: expected {or_list(self.allowed)}"


class FindingKind(Word, what="finding kind", error=UnknownFindingKind):
    """CQC's two kinds of required improvement in an inspection report."""

    MUST_DO = "must_do"  # a breach of a regulation: "Action the trust MUST take"
    SHOULD_DO = "should_do"  # an improvement: "Action the trust SHOULD take"

    @property
    def label(self) -> str:
        return "Must do" if self is FindingKind.MUST_DO else "Should do"


@dataclass(frozen=True)
class Finding:
    """One must-do or should-do from a report.

    `reference` is the trust's own key for it, unique within the trust (e.g. "2020-MD3").
    `key_question` defaults to the regulation's usual key question when one is named.
    """

    reference: str
    kind: FindingKind
    report_words: str
    public_summary: str = ""
    regulation: FundamentalStandard | None = None
    core_services: tuple[str, ...] = ()
    key_question_given: KeyQuestion | None = None
    report_date: dt.date | None = None
    report_link_id: str | None = None
    illustrative: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        if not self.reference.strip():
            raise InvalidFinding(self.reference, "needs a reference", "reference")
        if not self.report_words.strip():
            raise InvalidFinding(self.reference, "needs the report's words", "report_words")
        if self.kind is FindingKind.MUST_DO and self.regulation is None:
            raise InvalidFinding(
                self.reference, "a must-do is a breach and names its regulation", "regulation"
            )

    @property
    def key_question(self) -> KeyQuestion | None:
        if self.key_question_given is not None:
            return self.key_question_given
        return self.regulation.key_question if self.regulation else None

    @property
    def summary(self) -> str:
        """The plain-English summary, or the report's words when there is none."""
        return self.public_summary or self.report_words
