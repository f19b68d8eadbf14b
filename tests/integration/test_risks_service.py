"""The risks service on SQLite and PostgreSQL: a risk reads back as recorded, recording is
idempotent, the current score is the latest scoring, reviews move the next review, links to
the plan's actions and metrics are checked and read through those areas, the validator and
the BAF read the stored register, the public summary appears only when published, who may
record and read, and a refused write stores nothing.

The small world: trust RMY (and RAA, another trust), with strategic objective SO1 and a
must-do 2020-MD3 whose action A1 (owner Matron, due 30 September 2020) is open; risk R1 (CYP
waits, identified 1 April 2019 at 4x4, initial 5x4, target 2x4) under SO1.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.access import PUBLIC, Forbidden, SignInRequired
from carewatch.domain.risks import (
    Assurance,
    AssuranceLine,
    AssuranceResult,
    Band,
    Control,
    Gap,
    GapKind,
    InvalidRisk,
    Risk,
    RiskCategory,
    Score,
    StrategicObjective,
)
from carewatch.services import plans, risks
from carewatch.services.errors import NotFound
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, appended, head, stored, user

D = dt.date.fromisoformat


def risk(**changes: object) -> Risk:
    values: dict[str, object] = {
        "reference": "R1",
        "trust": "RMY",
        "title": "Children and young people wait too long for treatment",
        "category": RiskCategory.QUALITY,
        "owner": "Director of operations",
        "executive_lead": "Chief operating officer",
        "committee": "Quality committee",
        "identified": D("2019-04-01"),
        "initial": Score(5, 4),
        "current": Score(4, 4),
        "target": Score(2, 4),
        "cause": "Demand above capacity",
        "objective": "SO1",
    }
    values.update(changes)
    return Risk(**values)  # type: ignore[arg-type]


@pytest.fixture
def world(db: Database) -> Database:
    record_provider(db=db, actor=OPERATOR, provider_id="RMY", name="Norfolk and Suffolk")
    record_provider(db=db, actor=OPERATOR, provider_id="RAA", name="Another trust")
    plans.record_finding(
        db=db, actor=OPERATOR, provider_id="RMY", reference="2020-MD3", kind="must_do",
        report_words="The trust must reduce waiting times for children and young people.",
        report_date=D("2020-02-03"), regulation="12",
    )  # fmt: skip
    plans.record_action(
        db=db, actor=OPERATOR, provider_id="RMY", finding_reference="2020-MD3", reference="A1",
        title="Recruit to the CYP teams", owner_role="Matron", opened=D("2020-02-10"),
        due=D("2020-09-30"),
    )  # fmt: skip
    risks.record_objective(
        db=db, actor=OPERATOR, trust="RMY",
        objective=StrategicObjective("SO1", "Deliver timely care", appetite="cautious"),
    )  # fmt: skip
    risks.record_risk(
        db=db, actor=OPERATOR, risk=risk(), controls=[Control("Weekly waiting-list review")],
        gaps=[Gap(GapKind.ASSURANCE, "No audit of the waiting list's accuracy")],
    )  # fmt: skip
    return db


def test_a_risk_reads_back_as_recorded(world: Database) -> None:
    detail = risks.risk_detail(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                               as_of=D("2019-05-01"))  # fmt: skip
    view = detail.risk
    assert (view.id, view.title, view.category, view.owner) == (
        "R1",
        risk().title,
        RiskCategory.QUALITY,
        "Director of operations",
    )
    assert (view.initial.score, view.current.score, view.target.score) == (20, 16, 8)
    assert (view.current.band, view.target.band) == (Band.EXTREME, Band.HIGH)
    assert detail.controls == ("Weekly waiting-list review",)
    assert detail.gaps == (Gap(GapKind.ASSURANCE, "No audit of the waiting list's accuracy"),)
    assert view.next_review == D("2019-07-01")
    assert [e.on for e in detail.history] == [D("2019-04-01")]


def test_recording_the_same_risk_again_changes_nothing(world: Database) -> None:
    before, seq = stored(world), head(world)
    again = risks.record_risk(db=world, actor=OPERATOR, risk=risk(),
                              controls=[Control("Weekly waiting-list review")])  # fmt: skip
    assert again.outcome is risks.Outcome.UNCHANGED
    assert stored(world) == before
    assert head(world) == seq


def test_a_change_is_stored_and_audited_with_the_fields_named(world: Database) -> None:
    seq = head(world)
    changed = risks.record_risk(db=world, actor=OPERATOR, risk=risk(committee="Board"))
    assert changed.outcome is risks.Outcome.CHANGED
    assert changed.fields == ("committee",)
    events = appended(world, seq)
    assert [e.action for e in events] == ["risks.change"]


def test_the_current_score_is_the_latest_scoring_and_a_scoring_is_a_review(world: Database) -> None:
    risks.score_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                     score=Score(3, 4), on=D("2019-07-01"), trend="reducing")  # fmt: skip
    risks.score_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                     score=Score(4, 4), on=D("2019-10-01"))  # fmt: skip
    early = risks.list_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-08-01"))[0]
    late = risks.list_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-11-01"))[0]
    assert (early.current.score, early.trend.value if early.trend else None) == (12, "reducing")
    assert (late.current.score, late.trend.value if late.trend else None) == (16, "increasing")
    assert late.next_review == D("2020-01-01")


def test_a_different_score_on_a_day_already_scored_is_refused(world: Database) -> None:
    before = stored(world)
    with pytest.raises(InvalidRisk):
        risks.score_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                         score=Score(1, 1), on=D("2019-04-01"))  # fmt: skip
    assert stored(world) == before
    assert not risks.score_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                                score=Score(4, 4), on=D("2019-04-01"))  # fmt: skip


def test_a_review_moves_the_next_review_and_overdue_is_flagged(world: Database) -> None:
    late = risks.list_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-08-01"))[0]
    assert late.review_overdue
    assert risks.review_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                             on=D("2019-07-15"))  # fmt: skip
    assert not risks.review_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                                 on=D("2019-07-15"))  # fmt: skip
    view = risks.list_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-08-01"))[0]
    assert (view.review_overdue, view.next_review) == (False, D("2019-10-15"))
    overdue = risks.list_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-08-01"),
                               overdue_only=True)  # fmt: skip
    assert overdue == ()


def test_the_validator_reads_actions_from_the_plan_and_assurances(world: Database) -> None:
    day = D("2020-03-01")
    risks.review_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1", on=D("2020-02-15"))
    found = risks.check_risks(db=world, actor=OPERATOR, trust="RMY", as_of=day)
    assert [f.problem.value for f in found] == ["no_open_action", "no_assurance"]
    risks.link_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1", kind="action",
                    target="2020-MD3/A1")  # fmt: skip
    risks.assure_risk(
        db=world, actor=OPERATOR, trust="RMY", reference="R1",
        assurance=Assurance(AssuranceLine.OVERSIGHT, AssuranceResult.NEGATIVE, D("2020-02-20"),
                            "Quality committee: waits still rising"),
    )  # fmt: skip
    assert risks.check_risks(db=world, actor=OPERATOR, trust="RMY", as_of=day) == ()
    detail = risks.risk_detail(db=world, actor=OPERATOR, trust="RMY", reference="R1", as_of=day)
    action = detail.actions[0]
    assert (action.reference, action.owner, action.due, action.open) == (
        "2020-MD3/A1",
        "Matron",
        D("2020-09-30"),
        True,
    )
    # Before the action was opened, the plan does not yet hold it: it does not count.
    early = risks.check_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2020-02-05"))
    assert [f.problem.value for f in early] == ["no_open_action", "no_assurance", "review_overdue"]


def test_links_to_what_the_record_does_not_hold_are_refused(world: Database) -> None:
    before = stored(world)
    for kind, target in [("action", "2020-MD3/A9"), ("finding", "2020-MD9"), ("metric", "nope")]:
        with pytest.raises(NotFound):
            risks.link_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1", kind=kind,
                            target=target)  # fmt: skip
    assert stored(world) == before
    assert risks.link_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                           kind="finding", target="2020-MD3")  # fmt: skip
    assert not risks.link_risk(db=world, actor=OPERATOR, trust="RMY", reference="R1",
                               kind="finding", target="2020-MD3")  # fmt: skip


def test_a_risk_under_an_unknown_objective_is_refused(world: Database) -> None:
    before = stored(world)
    with pytest.raises(NotFound):
        risks.record_risk(db=world, actor=OPERATOR, risk=risk(reference="R2", objective="SO9"))
    assert stored(world) == before


def test_the_baf_lists_each_objective_with_its_principal_risks(world: Database) -> None:
    risks.record_risk(db=world, actor=OPERATOR, risk=risk(reference="R2", objective=None))
    baf = risks.board_assurance(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-05-01"))
    assert [(o.code, o.appetite, [r.id for r in o.risks]) for o in baf.objectives] == [
        ("SO1", "cautious", ["R1"])
    ]
    assert {f.risk for f in baf.problems} == {"R1"}


def test_the_heat_map_and_top_risks(world: Database) -> None:
    risks.record_risk(db=world, actor=OPERATOR, risk=risk(
        reference="R2", objective=None, current=Score(2, 2), target=Score(1, 2)))  # fmt: skip
    views = risks.list_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-05-01"))
    cells = risks.register_heat_map(views)
    assert (cells[(4, 4)], cells[(2, 2)], sum(cells.values())) == (1, 1, 2)
    top = risks.top_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-05-01"), limit=1)
    assert [v.id for v in top] == ["R1"]
    moderate = risks.list_risks(db=world, actor=OPERATOR, trust="RMY", as_of=D("2019-05-01"),
                                band=Band.MODERATE)  # fmt: skip
    assert [v.id for v in moderate] == ["R2"]


def test_the_public_summary_only_when_the_trust_publishes_it(world: Database) -> None:
    assert risks.risk_summary(db=world, trust="RMY", as_of=D("2019-05-01")) is None
    editor = user("trust_editor", "RMY")
    assert risks.publish_risk_summary(db=world, actor=editor, trust="RMY", publish=True)
    assert not risks.publish_risk_summary(db=world, actor=editor, trust="RMY", publish=True)
    summary = risks.risk_summary(db=world, trust="RMY", as_of=D("2019-05-01"))
    assert summary is not None
    quality = next(c for c in summary.categories if c.category is RiskCategory.QUALITY)
    assert dict(quality.by_band)[Band.EXTREME] == 1
    assert summary.total == 1


@pytest.mark.parametrize(
    ("role", "org", "may_read", "may_record"),
    [
        ("trust_editor", "RMY", True, True),
        ("trust_viewer", "RMY", True, False),
        ("trust_editor", "RAA", False, False),
        ("regulator", "CQC", True, False),
        ("oversight", "NHSE", True, False),
        ("admin", "RMY", False, False),
    ],
)
def test_who_may_read_and_record(
    world: Database, role: str, org: str, may_read: bool, may_record: bool
) -> None:
    actor = user(role, org)
    if may_read:
        assert [v.id for v in risks.list_risks(db=world, actor=actor, trust="RMY")] == ["R1"]
    else:
        with pytest.raises(Forbidden):
            risks.list_risks(db=world, actor=actor, trust="RMY")
    before = stored(world)
    if may_record:
        assert risks.review_risk(db=world, actor=actor, trust="RMY", reference="R1",
                                 on=D("2019-06-01"))  # fmt: skip
    else:
        with pytest.raises(Forbidden):
            risks.review_risk(db=world, actor=actor, trust="RMY", reference="R1",
                              on=D("2019-06-01"))  # fmt: skip
        assert stored(world) == before


def test_the_public_is_asked_to_sign_in(world: Database) -> None:
    with pytest.raises(SignInRequired):
        risks.list_risks(db=world, actor=PUBLIC, trust="RMY")
    with pytest.raises(SignInRequired):
        risks.record_risk(db=world, actor=PUBLIC, risk=risk(reference="R3"))
