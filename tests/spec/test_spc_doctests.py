"""The examples in the SPC domain's docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "carewatch.domain.spc",
    "carewatch.domain.spc.words",
    "carewatch.domain.spc.options",
    "carewatch.domain.spc.limits",
    "carewatch.domain.spc.rules",
    "carewatch.domain.spc.results",
    "carewatch.domain.spc.arrays",
    "carewatch.domain.spc.chart",
    "carewatch.domain.spc.icons",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
