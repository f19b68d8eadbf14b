"""How the worked example's made-up plan is marked as made up.

Every action is `illustrative`, owned by a role with no person, and carries `NOTES`; every
evidence file is a short text document whose first line says it is illustrative, uploaded
at 10:00 UTC; every verdict is given by the deputy director of nursing (quality), who never
supplies evidence.
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.records import EvidencePiece, EvidenceUpload, EvidenceVerdict
from carewatch.domain.plans import Action, EvidenceKind, Owner, Priority

__all__ = [
    "NOTES",
    "QUALITY",
    "accepted",
    "evidence_file",
    "illustrative_action",
    "month_end",
    "rejected",
]

NOTES = "Illustrative action: not taken from the trust's own plan."
"""The internal notes of every action of the worked example."""

QUALITY = "Deputy director of nursing (quality)"


def illustrative_action(
    reference: str,
    title: str,
    owner: str,
    executive_lead: str,
    opened: dt.date,
    due: dt.date,
    priority: Priority = Priority.HIGH,
) -> Action:
    """An action owned by a role (no person), made up for the worked example."""
    return Action(
        reference=reference,
        title=title,
        owner=Owner(owner),
        opened=opened,
        due=due,
        priority=priority,
        executive_lead=executive_lead,
        illustrative=True,
    )


def accepted(on: dt.date) -> EvidenceVerdict:
    """Accepted by the verifier on `on`."""
    return EvidenceVerdict(accepted=True, by=QUALITY, on=on)


def rejected(on: dt.date) -> EvidenceVerdict:
    """Rejected by the verifier on `on`: it no longer counts."""
    return EvidenceVerdict(accepted=False, by=QUALITY, on=on)


def evidence_file(
    title: str,
    supplied_by: str,
    uploaded: dt.date,
    start: dt.date,
    end: dt.date,
    verdict: EvidenceVerdict | None,
) -> EvidencePiece:
    """A short text file, uploaded at 10:00 UTC, for the period `start`–`end`."""
    text = (
        "ILLUSTRATIVE EXAMPLE: not a document of Norfolk and Suffolk NHS Foundation Trust.\n"
        f"{title}\nPeriod: {start.isoformat()} to {end.isoformat()}\n"
    )
    upload = EvidenceUpload(
        kind=EvidenceKind.FILE,
        supplied_by=supplied_by,
        uploaded_at=dt.datetime(uploaded.year, uploaded.month, uploaded.day, 10, tzinfo=dt.UTC),
        effective_from=start,
        effective_to=end,
        title=title,
        content=text.encode(),
        filename=title.lower().replace(" ", "-").replace(",", "") + ".txt",
        media_type="text/plain",
    )
    return EvidencePiece(upload, verdict)


def month_end(year: int, month: int) -> dt.date:
    """The last day of the month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
