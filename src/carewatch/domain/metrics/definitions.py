"""A metric definition: what is measured, which way is better, and the target with its source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from carewatch.domain.metrics.words import Level, MeasurementFrequency, TargetKind, Unit
from carewatch.domain.spc.words import Improvement

__all__ = ["InvalidMetric", "MetricDefinition", "Target"]

CODE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
"""A metric code: lower-case letters, digits and underscores, at most 64 characters."""


class InvalidMetric(ValueError):
    """A metric definition that breaks a rule; `field` names the part at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Target:
    """A target value, what kind of target it is, and where it comes from.

    >>> Target(85.0, TargetKind.CONVENTION, "Royal College of Psychiatrists").kind.label
    'Convention'
    """

    value: float
    kind: TargetKind
    source: str

    def __post_init__(self) -> None:
        if self.kind is TargetKind.NONE:
            raise InvalidMetric("target_kind", "a target needs a kind other than 'none'")
        if not self.source.strip():
            raise InvalidMetric("target_source", "every target names its source")


@dataclass(frozen=True)
class MetricDefinition:
    """One measure in the catalogue.

    `polarity_reason` says why a metric is neither higher- nor lower-is-better (required then).
    `fix_after` fixes the SPC limits after that many points (a baseline); None uses them all.
    `data_source` says where the observations come from (a national file or local data).
    `core_service` names CQC's core service when the level is a core service.
    """

    code: str
    name: str
    description: str
    unit: Unit
    polarity: Improvement
    frequency: MeasurementFrequency
    level: Level
    target: Target | None
    data_source: str
    polarity_reason: str = ""
    fix_after: int | None = None
    core_service: str = ""

    def __post_init__(self) -> None:
        if not CODE.match(self.code):
            raise InvalidMetric(
                "metric_code", "use lower-case letters, digits and underscores (at most 64)"
            )
        if not self.name.strip():
            raise InvalidMetric("name", "a metric needs a name")
        if self.polarity is Improvement.NEITHER and not self.polarity_reason.strip():
            raise InvalidMetric("polarity_reason", "say why neither direction is better")
        if self.level is Level.CORE_SERVICE and not self.core_service.strip():
            raise InvalidMetric("core_service", "name the core service the metric describes")
        if self.fix_after is not None and self.fix_after < 2:
            raise InvalidMetric("fix_after", "a baseline needs at least 2 points")
        percent = self.unit is Unit.PERCENT and self.target is not None
        if percent and self.target is not None and not 0 <= self.target.value <= 100:
            raise InvalidMetric("target", "a percentage target lies between 0 and 100")

    @property
    def target_kind(self) -> TargetKind:
        return TargetKind.NONE if self.target is None else self.target.kind
