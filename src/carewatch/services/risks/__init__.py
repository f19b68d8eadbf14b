"""The risks service: the only code that writes a trust's risk register and board assurance
framework (objectives, risks, scorings, reviews, assurances, links, publication), and the
readers every surface uses. Routes, the CLI, the board report and the worked example import
from here, never from the modules inside. The register keeps no actions of its own: it reads
the improvement plan's, and the metrics' SPC charts, through those services' faces.

Example::

    record_risk(db=db, actor=actor, risk=Risk(reference="R1", trust="RMY", ...))
    list_risks(db=db, actor=actor, trust="RMY", as_of=dt.date(2020, 6, 30))
    check_risks(db=db, actor=actor, trust="RMY")
"""

from carewatch.services._db import Outcome, Stored
from carewatch.services.risks.commands import (
    assure_risk,
    link_risk,
    publish_risk_summary,
    record_objective,
    record_risk,
    review_risk,
    score_risk,
)
from carewatch.services.risks.imports import RiskImportResult, import_risks
from carewatch.services.risks.models import (
    ActionLinkView,
    BafObjective,
    BoardAssurance,
    MeasureLinkView,
    RiskDetail,
    RiskView,
    ScoreEntry,
    ScoreView,
)
from carewatch.services.risks.queries import (
    board_assurance,
    check_risks,
    list_risks,
    register_heat_map,
    risk_detail,
    risk_summary,
    top_risks,
)

__all__ = [
    "ActionLinkView",
    "BafObjective",
    "BoardAssurance",
    "MeasureLinkView",
    "Outcome",
    "RiskDetail",
    "RiskImportResult",
    "RiskView",
    "ScoreEntry",
    "ScoreView",
    "Stored",
    "assure_risk",
    "board_assurance",
    "check_risks",
    "import_risks",
    "link_risk",
    "list_risks",
    "publish_risk_summary",
    "record_objective",
    "record_risk",
    "register_heat_map",
    "review_risk",
    "risk_detail",
    "risk_summary",
    "score_risk",
    "top_risks",
]
