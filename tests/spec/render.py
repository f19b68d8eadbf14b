"""Render the spec tests as docs/how-ratings-are-calculated.md.

    python -m tests.spec.render > docs/how-ratings-are-calculated.md

Each spec module's docstring is the text; each rulebook table in it is shown as the tests
read it. `test_rulebook_doc.py` fails when the page and the tests disagree.
"""

from __future__ import annotations

import importlib
import inspect
import sys

from carewatch.domain.ratings import RULESETS, CountRuleSet, SafRuleSet

MODULES = [
    "test_scale",
    "test_nhs_trust_principles",
    "test_non_ratings",
    "test_enforcement",
    "test_levels_and_special_measures",
    "test_combined_and_social_care",
    "test_saf",
    "test_published_ratings",
]

INTRO = """\
# How ratings are calculated

This page is generated from the spec tests in `tests/spec` (`make docs`); a test fails when
the two disagree, so what you read here is what the engine does. Try any case yourself with
`carewatch ratings aggregate` or on the Rules page of the web application.

CQC writes its principles as what an aggregate "will normally" be, and its inspectors may
depart from them with a recorded rationale. carewatch computes the normal result as a
*proposal*, shows the rule and the reason beside every aggregate, and marks where a published
rating departs from it. Where CQC's own text was cut off or not retrieved, the threshold is
reconstructed and marked below; see [deviations](deviations.md).

In the tables: O Outstanding, G Good, RI Requires improvement, I Inadequate, NR Not rated,
NPR No published rating, IE Insufficient evidence to rate; "3 G, 2 RI" means three Good and
two Requires improvement ratings.
"""


def _thresholds() -> str:
    out = ["## The rule sets and their thresholds", ""]
    for rules in RULESETS.values():
        out += [f"### `{rules.id}`: {rules.title}", "", f"Applies to: {rules.applies_to}.", ""]
        out += [f"In force: {rules.in_force}.", ""]
        if isinstance(rules, CountRuleSet):
            out += ["| threshold | ratings (N) | at least | confidence | source |"]
            out += ["|---|---|---|---|---|"]
            for name, table in (
                ("Outstanding (with all others Good)", rules.outstanding),
                ("Requires improvement", rules.requires_improvement),
                ("Inadequate", rules.inadequate),
            ):
                for band in table.bands:
                    out.append(
                        f"| {name} | {band.label} | {band.needed} | {band.confidence.value} "
                        f"| <{band.source}> |"
                    )
            out.append("")
        elif isinstance(rules, SafRuleSet):
            out += ["| score | rating |", "|---|---|"]
            out += [f"| {b.minimum}–{b.maximum}% | {b.rating_word} |" for b in rules.bands]
            out.append("")
        out += ["| principle | what it says | confidence | note |", "|---|---|---|---|"]
        for p in rules.principles:
            out.append(f"| {p.code} {p.title} | {p.statement} | {p.confidence.value} | {p.note} |")
        out.append("")
    return "\n".join(out)


def _module_section(name: str) -> str:
    module = importlib.import_module(f"tests.spec.{name}")
    doc = inspect.cleandoc(module.__doc__ or name)
    title, _, body = doc.partition("\n")
    parts = [f"## {title.rstrip('.')}", "", body.strip(), ""]
    for attr, value in vars(module).items():
        if attr.isupper() and isinstance(value, str) and value.strip().startswith("|"):
            parts += [f"`{name}.py` — {attr.replace('_', ' ').lower()}:", "", value.strip(), ""]
    return "\n".join(parts)


def render() -> str:
    sections = [INTRO, *(_module_section(m) for m in MODULES), _thresholds()]
    return "\n".join(sections).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
