"""Changes to the recorded facts of an action or a finding, each kept as its own event.

An action or a finding recorded again under the same key with other values does not
overwrite what was there: every field that differs becomes a `FieldChange` (the old value
and the new, as text), which the service stores with who made it, when and why. Recording
the same values again changes nothing. A change needs a reason (`ChangeNeedsReason`).

Values are compared and kept as text: a date as YYYY-MM-DD, a yes/no as "yes" or "no",
nothing as "", a list as its items joined by "; ".

>>> changed_fields({"due_date": "2025-03-31", "title": "Fix"},
...                {"due_date": "2025-06-30", "title": "Fix"})
(FieldChange(field='due_date', old='2025-03-31', new='2025-06-30'),)
>>> changed_fields({"title": "Fix"}, {"title": "Fix"})
()
>>> as_text(dt.date(2025, 3, 31)), as_text(True), as_text(None), as_text(["A", "B"])
('2025-03-31', 'yes', '', 'A; B')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carewatch.domain.plans.actions import InvalidAction
from carewatch.domain.words import Word

__all__ = [
    "ACTION_FIELDS",
    "FINDING_FIELDS",
    "RESTRICTED_FIELDS",
    "ChangeNeedsReason",
    "ChangedRecord",
    "FieldChange",
    "as_text",
    "changed_fields",
]


class ChangedRecord(Word, what="changed record"):
    """What kind of record a change is to."""

    ACTION = "action"
    FINDING = "finding"


ACTION_FIELDS: Mapping[str, str] = {
    "title": "Title",
    "owner_role": "Owner's role",
    "owner_person": "Owner's name",
    "owner_is_board_member": "Owner sits on the board",
    "executive_lead": "Executive lead",
    "priority": "Priority",
    "opened_on": "Opened",
    "due_date": "Due date",
    "legal_deadline": "Legal deadline",
    "notes": "Internal notes",
    "illustrative": "Illustrative",
}
"""The facts of an action that recording it again may change, with their names for people."""

FINDING_FIELDS: Mapping[str, str] = {
    "kind": "Must-do or should-do",
    "report_words": "The report's words",
    "public_summary": "Plain-English summary",
    "regulation": "Regulation",
    "core_services": "Core services",
    "key_question": "Key question",
    "report_date": "Report date",
    "report_link_id": "Report",
    "enforcement_id": "Enforcement action",
    "requirement_position": "Warning notice requirement",
    "illustrative": "Illustrative",
    "source": "Source",
}
"""The facts of a finding that recording it again may change, with their names for people."""

RESTRICTED_FIELDS: Mapping[ChangedRecord, frozenset[str]] = {
    ChangedRecord.ACTION: frozenset({"owner_person", "notes"}),
    ChangedRecord.FINDING: frozenset(),
}
"""Fields whose values only those who may read a trust's restricted data see (docs/access.md):
the owner's name (below board level it is never public; kept whole here, as a change may
cross the board line) and internal notes. Anyone else sees that the field changed, not how."""


class ChangeNeedsReason(InvalidAction):
    """Recording an action or a finding again with other values, without saying why."""

    def __init__(self, what: str, fields: Sequence[str]) -> None:
        super().__init__(
            f"{what} is already recorded with other values ({', '.join(fields)}): "
            "give the reason for the change",
            "reason",
        )
        self.fields = tuple(fields)


@dataclass(frozen=True)
class FieldChange:
    """One field of a record changed from `old` to `new` (both as text)."""

    field: str
    old: str
    new: str


def as_text(value: object) -> str:
    """A field's value as a change keeps it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(as_text(v) for v in value)
    return str(value)


def changed_fields(
    stored: Mapping[str, object], given: Mapping[str, object]
) -> tuple[FieldChange, ...]:
    """The fields of `given` whose text differs from `stored`'s, in `given`'s order."""
    found = []
    for name, value in given.items():
        old, new = as_text(stored.get(name)), as_text(value)
        if old != new:
            found.append(FieldChange(name, old, new))
    return tuple(found)
