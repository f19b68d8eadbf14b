"""The worked example's risk register on SQLite and PostgreSQL: four risks, each marked
illustrative, under two strategic objectives; the CYP waiting-list risk linked to the must-do
2020-MD3, its actions and the CYP waits measures, with 24 scorings (so an XmR chart); the
out-of-area risk linked to the OAP measures and the 2018 death on the M11; the places-of-
safety risk to 2020-MD5; the estate risk to 2020-MD1; the public summary published; and
loading the register again changing nothing.
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.load.risks import load_risks
from carewatch.services import risks
from carewatch.store.database import Database
from tests.actors import head, stored

END_OF_2020_21 = dt.date(2021, 3, 31)


def test_four_illustrative_risks_under_two_objectives(demo_db: Database) -> None:
    views = risks.list_risks(db=demo_db, actor=DEMO_OPERATOR, trust="RMY", as_of=END_OF_2020_21)
    assert [v.id for v in views] == ["NSFT-R1", "NSFT-R2", "NSFT-R3", "NSFT-R4"]
    assert all(v.illustrative for v in views)
    baf = risks.board_assurance(db=demo_db, actor=DEMO_OPERATOR, trust="RMY", as_of=END_OF_2020_21)
    assert [(o.code, [r.id for r in o.risks]) for o in baf.objectives] == [
        ("SO1", ["NSFT-R2", "NSFT-R1"]),  # highest current score first: 15, then 12
        ("SO2", ["NSFT-R3", "NSFT-R4"]),
    ]


def test_the_cyp_risk_moves_through_2019_to_2021_with_an_xmr_chart(demo_db: Database) -> None:
    d = risks.risk_detail(
        db=demo_db, actor=DEMO_OPERATOR, trust="RMY", reference="NSFT-R1", as_of=END_OF_2020_21
    )
    scores = [e.score.score for e in d.history]
    assert len(scores) == 24
    assert (d.history[0].on, d.history[-1].on) == (dt.date(2019, 4, 1), dt.date(2021, 3, 1))
    assert (scores[0], max(scores), scores[-1]) == (16, 20, 12)
    assert d.chart is not None
    assert len(d.chart.points) == 24
    assert d.findings == ("2020-MD3",)
    assert [a.reference for a in d.actions] == ["2020-MD3/A1", "2020-MD3/A2"]
    assert all(a.found for a in d.actions)
    assert [m.code for m in d.measures] == [
        "cyp_triage_wait",
        "cyp_assessment_wait",
        "cyp_treatment_wait",
    ]
    assert {a.line.value for a in d.assurances} == {"management", "oversight", "independent"}


def test_the_other_risks_link_what_the_brief_names(demo_db: Database) -> None:
    def detail(reference: str) -> risks.RiskDetail:
        return risks.risk_detail(db=demo_db, actor=DEMO_OPERATOR, trust="RMY",
                                 reference=reference, as_of=END_OF_2020_21)  # fmt: skip

    oap = detail("NSFT-R2")
    assert [m.code for m in oap.measures] == ["oaps_active", "oaps_inappropriate_bed_days"]
    assert oap.incidents == ("NSFT-2018-M11",)
    assert detail("NSFT-R3").findings == ("2020-MD5",)
    estate = detail("NSFT-R4")
    assert (estate.findings, [a.reference for a in estate.actions]) == (
        ("2020-MD1",),
        ["2020-MD1/A1"],
    )
    # Repaired in 2020: at its target, 1x5.
    assert estate.risk.current.score == estate.risk.target.score == 5


def test_the_public_summary_is_published(demo_db: Database) -> None:
    summary = risks.risk_summary(db=demo_db, trust="RMY", as_of=END_OF_2020_21)
    assert summary is not None
    assert summary.total == 4


def test_loading_the_register_again_changes_nothing(demo_db: Database) -> None:
    before, seq = stored(demo_db), head(demo_db)
    assert load_risks(db=demo_db) == 0
    assert stored(demo_db) == before
    assert head(demo_db) == seq
