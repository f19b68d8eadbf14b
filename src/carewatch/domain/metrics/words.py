"""The enumerated words of a metric definition: its unit, how often it is measured, at what
level, what kind of target it has, and where a data version came from.

Which way is better is the SPC chart's own word, `carewatch.domain.spc.Improvement`: a
metric's polarity is the improvement direction its chart uses.
"""

from __future__ import annotations

from carewatch.domain.words import Word

__all__ = [
    "DataKind",
    "Level",
    "MeasurementFrequency",
    "TargetKind",
    "Unit",
]


class Unit(Word):
    """What a metric's values count or measure."""

    PERCENT = "percent"
    DAYS = "days"
    COUNT = "count"
    BED_DAYS = "bed_days"

    @property
    def label(self) -> str:
        return {
            Unit.PERCENT: "%",
            Unit.DAYS: "days",
            Unit.COUNT: "count",
            Unit.BED_DAYS: "bed days",
        }[self]


class MeasurementFrequency(Word, what="frequency"):
    """How often a metric is measured: one observation per period.

    Not the frequency of recurring evidence (`carewatch.domain.plans.EvidenceFrequency`):
    evidence falls due in whole months, while a metric may be measured weekly.
    """

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class Level(Word):
    """The level a metric describes."""

    TRUST = "trust"
    CORE_SERVICE = "core_service"
    LOCATION = "location"

    @property
    def label(self) -> str:
        return {
            Level.TRUST: "Whole trust",
            Level.CORE_SERVICE: "Core service",
            Level.LOCATION: "Location",
        }[self]


class TargetKind(Word, what="target kind"):
    """Where a target comes from. Every target names its source; one that is not national is
    marked as local, a convention, or illustrative (made up to show how the tool works)."""

    NATIONAL = "national"
    """Set by NHS England or the Department of Health and Social Care in a published document."""
    CONVENTION = "convention"
    """A widely used figure that no current national standard sets (e.g. 85% bed occupancy)."""
    LOCAL = "local"
    """Set by the trust or its commissioners."""
    ILLUSTRATIVE = "illustrative"
    """Made up for the worked example; not a real target."""
    NONE = "none"
    """No target: the metric is watched, not aimed at."""

    @property
    def label(self) -> str:
        return {
            TargetKind.NATIONAL: "National",
            TargetKind.CONVENTION: "Convention",
            TargetKind.LOCAL: "Local",
            TargetKind.ILLUSTRATIVE: "Illustrative",
            TargetKind.NONE: "No target",
        }[self]


class DataKind(Word, what="data kind"):
    """Where a version of data came from."""

    MHSDS_4WW = "mhsds_4ww"
    """NHS England's Mental Health Services Monthly Statistics, four-week-wait file."""
    OAPS = "oaps"
    """NHS Digital's Out of Area Placements in Mental Health Services open data."""
    METRIC_CSV = "metric_csv"
    """The generic observations CSV (a trust's own figures)."""
    ILLUSTRATIVE = "illustrative"
    """Series made up for the worked example."""
    INCIDENTS = "incidents"
    """Derived from the trust's own stored incidents (`carewatch incidents derive-measures`)."""

    @property
    def label(self) -> str:
        return {
            DataKind.MHSDS_4WW: "MHSDS four-week waits",
            DataKind.OAPS: "Out of area placements",
            DataKind.METRIC_CSV: "Observations CSV",
            DataKind.ILLUSTRATIVE: "Illustrative",
            DataKind.INCIDENTS: "Derived from incidents",
        }[self]
