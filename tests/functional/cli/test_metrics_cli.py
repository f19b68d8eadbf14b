"""`carewatch metrics` and `carewatch import mhsds-4ww|oaps|metrics-csv` end to end on SQLite
and PostgreSQL. Expected values are worked out by hand from the files written here or read
from the shared files' SOURCE.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.store.database import Database

runner = CliRunner()
DOCS_TEMPLATE = Path(__file__).parents[3] / "docs" / "templates" / "metric-observations.csv"


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def observations(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    header = (
        "org_code,org_name,metric_code,period_start,period_end,value,numerator,denominator,source"
    )
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def months(values: list[float], code: str = "pos_staffing_fill_rate") -> list[str]:
    rows = []
    for i, value in enumerate(values):
        year, month = 2022 + i // 12, i % 12 + 1
        end = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)
        rows.append(
            f"RXX,A trust,{code},{year}-{month:02d}-01,{year}-{month:02d}-{end},{value},,,rota"
        )
    return rows


def test_the_template_command_prints_the_documented_template() -> None:
    result = runner.invoke(app, ["metrics", "template"])
    assert result.exit_code == 0
    assert result.stdout == DOCS_TEMPLATE.read_text(encoding="utf-8")


def test_the_template_imports_as_it_stands(db: Database) -> None:
    code, out, err = cli(db, "import", "metrics-csv", str(DOCS_TEMPLATE))
    assert code == 0, err
    assert "3 observations read (1 suppressed); 3 new" in out


def test_list_as_json(db: Database) -> None:
    code, out, _ = cli(db, "metrics", "list", "--json")
    assert code == 0
    body = json.loads(out)
    assert body["count"] == 18
    occupancy = next(m for m in body["data"] if m["code"] == "bed_occupancy")
    assert (occupancy["target"], occupancy["target_kind"], occupancy["polarity"]) == (
        85.0,
        "convention",
        "decrease",
    )


def test_import_show_and_spc(db: Database, tmp_path: Path) -> None:
    path = observations(tmp_path, "fill.csv", months([80, 82, 79, 81, 80, 83, 95, 96, 94, 97]))
    code, out, err = cli(db, "import", "metrics-csv", str(path), "--published-on", "2022-11-15")
    assert code == 0, err
    assert out.strip() == (
        "fill.csv: 10 observations read (0 suppressed); 10 new, 0 revised, 0 unchanged; "
        "published 2022-11-15"
    )
    code, out, _ = cli(db, "import", "metrics-csv", str(path))
    assert "already imported" in out
    code, out, _ = cli(db, "metrics", "show", "RXX", "pos_staffing_fill_rate", "--json")
    shown = json.loads(out)
    assert [o["value"] for o in shown["data"]] == [80, 82, 79, 81, 80, 83, 95, 96, 94, 97]
    assert shown["data"][0]["data_version"]["file_name"] == "fill.csv"
    assert shown["data"][0]["data_version"]["published_on"] == "2022-11-15"
    code, out, _ = cli(db, "metrics", "spc", "RXX", "pos_staffing_fill_rate", "--json")
    assert code == 0
    chart = json.loads(out)
    assert chart["metric"]["polarity"] == "increase"
    assert chart["metric"]["target"] == 95.0
    # Mean of the ten values: 867 / 10.
    assert chart["points"][0]["mean"] == pytest.approx(86.7)
    code, out, _ = cli(db, "metrics", "spc", "RXX", "pos_staffing_fill_rate")
    assert "Variation:" in out


def test_recalculate_then_the_chart_has_two_phases(db: Database, tmp_path: Path) -> None:
    path = observations(tmp_path, "fill.csv", months([80, 82, 79, 81, 80, 83, 95, 96, 94, 97]))
    cli(db, "import", "metrics-csv", str(path))
    code, out, err = cli(
        db,
        "metrics",
        "recalculate",
        "RXX",
        "pos_staffing_fill_rate",
        "--at",
        "2022-07-01",
        "--reason",
        "New rota",
    )
    assert code == 0, err
    code, out, _ = cli(db, "metrics", "spc", "RXX", "pos_staffing_fill_rate", "--json")
    phases = json.loads(out)["phases"]
    assert [(p["start_x"], p["reason"]) for p in phases] == [
        ("2022-01-31", None),
        ("2022-07-31", "New rota"),
    ]
    assert phases[1]["mean"] == pytest.approx((95 + 96 + 94 + 97) / 4)


def test_exit_codes(db: Database, tmp_path: Path) -> None:
    path = observations(tmp_path, "fill.csv", months([80, 82]))
    cli(db, "import", "metrics-csv", str(path))
    assert cli(db, "metrics", "spc", "NOPE", "pos_staffing_fill_rate")[0] == 3
    assert cli(db, "metrics", "show", "RXX", "no_such_metric")[0] == 3
    code, _, err = cli(db, "metrics", "spc", "RXX", "pos_staffing_fill_rate", "--as-of", "soon")
    assert (code, "--as-of" in err) == (2, True)
    code, _, err = cli(
        db,
        "metrics",
        "recalculate",
        "RXX",
        "pos_staffing_fill_rate",
        "--at",
        "2022-02-01",
        "--reason",
        " ",
    )
    assert (code, err.strip()) == (2, "error: --reason: a recalculation needs a reason")


def test_a_bad_file_is_named_and_nothing_is_stored(db: Database, tmp_path: Path) -> None:
    good = observations(tmp_path, "good.csv", months([80, 82]))
    bad = observations(
        tmp_path, "bad.csv", [*months([80]), "RXX,A trust,no_such,2022-02-01,2022-02-28,3,,,x"]
    )
    code, _out, err = cli(db, "import", "metrics-csv", str(good), str(bad))
    assert code == 2
    assert "bad.csv, row 3, column 'metric_code'" in err
    assert "nothing was stored" in err
    # Every file is read before any is stored: the good one was not stored either.
    assert cli(db, "metrics", "show", "RXX", "pos_staffing_fill_rate")[0] == 3


def test_import_the_real_national_files(db: Database, shared_data: Path) -> None:
    oaps = sorted((shared_data / "oaps").glob("*.csv"))
    mhsds = shared_data / "mhsds-4ww" / "MHSDS_Data_4WW_JulPerf_2024_v2.csv"
    if not oaps or not mhsds.exists():
        pytest.skip("the OAPs and MHSDS files are not in the shared data folder")
    code, out, err = cli(db, "import", "oaps", *map(str, oaps))
    assert code == 0, err
    assert len(out.strip().splitlines()) == 5
    code, out, err = cli(db, "import", "mhsds-4ww", str(mhsds), "--published-on", "2024-09-12")
    assert code == 0, err
    code, out, _ = cli(db, "metrics", "show", "RMY", "oaps_inappropriate_bed_days", "--json")
    # SOURCE.md: total OAP days 62, 528, 916, 1,175, 1,324.
    assert [o["value"] for o in json.loads(out)["data"]] == [62, 528, 916, 1175, 1324]
    code, out, _ = cli(db, "metrics", "show", "RMY", "cmh_4ww", "--as-of", "2024-09-11", "--json")
    assert json.loads(out)["data"] == []


def test_an_oaps_file_that_names_no_month_takes_the_period_option(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        '"Question","Breakdown1","Breakdown1Code","Breakdown2","Breakdown2Code","value"\n'
        '"OAPs active at period end","SendingProvider","RXX","","","12"\n',
        encoding="utf-8",
    )
    code, _, err = cli(db, "import", "oaps", str(path))
    assert code == 2
    assert "export.csv, column 'PublicationPeriod'" in err
    assert cli(db, "import", "oaps", str(path), "--period", "March")[0] == 2
    code, _, err = cli(db, "import", "oaps", str(path), "--period", "2018-03")
    assert code == 0, err
    code, out, _ = cli(db, "metrics", "show", "RXX", "oaps_active", "--json")
    (only,) = json.loads(out)["data"]
    assert (only["period_start"], only["period_end"], only["value"]) == (
        "2018-03-01",
        "2018-03-31",
        12,
    )


def test_a_file_that_does_not_say_when_it_was_published_is_stored_as_unknown(
    db: Database, tmp_path: Path
) -> None:
    path = observations(tmp_path, "fill.csv", months([80, 82, 79]))
    code, out, err = cli(db, "import", "metrics-csv", str(path))
    assert code == 0, err
    assert out.strip().endswith("3 new, 0 revised, 0 unchanged; publication date unknown")
    code, out, _ = cli(db, "metrics", "show", "RXX", "pos_staffing_fill_rate")
    assert "[fill.csv, publication date unknown]" in out
    assert "published" not in out.replace("publication date unknown", "")
    code, out, _ = cli(db, "metrics", "show", "RXX", "pos_staffing_fill_rate", "--json")
    assert json.loads(out)["data"][0]["data_version"]["published_on"] is None


def test_published_on_gives_a_date_to_a_file_that_states_none(db: Database, tmp_path: Path) -> None:
    path = observations(tmp_path, "fill.csv", months([80, 82, 79]))
    code, out, err = cli(db, "import", "metrics-csv", str(path), "--published-on", "2023-01-20")
    assert code == 0, err
    code, out, _ = cli(db, "metrics", "show", "RXX", "pos_staffing_fill_rate")
    assert "[fill.csv, published 2023-01-20]" in out
