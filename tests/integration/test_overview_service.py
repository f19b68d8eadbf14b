"""The overview service on the worked example, on SQLite and PostgreSQL. The expected values
come from the worked example's record as its sources give it (src/carewatch/demo/nsft/ and
the reference history of the trust), not from the service:

- special measures from February 2015 to October 2016 and from October 2017, the Recovery
  Support Programme (segment 4) from July 2021 to February 2025, segment 3 since;
- the section 29A warning notice of April 2022, no longer active from the February 2023
  report;
- the 2018 call's three commitments, none recorded as kept, two due by the end of January
  2019, the third (significant progress) anticipated by the trust's chief executive;
- the illustrative measures linked to the 2020 must-dos, monthly to March 2022;
- the 2025 service assessments: community mental health services for adults rated Good.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.overview import CommitmentOutcome, Direction, Topic, Verdict
from carewatch.services.errors import NotFound
from carewatch.services.overview import trust_brief, trust_changes, trust_overview
from carewatch.store.database import Database

DAY = dt.date(2026, 12, 7)


def test_the_worked_example_is_mixed_today(demo_db: Database) -> None:
    found = trust_overview(db=demo_db, provider_id="RMY", as_of=DAY)
    o = found.overview
    directions = {e.topic: e.direction for e in o.evidence}
    assert directions[Topic.REGIME] is Direction.BETTER  # left the RSP in February 2025
    assert directions[Topic.ENFORCEMENT] is Direction.NEUTRAL  # the notice ended in 2023
    assert directions[Topic.COMMITMENTS] is Direction.WORSE  # two overdue, none kept
    assert directions[Topic.RATINGS] is Direction.BETTER  # RI in 2023 after Inadequate in 2022
    assert directions[Topic.MEASURES] is Direction.MISSING  # nothing since March 2022
    assert o.verdict is Verdict.MIXED
    assert "about 9 years" in o.part(Topic.REGIME).sentence
    assert "days" not in o.part(Topic.REGIME).sentence
    assert found.facts.regime.label == "NHS Oversight Framework segment 3"


def test_the_commitments_of_the_2018_call_and_who_made_them(demo_db: Database) -> None:
    brief = trust_brief(db=demo_db, provider_id="RMY", as_of=DAY)
    made = {c.what: c for c in brief.facts.commitments}
    progress = made["Significant progress by late January 2019"]
    assert progress.by.startswith("the chief executive of Norfolk and Suffolk NHS Foundation")
    assert made["Regular updates"].by == "a party not named in the sources"
    assert [c.outcome for c in made.values()] == [CommitmentOutcome.OPEN] * 3
    assert sorted(c.what for c in made.values() if c.overdue) == [
        "A face-to-face meeting in January 2019",
        "Significant progress by late January 2019",
    ]
    assert any(q.startswith("Was the commitment “Significant progress") for q in brief.questions)


def test_what_changed_since_the_february_2023_report(demo_db: Database) -> None:
    changes = trust_changes(db=demo_db, provider_id="RMY", as_of=DAY)
    assert changes.since is not None
    assert changes.since.published == dt.date(2023, 2, 23)
    assert [(m.on, m.to_label) for m in changes.regime] == [
        (dt.date(2025, 2, 1), "NHS Oversight Framework segment 3")
    ]
    community = "Community-based mental health services for adults of working age"
    assert (community, "Overall", "Good") in {
        (m.subject, m.aspect, m.after) for m in changes.services
    }


def test_as_of_2019_the_trust_was_in_special_measures_and_the_call_not_yet_due(
    demo_db: Database,
) -> None:
    o = trust_overview(db=demo_db, provider_id="RMY", as_of=dt.date(2019, 1, 1)).overview
    assert o.part(Topic.REGIME).direction is Direction.WORSE
    assert o.part(Topic.COMMITMENTS).direction is Direction.NEUTRAL  # made, none yet due
    # November 2018 rated Inadequate again after Inadequate in October 2017: the same.
    assert o.part(Topic.RATINGS).sentence.startswith(
        "Rated Inadequate overall in November 2018, the same as Inadequate in October 2017."
    )


def test_an_unknown_trust_is_not_found(demo_db: Database) -> None:
    with pytest.raises(NotFound):
        trust_overview(db=demo_db, provider_id="QX9", as_of=DAY)
