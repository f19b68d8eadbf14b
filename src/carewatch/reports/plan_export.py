"""A trust's improvement plan as CSV and as an Excel workbook: one row per action.

Columns: the finding (reference, kind, regulation, core services, key question), the action
(reference, title, owner role, priority, due date, legal deadline), and how it stands on the
plan's date (status, RAG, overdue, evidence count, last evidenced, linked metrics). Owners
appear by role only, as on the public page: an export travels further than the page.

Text that a spreadsheet would run as a formula (a cell starting with =, +, -, @, a tab or a
carriage return) is neutralised, as OWASP advises for CSV
(https://owasp.org/www-community/attacks/CSV_Injection): in CSV by a leading apostrophe, in
the workbook by storing the cell as text.

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("Ward 4")
'Ward 4'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from carewatch.services.plans import ActionSummary, FindingView, ImprovementPlan

__all__ = ["COLUMNS", "neutralise", "plan_csv", "plan_rows", "plan_xlsx"]

COLUMNS: tuple[str, ...] = (
    "Finding",
    "Kind",
    "Regulation",
    "Core service",
    "Key question",
    "Finding words",
    "Action",
    "Action title",
    "Owner role",
    "Priority",
    "Due",
    "Legal deadline",
    "Status",
    "RAG",
    "Overdue",
    "Evidence count",
    "Last evidenced",
    "Metric",
)

Cell = str | int | dt.date | None

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _row(finding: FindingView, action: ActionSummary) -> list[Cell]:
    return [
        finding.reference,
        finding.kind.label,
        finding.regulation.label if finding.regulation else None,
        "; ".join(finding.core_services) or None,
        finding.key_question.label if finding.key_question else None,
        finding.report_words,
        action.reference,
        action.title,
        action.owner.role,
        action.priority.label,
        action.due,
        action.legal_deadline,
        action.status.label,
        action.rag_label,
        "Yes" if action.overdue else "No",
        action.evidence_count,
        action.last_evidenced,
        "; ".join(m.label for m in action.metrics) or None,
    ]


def plan_rows(plan: ImprovementPlan) -> list[list[Cell]]:
    """One row per action, in plan order (must-dos first); a finding with no action yet has a
    row of its own with the action's columns empty."""
    rows: list[list[Cell]] = []
    for item in plan.findings:
        if not item.actions:
            blank: list[Cell] = [None] * (len(COLUMNS) - 6)
            rows.append(_row_without_action(item.finding) + blank)
        for action in item.actions:
            rows.append(_row(item.finding, action))
    return rows


def _row_without_action(finding: FindingView) -> list[Cell]:
    return [
        finding.reference,
        finding.kind.label,
        finding.regulation.label if finding.regulation else None,
        "; ".join(finding.core_services) or None,
        finding.key_question.label if finding.key_question else None,
        finding.report_words,
    ]


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def plan_csv(plan: ImprovementPlan) -> str:
    """The plan as CSV text (UTF-8 when written; a header row, then one row per action)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in plan_rows(plan):
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue()


def plan_xlsx(plan: ImprovementPlan) -> bytes:
    """The plan as an Excel workbook: a sheet of actions (dates as date cells) and a sheet
    saying which trust, as of when, and what the columns mean."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in plan_rows(plan):
        sheet.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            _set(sheet.cell(row=sheet.max_row, column=column), value)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQR", _WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    about = book.create_sheet("About")
    about.append(["Trust", plan.provider_name or plan.provider_id])
    about.append(["ODS code", plan.provider_id])
    about.append(["As of", plan.as_of])
    about["B3"].number_format = "yyyy-mm-dd"
    about.append(["Rows", "One per action; owners by role only."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_WIDTHS: Sequence[int] = (12, 10, 30, 30, 12, 60, 8, 50, 30, 10, 12, 14, 18, 8, 8, 9, 14, 40)


def _set(cell: Any, value: Cell) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl takes a string starting with "=" for a formula
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
