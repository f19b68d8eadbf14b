"""The rule sets described as plain data, for `carewatch ratings rules`, the API and pages."""

from __future__ import annotations

from typing import Any

from carewatch.domain.ratings import RULESETS, CountRuleSet, CountThreshold, RuleSet


def _threshold(name: str, threshold: CountThreshold) -> dict[str, Any]:
    return {
        "name": name,
        "bands": [
            {
                "ratings": band.label,
                "at_least": band.needed,
                "confidence": band.confidence.value,
                "source": band.source,
            }
            for band in threshold.bands
        ],
    }


def describe_ruleset(rules: RuleSet) -> dict[str, Any]:
    """One rule set as JSON-ready data: thresholds or score bands, and its principles."""
    out: dict[str, Any] = {
        "id": rules.id,
        "title": rules.title,
        "kind": rules.kind,
        "applies_to": rules.applies_to,
        "in_force": rules.in_force,
        "principles": [
            {
                "code": p.code,
                "title": p.title,
                "statement": p.statement,
                "source": p.source,
                "confidence": p.confidence.value,
                "note": p.note,
            }
            for p in rules.principles
        ],
    }
    if isinstance(rules, CountRuleSet):
        out["thresholds"] = [
            _threshold("Outstanding (with all others Good)", rules.outstanding),
            _threshold("Requires improvement", rules.requires_improvement),
            _threshold("Inadequate", rules.inadequate),
        ]
    else:
        out["score_bands"] = [
            {"from": b.minimum, "to": b.maximum, "rating": b.rating_word} for b in rules.bands
        ]
        out["overall_ruleset"] = rules.overall_ruleset
    return out


def describe_rulesets() -> list[dict[str, Any]]:
    return [describe_ruleset(r) for r in RULESETS.values()]
