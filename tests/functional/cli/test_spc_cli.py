"""`carewatch spc analyse FILE.csv`: an XmR chart of a CSV column, as JSON or a table.

`tests/data/spc/waits.csv` holds team A's days to triage, January to July 2020 (rows out of
order, July missing) and one row for team B. Team A's values 1, 3, 1, 3, 2, 30 give, by
hand: mean 40/6 = 6.667; moving ranges 2, 2, 2, 1, 28, mean 7; 28 >= 3.267 × 7 is screened,
leaving 7/4 = 1.75; limits 6.667 ± 4.655 = 2.012 and 11.322, close-to-limit band beyond
6.667 ± 3.103 = 3.563 and 9.770. When lower is better, June's 30 is above the upper limit, a
concern; the 1s are below the lower limit and the 3s and the 2 are 2 of 3 close to it, all
improvements.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[2] / "data" / "spc"
WAITS = str(DATA / "waits.csv")


def spc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["spc", "analyse", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_has_the_points_in_date_order_with_limits_types_and_the_summary() -> None:
    code, out, err = spc(
        WAITS,
        "--value-column", "days",
        "--date-column", "month",
        "--where", "team=A",
        "--improvement", "decrease",
        "--target", "8",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    chart = json.loads(out)
    points = chart["points"]
    assert [p["x"] for p in points] == [f"2020-0{m}-01" for m in range(1, 8)]
    assert [p["y"] for p in points] == [1, 3, 1, 3, 2, 30, None]
    assert points[0]["mean"] == pytest.approx(40 / 6)
    assert points[0]["lpl"] == pytest.approx(40 / 6 - 2.66 * 1.75)
    assert points[0]["upl"] == pytest.approx(40 / 6 + 2.66 * 1.75)
    assert [p["point_type"] for p in points] == ["special_cause_improvement"] * 5 + [
        "special_cause_concern",
        None,
    ]
    assert [p["special_cause"] for p in points[:3]] == [
        "Below LCL",
        "2 in 3 Below CL",
        "Below LCL",
    ]
    assert chart["variation"] == "special_cause_concern"
    assert chart["variation_icon"] == {
        "code": "concern-high",
        "label": "Special cause variation – concern (high)",
    }
    assert chart["assurance"] == "inconsistent"
    assert chart["phases"][0]["screened_moving_ranges"] == 1


def test_the_table_shows_every_point_and_the_two_summary_lines() -> None:
    code, out, _ = spc(
        WAITS, "--value-column", "days", "--date-column", "month", "--where", "team=A",
        "--improvement", "decrease",
    )  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["x", "y", "mean", "lower", "limit", "upper", "limit", "variation"]
    assert lines[6].split()[:2] == ["2020-06-01", "30"]
    assert lines[6].split()[-1] == "special_cause_concern"
    assert lines[7].split()[:2] == ["2020-07-01", "missing"]
    assert lines[-2] == "Variation: Special cause variation – concern (high)"
    assert lines[-1] == "Assurance: none (no target given)"


def test_a_recalculation_date_starts_a_phase_with_its_reason() -> None:
    code, out, err = spc(
        WAITS, "--value-column", "days", "--date-column", "month", "--where", "team=A",
        "--recalculate-at", "2020-04-01|New triage pathway", "--json",
    )  # fmt: skip
    assert code == 0, err
    phases = json.loads(out)["phases"]
    assert [(p["start_x"], p["reason"]) for p in phases] == [
        ("2020-01-01", None),
        ("2020-04-01", "New triage pathway"),
    ]
    assert phases[0]["mean"] == pytest.approx(5 / 3)  # 1, 3, 1


def test_without_a_date_column_points_are_numbered_and_fix_after_works() -> None:
    code, out, err = spc(
        WAITS, "--value-column", "days", "--where", "team=A", "--fix-after", "4", "--json",
    )  # fmt: skip
    assert code == 0, err
    chart = json.loads(out)
    # File order: 3, 1, 1, 3 are the first four points (mean 2).
    assert [p["x"] for p in chart["points"]] == [1, 2, 3, 4, 5, 6, 7]
    assert chart["phases"][0]["mean"] == 2
    assert chart["assurance"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [WAITS, "--value-column", "waits"],
            "waits.csv, row 1, column 'waits': this column is missing from the header",
        ),
        (
            [str(DATA / "not_a_number.csv"), "--value-column", "days"],
            "not_a_number.csv, row 3, column 'days': is not a number",
        ),
        (
            [str(DATA / "not_a_date.csv"), "--value-column", "days", "--date-column", "month"],
            "not_a_date.csv, row 3, column 'month': is not a date like 2024-04-30",
        ),
        (
            [WAITS, "--value-column", "days", "--date-column", "month"],
            "waits.csv, row 9, column 'month': repeats the date of an earlier row",
        ),
        (
            [
                WAITS,
                "--value-column",
                "days",
                "--date-column",
                "month",
                "--where",
                "team=A",
                "--recalculate-at",
                "2021-01-01",
            ],
            "--recalculate-at: 2021-01-01 is not one of the series' x values",
        ),
        (
            [WAITS, "--value-column", "days", "--improvement", "up"],
            "--improvement: unknown improvement direction 'up'",
        ),
        ([WAITS, "--value-column", "days", "--fix-after", "1"], "--fix-after: must be"),
        ([str(DATA / "absent.csv"), "--value-column", "days"], "absent.csv: cannot be read"),
        ([WAITS, "--value-column", "days", "--from", "2020-01-01"], "--from needs --date-column"),
        (
            [WAITS, "--value-column", "days", "--date-column", "month", "--to", "July"],
            "--to: 'July' is not a date (YYYY-MM-DD)",
        ),
        ([WAITS, "--value-column", "days", "--where", "team"], "--where: give 'COLUMN=VALUE'"),
        (
            [WAITS, "--value-column", "days", "--recalculate-at", "2020-04-01"],
            "--recalculate-at: without --date-column give a point number",
        ),
        (
            [WAITS, "--value-column", "days", "--where", "team=A", "--recalculate-at", "9"],
            "--recalculate-at: 9 is not one of the series' x values",
        ),
    ],
)
def test_bad_input_exits_2_naming_file_row_and_column(args: list[str], message: str) -> None:
    code, _, err = spc(*args)
    assert code == 2
    assert message in err


def test_a_point_number_recalculation_and_the_summary_lines_without_a_direction() -> None:
    code, out, err = spc(
        WAITS, "--value-column", "days", "--where", "team=A", "--recalculate-at", "4|new form",
        "--target", "5",
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert "Phase 2 from 4: new form" in lines
    assert lines[-1] == "Assurance: none (neither direction is better)"


def test_a_cell_is_never_quoted_in_an_error() -> None:
    _, _, err = spc(str(DATA / "not_a_number.csv"), "--value-column", "days")
    assert "three" not in err


def test_the_nhsrplotthedots_readme_example_on_the_real_ae_file(shared_data: Path) -> None:
    """RQM type 1 breaches, April 2016 to March 2018, lower is better, target 1200: the
    NHSRplotthedots README's summary is common cause and inconsistent; the limits are the
    nhspy tutorial's 740.395758 and 2349.937576 (reference vectors, readme_rqm_breaches)."""
    path = shared_data / "nhsrdatasets" / "ae_attendances.csv"
    if not path.is_file():
        pytest.skip("ae_attendances.csv not found in the shared data")
    code, out, err = spc(
        str(path), "--value-column", "breaches", "--date-column", "period",
        "--where", "org_code=RQM", "--where", "type=1", "--to", "2018-03-01",
        "--improvement", "decrease", "--target", "1200", "--json",
    )  # fmt: skip
    assert code == 0, err
    chart = json.loads(out)
    assert len(chart["points"]) == 24
    assert chart["points"][0]["x"] == "2016-04-01"
    assert chart["points"][0]["lpl"] == pytest.approx(740.395758, abs=1e-6)
    assert chart["points"][0]["upl"] == pytest.approx(2349.937576, abs=1e-6)
    assert (chart["variation"], chart["assurance"]) == ("common_cause", "inconsistent")
    above = [p["x"] for p in chart["points"] if p["special_cause"] == "Above UCL"]
    assert above == ["2016-12-01", "2017-01-01"]
