"""The oversight service: the only code that writes a trust's oversight record (regime
decisions, enforcement, escalations, meetings, statements, commitments) and NHS Oversight
Framework segmentation, and the readers that derive its status, timeline and league tables.

Routes, the CLI and other areas import from here, never from the modules inside.

Example::

    record_regime_decision(db=db, actor=actor, provider_id="RMY", kind="entered",
                           regime_from="none", regime_to="quality_special_measures",
                           date=dt.date(2015, 2, 12))
    oversight_status(db=db, provider_id="RMY", as_of=dt.date(2016, 1, 1)).regime
"""

from carewatch.services.oversight.commands import (
    record_escalation,
    record_other_enforcement,
    record_regime_decision,
    record_requirement_notice,
    record_warning_notice,
)
from carewatch.services.oversight.commands_engagement import (
    mark_commitment,
    record_commitment,
    record_meeting,
    record_statement,
)
from carewatch.services.oversight.commands_league import import_segmentation
from carewatch.services.oversight.models import (
    LeagueTable,
    LinkedEnforcement,
    LinkedRequirement,
    OversightRecord,
    SegmentationImport,
    TrustSegmentation,
)
from carewatch.services.oversight.queries import (
    linked_enforcement,
    oversight_record,
    oversight_status,
    oversight_statuses,
    oversight_timeline,
)
from carewatch.services.oversight.queries_league import (
    latest_place,
    latest_places,
    peer_league_table,
    trust_segmentation,
)
from carewatch.store.limits import ValueRefused, ValueTooLong

__all__ = [
    "LeagueTable",
    "LinkedEnforcement",
    "LinkedRequirement",
    "OversightRecord",
    "SegmentationImport",
    "TrustSegmentation",
    "ValueRefused",
    "ValueTooLong",
    "import_segmentation",
    "latest_place",
    "latest_places",
    "linked_enforcement",
    "mark_commitment",
    "oversight_record",
    "oversight_status",
    "oversight_statuses",
    "oversight_timeline",
    "peer_league_table",
    "record_commitment",
    "record_escalation",
    "record_meeting",
    "record_other_enforcement",
    "record_regime_decision",
    "record_requirement_notice",
    "record_statement",
    "record_warning_notice",
    "trust_segmentation",
]
