"""The examples in the oversight domain's docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "carewatch.domain.oversight.regimes",
    "carewatch.domain.oversight.transitions",
    "carewatch.domain.oversight.suggestions",
    "carewatch.domain.oversight.enforcement",
    "carewatch.domain.oversight.escalation",
    "carewatch.domain.oversight.engagement",
    "carewatch.domain.oversight.league",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
