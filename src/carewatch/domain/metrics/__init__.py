"""Metrics: definitions (polarity, unit, frequency, level, target and its source), the seeded
catalogue of the measures a mental health trust's board watches, observations and their
versions.

Pure: standard library only. Import from here.
"""

from carewatch.domain.metrics.catalogue import CATALOGUE, UnknownMetric, metric
from carewatch.domain.metrics.definitions import InvalidMetric, MetricDefinition, Target
from carewatch.domain.metrics.observations import (
    DataVersionRef,
    InvalidObservation,
    MetricBatch,
    ObservationRecord,
    SeriesPoint,
    StoredObservation,
    current_series,
)
from carewatch.domain.metrics.words import (
    DataKind,
    Level,
    MeasurementFrequency,
    TargetKind,
    Unit,
)

__all__ = [
    "CATALOGUE",
    "DataKind",
    "DataVersionRef",
    "InvalidMetric",
    "InvalidObservation",
    "Level",
    "MeasurementFrequency",
    "MetricBatch",
    "MetricDefinition",
    "ObservationRecord",
    "SeriesPoint",
    "StoredObservation",
    "Target",
    "TargetKind",
    "Unit",
    "UnknownMetric",
    "current_series",
    "metric",
]
