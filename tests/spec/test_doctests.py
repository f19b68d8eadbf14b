"""The examples in carewatch's docstrings run as written.

Every module of the package is found by walking it (`pkgutil.walk_packages`), and each one
with an example that is not marked `+SKIP` is one test: a new module's examples run without
being listed anywhere. Output may elide with `...` (ELLIPSIS).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import carewatch

# Not imported: `__main__` runs the command line, and the migrations' env.py runs only inside
# Alembic (`carewatch.store.migrate`), which hands it its connection.
NOT_IMPORTED = {"carewatch.__main__", "carewatch.store.migrations.env"}

FINDER = doctest.DocTestFinder()


def _runs(example: doctest.Example) -> bool:
    return not example.options.get(doctest.SKIP, False)


def _modules_with_examples() -> list[str]:
    names = []
    for found in pkgutil.walk_packages(carewatch.__path__, prefix=f"{carewatch.__name__}."):
        if found.name in NOT_IMPORTED:
            continue
        module = importlib.import_module(found.name)
        if any(_runs(e) for test in FINDER.find(module) for e in test.examples):
            names.append(found.name)
    return names


MODULES = _modules_with_examples()


def test_examples_are_found_across_the_package() -> None:
    # A floor, so a walk that silently found nothing would fail.
    assert len(MODULES) >= 40
    assert {
        "carewatch.domain.ratings.aggregate",
        "carewatch.domain.spc",
        "carewatch.store.migrate",
        "carewatch.web.csrf",
    } <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run_as_written(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in FINDER.find(module):
        runner.run(test, out=report.append)
    assert runner.tries > 0
    assert runner.failures == 0, "".join(report)
