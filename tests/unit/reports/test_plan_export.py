"""The plan's CSV and Excel exports, read back with the csv module and openpyxl.

The plan is built by hand from the read models (no database): one must-do with two actions,
one of them carrying text a spreadsheet would run as a formula, and a should-do with none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from carewatch.domain.oversight import FundamentalStandard
from carewatch.domain.plans import (
    ActionStatus,
    FindingKind,
    Owner,
    Priority,
    Rag,
    TargetDirection,
)
from carewatch.domain.ratings import KeyQuestion
from carewatch.reports.plan_export import COLUMNS, neutralise, plan_csv, plan_rows, plan_xlsx
from carewatch.services.plans import (
    ActionSummary,
    FindingView,
    ImprovementPlan,
    MetricLink,
    PlanFinding,
)

D = dt.date
AS_OF = D(2021, 6, 30)


def finding(fid: int, reference: str, kind: FindingKind, regulation: str | None) -> FindingView:
    return FindingView(
        id=fid,
        provider_id="RXX",
        reference=reference,
        kind=kind,
        report_words=f"The trust {'must' if kind is FindingKind.MUST_DO else 'should'} act.",
        public_summary="",
        regulation=FundamentalStandard.parse(regulation) if regulation else None,
        core_services=("Wards for people with a learning disability or autism",),
        key_question=KeyQuestion.SAFE if regulation else None,
        report_date=D(2020, 1, 15),
        report_link_id=None,
        enforcement=None,
        illustrative=False,
        source="",
    )


def action(aid: int, reference: str, title: str, **changes: object) -> ActionSummary:
    values: dict[str, object] = {
        "id": aid,
        "finding_id": 1,
        "finding_reference": "2020-MD1",
        "reference": reference,
        "title": title,
        "owner": Owner("Head of estates", "Alex Testperson"),
        "executive_lead": "Director of finance",
        "priority": Priority.HIGH,
        "opened": D(2020, 2, 1),
        "due": D(2020, 9, 30),
        "legal_deadline": None,
        "deadline": D(2020, 9, 30),
        "as_of": AS_OF,
        "status": ActionStatus.CLOSED,
        "rag": Rag.BLUE,
        "rag_reasons": (),
        "overdue": False,
        "days_overdue": 0,
        "due_soon": False,
        "evidence_count": 3,
        "last_evidenced": D(2020, 9, 1),
        "missing_periods": (),
        "metrics": (),
        "illustrative": False,
    }
    values.update(changes)
    return ActionSummary(**values)  # type: ignore[arg-type]


PLAN = ImprovementPlan(
    provider_id="RXX",
    provider_name="Example NHS Trust",
    as_of=AS_OF,
    findings=(
        PlanFinding(
            finding(1, "2020-MD1", FindingKind.MUST_DO, "15"),
            (
                action(1, "A1", "Repair the wards"),
                action(
                    2,
                    "A2",
                    '=HYPERLINK("http://evil.example","click")',
                    status=ActionStatus.IN_PROGRESS,
                    rag=Rag.RED,
                    overdue=True,
                    days_overdue=10,
                    evidence_count=0,
                    last_evidenced=None,
                    legal_deadline=D(2021, 6, 20),
                    deadline=D(2021, 6, 20),
                    metrics=(
                        MetricLink(
                            "ward_safety", "Ward safety audit score", 90.0, TargetDirection.AT_LEAST
                        ),
                    ),
                ),
            ),
        ),
        PlanFinding(finding(2, "2020-SD1", FindingKind.SHOULD_DO, None), ()),
    ),
)


def test_neutralise_prefixes_every_formula_start_and_nothing_else() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(f"{start}1") == f"'{start}1"
    assert neutralise("1 = 1") == "1 = 1"
    assert neutralise("") == ""


def test_one_row_per_action_and_one_for_a_finding_without_actions() -> None:
    rows = plan_rows(PLAN)
    assert len(rows) == 3
    assert all(len(row) == len(COLUMNS) for row in rows)


def test_csv_reads_back_with_owner_roles_only_and_formulas_neutralised() -> None:
    rows = list(csv.DictReader(io.StringIO(plan_csv(PLAN))))
    assert [r["Action"] for r in rows] == ["A1", "A2", ""]
    first, second, should = rows
    assert first == {
        "Finding": "2020-MD1",
        "Kind": "Must do",
        "Regulation": "Regulation 15: Premises and equipment",
        "Core service": "Wards for people with a learning disability or autism",
        "Key question": "Safe",
        "Finding words": "The trust must act.",
        "Action": "A1",
        "Action title": "Repair the wards",
        "Owner role": "Head of estates",
        "Priority": "High",
        "Due": "2020-09-30",
        "Legal deadline": "",
        "Status": "Closed",
        "RAG": "Blue",
        "Overdue": "No",
        "Evidence count": "3",
        "Last evidenced": "2020-09-01",
        "Metric": "",
    }
    assert second["Action title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert (second["Status"], second["RAG"], second["Overdue"]) == ("In progress", "Red", "Yes")
    assert second["Legal deadline"] == "2021-06-20"
    assert second["Metric"] == "Ward safety audit score: at least 90"
    assert (should["Kind"], should["Regulation"], should["Status"]) == ("Should do", "", "")
    assert "Alex Testperson" not in plan_csv(PLAN)


def test_xlsx_reads_back_with_dates_as_dates_and_formulas_as_text() -> None:
    book = load_workbook(io.BytesIO(plan_xlsx(PLAN)))
    assert book.sheetnames == ["Actions", "About"]
    sheet = book["Actions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert len(rows) == 4
    header = {name: i for i, name in enumerate(COLUMNS)}
    first, second = rows[1], rows[2]
    assert first[header["Due"]] == dt.datetime(2020, 9, 30)  # openpyxl reads dates as datetimes
    assert first[header["Evidence count"]] == 3
    title = sheet.cell(row=3, column=header["Action title"] + 1)
    assert title.value == '=HYPERLINK("http://evil.example","click")'
    assert title.data_type == "s"
    assert second[header["Last evidenced"]] is None
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Trust"] == "Example NHS Trust"
    assert about["As of"] == dt.datetime(2021, 6, 30)
