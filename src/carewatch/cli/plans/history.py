"""An action's history as lines of text: its moves, the changes to its recorded facts (and
its finding's) and the verdicts on its evidence, in time order."""

from __future__ import annotations

from carewatch.services.plans import ActionDetail, ChangeView, TimelineEntry

__all__ = ["history_lines"]


def _change(c: ChangeView) -> str:
    of = "finding: " if c.record.value == "finding" else ""
    if c.withheld:
        what = f"{of}{c.label} changed"
    else:
        what = f"{of}{c.label} changed from {c.old or '(none)'} to {c.new or '(none)'}"
    who = f" by {c.by}" if c.by else ""
    why = f" ({c.reason})" if c.reason else ""
    return f"{what}{who}{why}"


def _line(entry: TimelineEntry) -> str:
    day = entry.on.isoformat()
    if entry.move is not None:
        h = entry.move
        why = f" ({h.reason})" if h.reason else ""
        return f"{day}  → {h.to.label} by {h.by or '-'}{why}"
    if entry.verdict is not None:
        v = entry.verdict
        said = f": {v.note}" if v.note else ""
        return f"{day}  evidence {v.evidence_id} {v.verdict.label.lower()} by {v.by or '-'}{said}"
    if entry.change is not None:
        return f"{day}  {_change(entry.change)}"
    return day


def history_lines(detail: ActionDetail) -> list[str]:
    """One line per move, change and verdict, oldest first.

    A move: ``2020-02-03  → In progress by Matron (started)``; a change:
    ``2025-04-02  Due date changed from 2025-03-31 to 2025-06-30 by Ann (delayed)``; a
    verdict: ``2025-02-05  evidence 4 accepted by Chief nurse``.
    """
    return [_line(e) for e in detail.timeline()]
