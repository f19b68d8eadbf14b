"""The risks reader: the template (and its copy in docs/templates) reads as documented, a
later rating is a scoring of its own, and every error names the file, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carewatch.domain.risks import GapKind, ReviewFrequency, RiskCategory, RiskLinkKind, Score
from carewatch.ingest.records import IngestError
from carewatch.ingest.risk_csv import RISK_COLUMNS, RISK_TEMPLATE, read_risk_csv

DOCS_TEMPLATE = Path(__file__).resolve().parents[3] / "docs" / "templates" / "risks.csv"
HEADER = ",".join(RISK_COLUMNS)
ROW = RISK_TEMPLATE.splitlines()[2]  # the finance risk: current rating on the day identified


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_the_template_reads_as_documented(tmp_path: Path) -> None:
    batch = read_risk_csv(write(tmp_path, RISK_TEMPLATE))
    assert (batch.trust, batch.file_name, len(batch.records)) == ("RMY", "register.csv", 2)
    cyp, agency = batch.records
    assert cyp.row == 2
    risk = cyp.risk
    assert (risk.reference, risk.category, risk.objective) == (
        "R-0101",
        RiskCategory.QUALITY,
        "SO1",
    )
    assert risk.review_frequency is ReviewFrequency.MONTHLY
    # Rated 3x4 on 1 March 2020: the first scoring, on the day identified, is the initial.
    assert (risk.initial, risk.current, risk.target) == (Score(5, 4), Score(5, 4), Score(2, 4))
    assert (cyp.current, cyp.current_on) == (Score(3, 4), dt.date(2020, 3, 1))
    assert [c.description for c in cyp.controls] == [
        "Weekly waiting-list review",
        "Calls to families waiting 12 weeks",
    ]
    assert [(g.kind, g.description) for g in cyp.gaps] == [
        (GapKind.CONTROL, "Teams below establishment"),
        (GapKind.ASSURANCE, "No audit of the waiting list"),
    ]
    assert [(k, t) for k, t, _ in cyp.links] == [
        (RiskLinkKind.ACTION, "2020-MD3/A1"),
        (RiskLinkKind.METRIC, "cyp_treatment_wait"),
        (RiskLinkKind.FINDING, "2020-MD3"),
    ]
    # No day for its rating: rated on the day identified.
    assert (agency.risk.current, agency.current_on) == (Score(2, 3), dt.date(2020, 2, 1))
    assert agency.risk.objective is None
    assert agency.links == ()


def test_the_documented_template_is_the_template() -> None:
    if not DOCS_TEMPLATE.is_file():
        pytest.skip("docs/templates/risks.csv is not beside the package")
    assert DOCS_TEMPLATE.read_text(encoding="utf-8") == RISK_TEMPLATE


def _cells(**changes: str) -> str:
    values = dict(zip(RISK_COLUMNS, ROW.split(","), strict=True))
    values.update(changes)
    return ",".join(values[c] for c in RISK_COLUMNS)


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"category": "weather"}, "category", "is not a known word: expected one of"),
        ({"initial_likelihood": "6"}, "initial_likelihood", "a whole number from 1 to 5"),
        ({"current_consequence": ""}, "current_consequence", "a whole number from 1 to 5"),
        ({"identified": "01/02/2020"}, "identified", "is not a date like 2024-04-30"),
        ({"current_scored_on": "2020-01-31"}, "current_scored_on", "before the day"),
        ({"target_likelihood": "5"}, "target_likelihood", "worse than the initial score"),
        ({"owner": ""}, "owner", "an owner"),
        ({"review_frequency": "hourly"}, "review_frequency", "not a known word"),
        ({"illustrative": "maybe"}, "illustrative", "is not yes or no"),
        ({"reference": "R 1!"}, "reference", "a risk's reference"),
    ],
)
def test_a_bad_cell_is_named_by_file_row_and_column(
    tmp_path: Path, changes: dict[str, str], column: str, words: str
) -> None:
    path = write(tmp_path, f"{HEADER}\n{ROW}\n{_cells(**changes)}\n".replace("R-0102", "R-1", 1))
    with pytest.raises(IngestError) as caught:
        read_risk_csv(path)
    message = str(caught.value)
    assert message.startswith("register.csv, row 3, column ")
    assert f"'{column}'" in message
    assert words in message


def test_a_file_holds_one_trusts_register_each_risk_once(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="row 3, column 'org_code': names another trust"):
        read_risk_csv(write(tmp_path, f"{HEADER}\n{ROW}\n{_cells(org_code='RAA')}\n"))
    with pytest.raises(IngestError, match="row 3, column 'reference': repeats the reference"):
        read_risk_csv(write(tmp_path, f"{HEADER}\n{ROW}\n{ROW}\n"))


def test_an_unknown_or_missing_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="column 'owners': is not a column of the risks"):
        read_risk_csv(write(tmp_path, f"{HEADER},owners\n{ROW},x\n"))
    without_title = HEADER.replace("title,", "")
    with pytest.raises(IngestError, match="title"):
        read_risk_csv(write(tmp_path, f"{without_title}\nRMY,R1\n"))
    with pytest.raises(IngestError, match="has no data rows"):
        read_risk_csv(write(tmp_path, f"{HEADER}\n"))
