"""Writers of an action's evidence: a note, a file or a link attached, and the verifiers'
verdicts on it (each its own row: a re-verification never replaces a verdict). Files are
stored once by SHA-256; the same content on the same action is one piece of evidence,
however many writers attach it at once.

Errors: `NotFound` for an unknown action or evidence; `InvalidEvidence` for what the domain
refuses; `ValueTooLong` for text longer than its column. Each write logs one event with ids.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select

from carewatch.domain.access import Actor, ActorKind, Permission
from carewatch.domain.plans import EvidenceKind, InvalidEvidence, Verdict, content_sha256
from carewatch.services import audit
from carewatch.services._dates import refuse_future
from carewatch.services._db import insert_missing, lock_row, log_event, write_transaction
from carewatch.services.errors import NotFound
from carewatch.services.plans._authz import (
    allowed_for_action,
    allowed_for_evidence,
    signed,
)
from carewatch.services.plans._load import utc
from carewatch.services.plans.models import EvidenceAdded, VerdictView
from carewatch.store.database import Database
from carewatch.store.limits import check_fits
from carewatch.store.tables.plans import PLAN_EVIDENCE, PLAN_EVIDENCE_FILES, PLAN_VERDICTS

__all__ = ["DEFAULT_MEDIA_TYPE", "add_evidence", "received_at", "verify_evidence"]

DEFAULT_MEDIA_TYPE = "application/octet-stream"


def received_at(day: dt.date | None, *, now: dt.datetime | None = None) -> dt.datetime:
    """When evidence received on `day` counts as uploaded: now (to the second) when `day` is
    None or today (UTC), else the start of `day` (00:00 UTC), so that evidence received in
    the past supports a move or a verdict dated on or after that day.

    >>> received_at(dt.date(2021, 3, 31)).isoformat()
    '2021-03-31T00:00:00+00:00'
    >>> moment = dt.datetime(2021, 4, 2, 9, 30, 5, 120, tzinfo=dt.UTC)
    >>> received_at(dt.date(2021, 4, 2), now=moment).isoformat()
    '2021-04-02T09:30:05+00:00'
    """
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    if day is None or day == moment.date():
        return moment
    # Another day (a day ahead is judged by `add_evidence`'s rule on future dates).
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def add_evidence(
    *,
    db: Database,
    actor: Actor,
    action_id: int,
    kind: EvidenceKind | str,
    supplied_by: str,
    uploaded_at: dt.datetime,
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    title: str = "",
    note: str = "",
    url: str = "",
    content: bytes | None = None,
    filename: str = "",
    media_type: str | None = None,
) -> EvidenceAdded:
    """Attach a note (`note`), a file (`content` bytes, `filename`, `media_type`) or a link
    (`url`) to an action, for the period `effective_from`–`effective_to` (one day when
    `effective_to` is None). `uploaded_at` without a time zone is read as UTC; days are UTC days.

    Files are stored once by SHA-256. The same content already on this action is not stored
    again: the result names the earlier evidence (`created` False, `duplicate` True). The same
    file on another action is stored as new evidence and reported as a duplicate of the
    earlier pieces. `InvalidEvidence` when the kind's content is missing.
    """
    evidence_kind = EvidenceKind.parse(kind)
    until = effective_to or effective_from
    if until < effective_from:
        raise InvalidEvidence("the effective period ends before it starts", "effective_to")
    supplied_by = signed(actor, supplied_by)
    if not supplied_by.strip():
        raise InvalidEvidence("evidence needs who supplied it", "supplied_by")
    moment = utc(uploaded_at)
    refuse_future(moment.date(), what="the evidence's receipt", field="uploaded_at")
    sha: str | None = None
    if evidence_kind is EvidenceKind.FILE:
        if content is None:
            raise InvalidEvidence("a file needs its content", "content")
        sha = content_sha256(content)
        key = sha
    elif evidence_kind is EvidenceKind.LINK:
        if not url.strip():
            raise InvalidEvidence("a link needs its address", "url")
        if not url.strip().lower().startswith(("https://", "http://")):
            raise InvalidEvidence(
                "a link is a web address starting with https:// or http://", "url"
            )
        key = content_sha256(b"link\n" + url.strip().encode())
    else:
        if not note.strip():
            raise InvalidEvidence("a note needs its text", "note")
        key = content_sha256(b"note\n" + note.strip().encode())
    values = {
        "action_id": action_id,
        "kind": evidence_kind.value,
        "content_key": key,
        "title": title,
        "note": note,
        "url": url.strip(),
        "file_sha256": sha,
        "filename": filename,
        "supplied_by": supplied_by,
        "supplier": actor.identity,
        "uploaded_at": moment,
        "effective_from": effective_from,
        "effective_to": until,
    }
    check_fits(PLAN_EVIDENCE, values)
    with write_transaction(db) as conn:
        allowed_for_action(conn, actor, Permission.WORK_PLAN, action_id)
        if sha is not None and content is not None:
            file_values = {
                "sha256": sha,
                "size": len(content),
                "media_type": media_type or DEFAULT_MEDIA_TYPE,
                "content": content,
            }
            insert_missing(conn, PLAN_EVIDENCE_FILES, [file_values], conflict=["sha256"])
        # The same content on this action already (stored before, or by a writer attaching
        # it at this moment) is kept and named instead.
        created = insert_missing(
            conn, PLAN_EVIDENCE, [values], conflict=["action_id", "content_key"]
        )
        rows = conn.execute(
            select(PLAN_EVIDENCE.c.id, PLAN_EVIDENCE.c.action_id)
            .where(PLAN_EVIDENCE.c.content_key == key)
            .order_by(PLAN_EVIDENCE.c.id)
        ).all()
        own = next(r.id for r in rows if r.action_id == action_id)
        if created:
            others = tuple(r.id for r in rows if r.action_id != action_id)
            result = EvidenceAdded(int(own), True, bool(others), others, sha)
        else:
            result = EvidenceAdded(int(own), False, True, (int(own),), sha)
        audit.append(
            conn, actor, "plans.evidence", "evidence", result.evidence_id,
            {"action": action_id, "kind": evidence_kind.value, "content_key": key},
        )  # fmt: skip
    log_event("plans.evidence", action_id=action_id, evidence_id=result.evidence_id)
    return result


def verify_evidence(
    *,
    db: Database,
    actor: Actor,
    evidence_id: int,
    accepted: bool,
    by: str,
    on: dt.date,
    note: str = "",
    at: dt.datetime | None = None,
) -> VerdictView:
    """Record a verifier's verdict on a piece of evidence and return it. A verdict is never
    replaced: verifying again adds a verdict, which becomes the evidence's verdict, and the
    earlier ones stay in its history. `at` is when it is recorded (default now).

    `InvalidEvidence` when the verifier is the person who supplied it, when no verifier is
    named, or when the verdict is dated before the upload or before the evidence's latest
    verdict.
    """
    by = signed(actor, by)
    if not by.strip():
        raise InvalidEvidence("a verdict needs who gave it", "by")
    refuse_future(on, what="the verdict", field="on")
    moment = utc(at or dt.datetime.now(dt.UTC))
    with write_transaction(db) as conn:
        allowed_for_evidence(conn, actor, Permission.VERIFY_EVIDENCE, evidence_id)
        # Two verdicts at once are checked one after the other against the latest.
        if not lock_row(conn, PLAN_EVIDENCE, {"id": evidence_id}):
            raise NotFound("evidence", str(evidence_id))
        row = conn.execute(select(PLAN_EVIDENCE).where(PLAN_EVIDENCE.c.id == evidence_id)).first()
        if row is None:
            raise NotFound("evidence", str(evidence_id))
        # A signed-in verifier is compared by identity (two people may share a name); the
        # operator, who types names, by the name given.
        same = (
            row.supplier == actor.identity
            if actor.kind is ActorKind.USER
            else row.supplied_by.strip().lower() == by.strip().lower()
        )
        if same:
            raise InvalidEvidence("evidence is verified by someone other than its supplier", "by")
        uploaded = utc(row.uploaded_at).date()
        if on < uploaded:
            raise InvalidEvidence(
                f"the verdict ({on.isoformat()}) comes before the upload ({uploaded})", "on"
            )
        latest = conn.execute(
            select(func.max(PLAN_VERDICTS.c.verified_on)).where(
                PLAN_VERDICTS.c.evidence_id == evidence_id
            )
        ).scalar()
        if latest is not None and on < latest:
            raise InvalidEvidence(
                f"the verdict ({on.isoformat()}) comes before the evidence's latest verdict "
                f"({latest.isoformat()})",
                "on",
            )
        values = {
            "evidence_id": evidence_id,
            "verdict": (Verdict.ACCEPTED if accepted else Verdict.REJECTED).value,
            "verifier": actor.identity,
            "verified_by": by,
            "verified_on": on,
            "recorded_at": moment,
            "note": note,
        }
        check_fits(PLAN_VERDICTS, values)
        verdict_id = conn.execute(
            insert(PLAN_VERDICTS).values(**values).returning(PLAN_VERDICTS.c.id)
        ).scalar_one()
        audit.append(conn, actor, "plans.verify", "evidence", evidence_id, values)
    log_event("plans.verify", evidence_id=evidence_id, verdict_id=verdict_id)
    return VerdictView(
        int(verdict_id), evidence_id, Verdict(values["verdict"]), by, on, moment, note
    )
