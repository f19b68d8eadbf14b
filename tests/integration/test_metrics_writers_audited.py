"""Who may write the metrics, on SQLite and PostgreSQL: the national roles seed the catalogue,
import statistics and record recalculations; a trust's editors (or the national roles)
annotate the trust's charts. Every write appends exactly one audit event naming the actor;
a file imported again, or a seeding that finds the catalogue current, appends none; a refusal
stores nothing and appends nothing.

The world: organisation RXX (a trust) with six months of `cyp_triage_wait` from January 2021,
imported by the operator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from carewatch.domain.access import PUBLIC, Actor, Forbidden, SignInRequired
from carewatch.ingest.metric_csv import TEMPLATE_COLUMNS, read_metric_csv
from carewatch.services.metrics import (
    import_metrics,
    record_annotation,
    record_recalculation,
    seed_catalogue,
)
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, appended, head, stored, user

NHSE = user("oversight", "NHSE")
CQC = user("regulator", "CQC")
EDITOR = user("trust_editor", "RXX")
METRIC = "cyp_triage_wait"

Write = Callable[[Database, Actor], object]


def measures(tmp_path: Path, name: str, values: list[int]) -> Path:
    lines = [",".join(TEMPLATE_COLUMNS)]
    for i, value in enumerate(values, start=1):
        start = dt.date(2021, i, 1)
        end = dt.date(2021, i + 1, 1) - dt.timedelta(days=1)
        lines.append(f"RXX,A trust,{METRIC},{start},{end},{value},,,board report")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def world(db: Database, tmp_path: Path) -> None:
    record_provider(db=db, provider_id="RXX", name="A trust", actor=OPERATOR)
    batch = read_metric_csv(measures(tmp_path, "world.csv", [20, 21, 19, 20, 22, 20]))
    import_metrics(db=db, batch=batch, actor=OPERATOR)


def recalculate(db: Database, who: Actor) -> object:
    return record_recalculation(
        db=db, actor=who, org_code="RXX", metric_code=METRIC, at=dt.date(2021, 4, 1),
        reason="New triage pathway",
    )  # fmt: skip


def annotate(db: Database, who: Actor) -> object:
    return record_annotation(
        db=db, actor=who, org_code="RXX", metric_code=METRIC, on=dt.date(2021, 3, 15),
        label="Triage nurse in post",
    )  # fmt: skip


def test_a_first_seeding_appends_one_event_and_a_second_none(db: Database) -> None:
    before = head(db)
    assert seed_catalogue(db, actor=NHSE) > 0
    (event,) = appended(db, before)
    assert (event.actor, event.action, event.entity) == (
        "oversight1@nhse.example",
        "metrics.catalogue",
        "catalogue",
    )
    again = head(db)
    assert seed_catalogue(db, actor=NHSE) == 0
    assert appended(db, again) == []


@pytest.mark.parametrize("who", [NHSE, CQC], ids=["oversight", "regulator"])
def test_an_import_appends_one_event_and_the_same_file_again_none(
    db: Database, tmp_path: Path, who: Actor
) -> None:
    world(db, tmp_path)
    path = measures(tmp_path, "july.csv", [20, 21, 19, 20, 22, 20, 8])
    before = head(db)
    result = import_metrics(db=db, actor=who, batch=read_metric_csv(path))
    (event,) = appended(db, before)
    assert (event.actor, event.action, event.entity, event.entity_id) == (
        who.email,
        "metrics.import",
        "import",
        str(result.data_version_id),
    )
    again = head(db)
    assert import_metrics(db=db, actor=who, batch=read_metric_csv(path)).already_imported
    assert appended(db, again) == []


@pytest.mark.parametrize(
    ("who", "write", "action"),
    [
        (NHSE, recalculate, "metrics.recalculation"),
        (CQC, recalculate, "metrics.recalculation"),
        (EDITOR, annotate, "metrics.annotation"),
        (NHSE, annotate, "metrics.annotation"),
    ],
    ids=["recalculation-oversight", "recalculation-regulator", "annotation-editor", "annotation"],
)
def test_a_recalculation_or_annotation_appends_one_event(
    db: Database, tmp_path: Path, who: Actor, write: Write, action: str
) -> None:
    world(db, tmp_path)
    before = head(db)
    write(db, who)
    (event,) = appended(db, before)
    assert (event.actor, event.action) == (who.email, action)


def _import(tmp_path: Path) -> Write:
    path = measures(tmp_path, "refused.csv", [1, 2, 3, 4, 5, 6, 7, 8])
    return lambda db, who: import_metrics(db=db, actor=who, batch=read_metric_csv(path))


def _seed(db: Database, who: Actor) -> object:
    return seed_catalogue(db, actor=who)


# Each writer (by name: the import needs its file) with someone it refuses and how: the
# public must sign in; a trust's editor imports no statistics, recalculates nothing and
# seeds no catalogue; only the trust's editors and the national roles annotate.
REFUSALS: list[tuple[str, str, Actor, type[Exception]]] = [
    *((f"{what}-public", what, PUBLIC, SignInRequired)
      for what in ("import", "recalculation", "catalogue", "annotation")),
    *((f"{what}-trust_editor", what, EDITOR, Forbidden)
      for what in ("import", "recalculation", "catalogue")),
    ("annotation-another-trusts-editor", "annotation", user("trust_editor", "RAA"), Forbidden),
    ("annotation-viewer", "annotation", user("trust_viewer", "RXX"), Forbidden),
    ("annotation-admin", "annotation", user("admin", "RXX"), Forbidden),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "who", "error"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_a_refused_writer_stores_nothing_and_appends_nothing(
    db: Database, tmp_path: Path, what: str, who: Actor, error: type[Exception]
) -> None:
    writers = {
        "import": _import(tmp_path),
        "recalculation": recalculate,
        "catalogue": _seed,
        "annotation": annotate,
    }
    world(db, tmp_path)
    before, was = head(db), stored(db)
    with pytest.raises(error):
        writers[what](db, who)
    assert (head(db), stored(db)) == (before, was)
