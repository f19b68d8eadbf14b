"""The worked example's incidents on SQLite and PostgreSQL: the 2018 death on the M11 as
public facts (fatal harm, an out-of-area placement, age band only, no name or NHS number,
the ITV Anglia report as its source), its response and duties met; the illustrative
medication errors of April 2019 to March 2022, each marked illustrative, and the measure
"medication errors reported" derived from them, month by month as the illustrative series;
the public summary of them; and loading the incidents again changing nothing.
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.load.incidents import load_incidents
from carewatch.demo.nsft.metrics import MONTHS, medication_errors_in, month
from carewatch.demo.nsft.sources import ITV_2020
from carewatch.services import incidents
from carewatch.services.metrics import metric_series
from carewatch.store.database import Database
from tests.actors import head, stored


def test_the_m11_death_is_told_from_public_facts(demo_db: Database) -> None:
    d = incidents.incident_detail(
        db=demo_db, actor=DEMO_OPERATOR, trust="RMY", reference="NSFT-2018-M11",
        with_personal_data=True, as_of=dt.date(2019, 1, 1),
    )  # fmt: skip
    i = d.view.incident
    assert (i.category.value, i.physical_harm.value) == (
        "transfer_or_out_of_area_placement",
        "fatal",
    )
    assert i.occurred.year == 2018
    assert i.illustrative
    assert d.view.source_url == ITV_2020
    patient = d.view.patient
    assert patient is not None
    assert (patient.name, patient.nhs_number, patient.age_band.value) == ("", "", "66_85_years")
    assert d.view.status.value == "closed"
    # Every duty it raised (candour in person and in writing, the Serious Incident reported
    # on StEIS and its investigation report) was met.
    assert [(s.duty.value, s.met) for s in d.steps] == [
        ("steis_report", True),
        ("candour_verbal", True),
        ("candour_written", True),
        ("sif_report", True),
    ]
    assert [(k.kind.value, k.target) for k in d.links] == [("metric", "oaps_active")]


def test_medication_errors_are_illustrative_and_the_summary_suppresses(demo_db: Database) -> None:
    found = incidents.list_incidents(db=demo_db, actor=DEMO_OPERATOR, trust="RMY")
    medication = [v for v in found if v.incident.category.value == "medication"]
    assert len(medication) > 100
    assert all(v.incident.illustrative for v in medication)
    assert {v.incident.reported.year for v in medication} == {2019, 2020, 2021, 2022}
    summary = incidents.incident_summary(db=demo_db, trust="RMY", as_of=dt.date(2022, 4, 30))
    assert summary.total.value == len(found)
    shown = {c.value: n.shown for c, n in summary.by_category}
    # One out-of-area placement: fewer than 5; the medication errors hidden beside it.
    assert shown == {"medication": "not shown", "transfer_or_out_of_area_placement": "fewer than 5"}
    assert incidents.incidents_due(db=demo_db, actor=DEMO_OPERATOR, trust="RMY") == ()


def test_medication_errors_reported_is_derived_from_the_incidents(demo_db: Database) -> None:
    series = metric_series(db=demo_db, org_code="RMY", metric_code="medication_errors_reported")
    assert [p.value for p in series.points] == [
        float(medication_errors_in(i)) for i in range(MONTHS)
    ]
    assert [p.period_start for p in series.points] == [month(i)[0] for i in range(MONTHS)]
    assert {p.current.version.kind.value for p in series.points} == {"incidents"}
    assert series.illustrative  # every figure counts illustrative incidents
    assert not any(p.revised for p in series.points)


def test_loading_the_incidents_again_changes_nothing(demo_db: Database) -> None:
    before, seq = stored(demo_db), head(demo_db)
    load_incidents(db=demo_db)
    assert stored(demo_db) == before
    assert head(demo_db) == seq
