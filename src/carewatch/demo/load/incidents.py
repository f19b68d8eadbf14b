"""The worked example's incidents through the incidents service: the 2018 death on the M11
with its (illustrative) response, candour notifications and link, then the illustrative
medication errors of April 2019 to March 2022 as one import, their candour notifications and
links, and the measure "medication errors reported" derived from them.
Loading twice changes nothing: recording and importing are idempotent by reference, the
notifications, links and moves already recorded are not recorded again (so not even the
data version moves)."""

from __future__ import annotations

import hashlib

from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.nsft import incidents as facts
from carewatch.demo.nsft.metrics import ILLUSTRATIVE_PUBLISHED_ON
from carewatch.demo.nsft.trust import PROVIDER_ID
from carewatch.ingest.incident_csv import IncidentBatch, IncidentRecord
from carewatch.services import incidents
from carewatch.store.database import Database

__all__ = ["load_incidents"]


def load_incidents(*, db: Database) -> int:
    """Record the worked example's incidents; return how many it holds."""
    incidents.record_incident(
        db=db, actor=DEMO_OPERATOR, incident=facts.M11, patient=facts.M11_PATIENT,
        framework=facts.FRAMEWORK, source_url=facts.M11_SOURCE,
    )  # fmt: skip
    m11 = _detail(db, facts.M11.reference)
    for move in facts.M11_MOVES[len(m11.view.response.moves) :]:
        incidents.respond_incident(
            db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=facts.M11.reference,
            to=move.to, on=move.on, by=facts.BY, reason=facts.NOTE,
        )  # fmt: skip
    for step, on in facts.M11_CANDOUR:
        if (step, on) in {(c.step, c.given_on) for c in m11.candour}:
            continue
        incidents.record_candour(
            db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=facts.M11.reference,
            step=step, on=on, by=facts.BY,
        )  # fmt: skip
    for kind, target in facts.M11_LINKS:
        if (kind, target) in {(k.kind, k.target) for k in m11.links}:
            continue
        incidents.link_incident(
            db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=facts.M11.reference,
            kind=kind, target=target,
        )  # fmt: skip
    records = tuple(
        IncidentRecord(row=n, incident=i, patient=None, framework=facts.FRAMEWORK, source_url="")
        for n, i in enumerate(facts.MEDICATION_ERRORS, start=2)
    )
    digest = hashlib.sha256(
        "\n".join(f"{i.reference},{i.reported},{i.physical_harm.value}"
                  for i in facts.MEDICATION_ERRORS).encode()
    ).hexdigest()  # fmt: skip
    incidents.import_incidents(
        db=db,
        actor=DEMO_OPERATOR,
        batch=IncidentBatch("illustrative-medication-errors", digest, PROVIDER_ID, records),
    )
    details = {r: _detail(db, r) for r, _, _ in facts.MEDICATION_CANDOUR}
    details |= {r: _detail(db, r) for r, _, _ in facts.MEDICATION_LINKS if r not in details}
    for reference, step, on in facts.MEDICATION_CANDOUR:
        if (step, on) in {(c.step, c.given_on) for c in details[reference].candour}:
            continue
        incidents.record_candour(
            db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=reference, step=step,
            on=on, by=facts.BY,
        )  # fmt: skip
    for reference, kind, target in facts.MEDICATION_LINKS:
        if (kind, target) in {(k.kind, k.target) for k in details[reference].links}:
            continue
        incidents.link_incident(
            db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=reference, kind=kind,
            target=target,
        )  # fmt: skip
    # "Medication errors reported" comes from these incidents, as a trust's would.
    incidents.derive_incident_measures(
        db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, as_of=ILLUSTRATIVE_PUBLISHED_ON,
        published_on=ILLUSTRATIVE_PUBLISHED_ON,
    )  # fmt: skip
    return 1 + len(facts.MEDICATION_ERRORS)


def _detail(db: Database, reference: str) -> incidents.IncidentDetail:
    # What is recorded already, so that loading again writes nothing, not even a version.
    return incidents.incident_detail(
        db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=reference
    )
