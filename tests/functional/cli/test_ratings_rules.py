"""`carewatch ratings rules`: the rule sets with their thresholds, sources and confidence."""

import json

from typer.testing import CliRunner

from carewatch.cli import app

runner = CliRunner()


def test_rules_json_lists_every_ruleset_with_cited_thresholds() -> None:
    result = runner.invoke(app, ["ratings", "rules", "--json"])
    assert result.exit_code == 0
    rulesets = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(rulesets) == {
        "nhs-trust-2022",
        "combined-2018",
        "adult-social-care-2022",
        "saf-2024",
    }
    nhs = {t["name"]: t["bands"] for t in rulesets["nhs-trust-2022"]["thresholds"]}
    ri = {b["ratings"]: (b["at_least"], b["confidence"]) for b in nhs["Requires improvement"]}
    assert ri == {"1–3": (1, "unverified"), "4–8": (2, "confirmed"), "9+": (3, "unverified")}
    saf = rulesets["saf-2024"]["score_bands"]
    assert {"from": 63, "to": 87, "rating": "Good"} in saf
    for ruleset in rulesets.values():
        for principle in ruleset["principles"]:
            assert principle["source"].startswith("https://")


def test_rules_text_names_the_sources() -> None:
    result = runner.invoke(app, ["ratings", "rules"])
    assert result.exit_code == 0
    assert "combined-2018" in result.stdout
    assert "source: https://" in result.stdout
