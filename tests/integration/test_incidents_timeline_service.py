"""The incidents on the oversight timeline, stored and read back on SQLite and PostgreSQL:
every case of the rule's table (`tests/spec/test_incidents_timeline.py`) is recorded with its
response, and the timeline holds exactly those the table puts on it. The reader asks the
database only for candidates (a death, a Never Event, a Serious Incident, a response decided)
before the rule decides; this is what shows that the question is wide enough, on both
databases (a death notified to CQC is found inside the stored list of criteria).
"""

from __future__ import annotations

import dataclasses

from carewatch.domain.access import PUBLIC
from carewatch.domain.oversight import EventKind
from carewatch.services import incidents
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.spec.test_incidents_timeline import CASES


def test_the_timeline_holds_exactly_the_incidents_the_rule_puts_on_it(db: Database) -> None:
    record_provider(db=db, actor=OPERATOR, provider_id="RMY", name="Norfolk and Suffolk")
    expected = []
    for n, (_, event, answer, reasons) in enumerate(CASES, 1):
        reference = f"C{n:02d}"
        incidents.record_incident(
            db=db,
            actor=OPERATOR,
            incident=dataclasses.replace(event, reference=reference),
            framework=answer.framework,
            source_url="https://news.example/case" if n % 2 else "",
        )
        for move in answer.moves:
            incidents.respond_incident(
                db=db,
                actor=OPERATOR,
                trust="RMY",
                reference=reference,
                to=move.to,
                on=move.on,
                reason="No further response needed"
                if move.to.value == "no_further_response"
                else "",
                learning_response=move.learning_response,
            )
        if reasons:
            expected.append((reference, bool(n % 2)))

    seen = incidents.timeline_with_incidents(db=db, actor=OPERATOR, provider_id="RMY")
    assert all(e.kind is EventKind.INCIDENT for e in seen)  # nothing else is recorded
    assert sorted(e.incident or "" for e in seen) == [ref for ref, _ in expected]
    public = incidents.timeline_with_incidents(db=db, actor=PUBLIC, provider_id="RMY")
    assert sorted(e.incident or "" for e in public) == [ref for ref, shown in expected if shown]
