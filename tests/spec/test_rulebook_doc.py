"""docs/how-ratings-are-calculated.md is the spec tests, rendered: keep them in step."""

from pathlib import Path

from tests.spec.render import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "how-ratings-are-calculated.md"


def test_the_ratings_page_matches_the_spec_tests() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/how-ratings-are-calculated.md is out of date: run `make docs`"
    )
