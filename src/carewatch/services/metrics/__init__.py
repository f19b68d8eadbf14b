"""The metrics area: metric definitions, versioned observations, SPC recalculations and chart
annotations, and the SPC readings behind the performance report.

What routes, the CLI and other areas may call. `commands` holds the writers, `queries` the
readers, `models` the frozen values they return, `errors` what they raise; the modules
starting with ``_`` are this area's own. Other areas read metrics through `metric_names`,
never the metric tables.

Example::

    from carewatch.services.metrics import import_metrics, metric_spc

    import_metrics(db=db, batch=read_mhsds_4ww(path), actor=Actor.operator("deploy"))
    metric_spc(db=db, org_code="RMY", metric_code="cmh_4ww").variation.label
"""

from __future__ import annotations

from carewatch.services.errors import NotFound
from carewatch.services.metrics.commands import (
    import_metrics,
    record_annotation,
    record_derived,
    record_recalculation,
    seed_catalogue,
)
from carewatch.services.metrics.errors import InvalidMetricRecord, MetricImportRejected
from carewatch.services.metrics.models import (
    Annotation,
    DataVersionInfo,
    ImportResult,
    MetricSeries,
    MetricSpc,
    RecalculationInfo,
    SummaryRow,
)
from carewatch.services.metrics.queries import (
    is_imported,
    metric_catalogue,
    metric_names,
    metric_series,
    metric_spc,
    metric_summary,
    options_for,
)
from carewatch.store.limits import ValueRefused, ValueTooLong

__all__ = [
    "Annotation",
    "DataVersionInfo",
    "ImportResult",
    "InvalidMetricRecord",
    "MetricImportRejected",
    "MetricSeries",
    "MetricSpc",
    "NotFound",
    "RecalculationInfo",
    "SummaryRow",
    "ValueRefused",
    "ValueTooLong",
    "import_metrics",
    "is_imported",
    "metric_catalogue",
    "metric_names",
    "metric_series",
    "metric_spc",
    "metric_summary",
    "options_for",
    "record_annotation",
    "record_derived",
    "record_recalculation",
    "seed_catalogue",
]
