"""The worked example's improvement plan holds together before any of it is stored: each
finding cites a report of the worked example, each action answers a finding, and each
action's moves are ones its lifecycle and its evidence allow."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from carewatch.demo import nsft
from carewatch.demo.nsft.actions import ACTIONS
from carewatch.demo.nsft.findings import FINDINGS
from carewatch.demo.records import PlannedAction
from carewatch.domain.metrics import CATALOGUE
from carewatch.domain.plans import (
    ActionStatus,
    Evidence,
    FindingKind,
    Verdict,
    check_evidence,
    history_from,
)


def test_findings_cite_reports_of_the_worked_example_on_their_dates() -> None:
    published = {r.key: r.published for r in nsft.REPORTS}
    for f in FINDINGS:
        assert f.report_link_id in published, f.reference
        assert f.report_date == published[f.report_link_id], f.reference
        assert f.source.startswith("https://"), f.reference
        assert f.kind is FindingKind.MUST_DO, f.reference
        assert f.regulation is not None, f.reference  # a must-do is a breach of one
        assert not f.illustrative, f.reference  # the findings are public record
    references = [f.reference for f in FINDINGS]
    assert len(set(references)) == len(references) == 27
    assert sum(r.startswith("2020-MD") for r in references) == 5


def test_each_action_answers_a_finding_once_and_is_marked_illustrative() -> None:
    findings = {f.reference for f in FINDINGS}
    keys = Counter((p.finding, p.action.reference) for p in ACTIONS)
    assert set(keys.values()) == {1}
    for p in ACTIONS:
        assert p.finding in findings
        assert p.action.illustrative
        assert not p.action.owner.person  # roles, never names


def test_every_measure_of_success_is_in_the_catalogue() -> None:
    codes = {m.code for m in CATALOGUE}
    assert {link.metric_code for p in ACTIONS for link in p.metrics} <= codes


def evidence_known(planned: PlannedAction) -> list[Evidence]:
    """The action's evidence as the plan domain reads it."""
    known = []
    for piece in planned.evidence:
        e = piece.upload
        verdict = piece.verdict
        known.append(
            Evidence(
                kind=e.kind,
                supplied_by=e.supplied_by,
                uploaded_at=e.uploaded_at,
                effective_from=e.effective_from,
                effective_to=e.effective_to or e.effective_from,
                verdict=Verdict.PENDING if verdict is None else _verdict(verdict.accepted),
                verified_on=None if verdict is None else verdict.on,
            )
        )
    return known


def _verdict(accepted: bool) -> Verdict:
    return Verdict.ACCEPTED if accepted else Verdict.REJECTED


@pytest.mark.parametrize("planned", ACTIONS, ids=lambda p: f"{p.finding}-{p.action.reference}")
def test_each_actions_moves_are_allowed_by_its_lifecycle_and_evidence(
    planned: PlannedAction,
) -> None:
    history = history_from(planned.action.opened, planned.moves)  # IllegalMove otherwise
    evidence = evidence_known(planned)
    current = ActionStatus.OPEN
    for move in history.moves:
        check_evidence(
            current,
            move,
            uploaded=sum(e.counts_on(move.on) for e in evidence),
            accepted=sum(e.verdict_on(move.on) is Verdict.ACCEPTED for e in evidence),
        )
        current = move.to
    assert current in {ActionStatus.CLOSED, ActionStatus.CANCELLED}
    for piece in planned.evidence:
        if piece.verdict is not None:
            assert piece.verdict.by != piece.upload.supplied_by  # no one verifies their own
            assert piece.verdict.on >= piece.upload.uploaded_at.date()


def test_the_medicines_audits_miss_july_2020_only() -> None:
    [audit] = [p for p in ACTIONS if (p.finding, p.action.reference) == ("2020-MD4", "A2")]
    assert audit.schedule is not None
    months = {piece.upload.effective_from for piece in audit.evidence}
    expected = {dt.date(2020, m, 1) for m in range(3, 13)} | {
        dt.date(2021, 1, 1),
        dt.date(2021, 2, 1),
    }
    assert expected - months == {dt.date(2020, 7, 1)}
