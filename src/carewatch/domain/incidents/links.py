"""What an incident's record is kept in beside the event itself: the candour notifications
given, one step at a time, and the links from an incident to the rest of the trust's
oversight record.

>>> CandourStep.parse("written").label
'Written notification'
>>> IncidentLinkKind.parse("oversight event") is IncidentLinkKind.OVERSIGHT_EVENT
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carewatch.domain.incidents.candour import CandourTrail
from carewatch.domain.incidents.words import UnknownIncidentWord
from carewatch.domain.words import Word

__all__ = ["CandourStep", "IncidentLinkKind", "trail_from"]


class CandourStep(Word, what="candour step", error=UnknownIncidentWord):
    """One notification of the duty of candour (Regulation 20(2)-(4)): in person, in writing,
    an interim update, the final letter once enquiries are done."""

    VERBAL = "verbal"  # the notification in person, with an account and an apology
    WRITTEN = "written"  # the written record of the notification in person
    UPDATE = "update"  # an update on the enquiries under way
    FINAL_LETTER = "final_letter"  # the outcome of the enquiries, in writing

    @property
    def label(self) -> str:
        return {
            CandourStep.VERBAL: "Notification in person",
            CandourStep.WRITTEN: "Written notification",
            CandourStep.UPDATE: "Update",
            CandourStep.FINAL_LETTER: "Final letter",
        }[self]

    @property
    def once(self) -> bool:
        """Whether the step is given once (all but updates)."""
        return self is not CandourStep.UPDATE


def trail_from(steps: Iterable[tuple[CandourStep, dt.date]]) -> CandourTrail:
    """The candour trail the dated steps make (`InvalidCandourTrail` when their dates cannot
    all be true)."""
    given: dict[CandourStep, list[dt.date]] = {step: [] for step in CandourStep}
    for step, day in steps:
        given[step].append(day)

    def first(step: CandourStep) -> dt.date | None:
        return min(given[step]) if given[step] else None

    return CandourTrail(
        verbal_on=first(CandourStep.VERBAL),
        written_on=first(CandourStep.WRITTEN),
        updates=tuple(sorted(given[CandourStep.UPDATE])),
        final_letter_on=first(CandourStep.FINAL_LETTER),
    )


class IncidentLinkKind(Word, what="incident link", error=UnknownIncidentWord):
    """What an incident can be linked to (issue 13): a finding of an inspection (a must-do),
    an action of the improvement plan, a metric of the catalogue (medication errors reported,
    out-of-area placements) and an event of the oversight timeline."""

    FINDING = "finding"  # by the finding's reference
    ACTION = "action"  # by the action's id
    METRIC = "metric"  # by the metric's code
    OVERSIGHT_EVENT = "oversight_event"  # by its day and kind on the timeline
