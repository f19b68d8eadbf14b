"""The examples in the metrics modules' docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "carewatch.domain.metrics.catalogue",
    "carewatch.domain.metrics.definitions",
    "carewatch.domain.metrics.observations",
    "carewatch.ingest.metric_csv",
    "carewatch.web.spc_chart",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
