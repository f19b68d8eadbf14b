"""The board report end to end on SQLite and PostgreSQL: the worked example's report made as
a PDF and read back with pypdf (sections in order, the contents' page numbers, every page's
data version and page X of Y, figures equal to the services' own), the plan's exceptions
and who may read what, a synthetic trust's stale and suppressed measures, the command line
and a PDF that fetches nothing
(the web routes: tests/functional/web/test_board_report_routes.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.domain.metrics import DataKind, MetricBatch, ObservationRecord
from carewatch.reports.board import (
    ReportPeriod,
    board_html,
    board_inputs,
    board_pdf,
    build_board_report,
    html_to_pdf,
)
from carewatch.services import plans
from carewatch.services.metrics import import_metrics, metric_summary
from carewatch.services.ratings import record_provider
from carewatch.services.versions import data_version
from carewatch.store.database import Database
from tests.actors import OPERATOR, user

runner = CliRunner()
WITH_MEASURES = ReportPeriod.quarter("2022-Q2")  # the illustrative series are out by then
PLAN_LATE = ReportPeriod.quarter("2021-Q1")  # two must-do actions overdue and escalated


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_the_worked_example_as_a_pdf(demo_db: Database) -> None:
    report = build_board_report(board_inputs(db=demo_db, provider_id="RMY", period=WITH_MEASURES))
    pdf = board_pdf(report)
    assert pdf.startswith(b"%PDF")
    pages = _pages(pdf)
    total = len(pages)
    version = data_version(db=demo_db)
    assert report.data_version == version
    for number, text in enumerate(pages, start=1):
        assert f"Data version {version}" in text, number
        assert f"Page {number} of {total}" in text, number
        assert "Norfolk and Suffolk NHS Foundation Trust (RMY)" in text, number
        assert "sources: Illustrative;" in text, number
    assert "Integrated quality and performance report" in pages[0]
    assert "April to June 2022 (Q1 2022/23)" in pages[0]
    # The contents page lists every section with the page its heading is on, in order.
    titles = [s.title for s in report.sections]
    assert titles == [
        "Measures at a glance",
        "The measures' SPC charts",
        "Improvement plan: exceptions",
        "Oversight and enforcement",
        "Patient-safety incidents",
        "What patients, families and staff say",
        "Where the figures come from",
    ]
    contents = pages[1].split("Contents", 1)[1]
    listed = dict(re.findall(r"([A-Z][^.]*?) \.{4,} (\d+)", contents))
    assert list(listed) == titles
    numbers = [int(n) for n in listed.values()]
    assert numbers == sorted(numbers)
    for title, page in listed.items():
        found = [i for i, text in enumerate(pages, start=1) if i > 2 and title in text]
        assert found[0] == int(page), title
    # The figures are the service's own: the latest value and both icons' words.
    rows = metric_summary(
        db=demo_db, org_code="RMY", as_of=WITH_MEASURES.as_of, only_with_data=True
    )
    triage = next(r for r in rows if r.definition.code == "cyp_triage_wait")
    assert triage.latest is not None
    assert triage.spc.variation
    assert triage.spc.assurance
    summary = " ".join(pages[int(listed["Measures at a glance"]) - 1 :][:3])
    assert f"{triage.latest.value:g} days" in summary
    assert triage.spc.variation.label in summary
    assert triage.spc.assurance.label in summary
    charts = " ".join(pages[int(listed["The measures' SPC charts"]) - 1 :])
    assert "Children and young people: median wait from referral to triage: the numbers" in charts
    assert f"Variation {triage.spc.variation.label}" in charts
    assert "R1: from 31 July 2020 – New CYP triage pathway" in charts
    # As of 30 June 2022, March 2022 is more than two months back: every monthly measure is
    # stale, and the summary says how many.
    assert f"{len(rows)} of {len(rows)} measures are stale" in summary


def test_the_plan_s_exceptions_and_who_reads_them(demo_db: Database) -> None:
    plan = plans.improvement_plan(db=demo_db, provider_id="RMY", as_of=PLAN_LATE.as_of)
    overdue = [a for a in plan.actions if a.overdue]
    assert overdue, "the worked example has overdue actions at the end of March 2021"
    public = board_html(
        build_board_report(board_inputs(db=demo_db, provider_id="RMY", period=PLAN_LATE))
    )
    late = public.split('id="overdue-actions"')[1].split("</table>")[0]
    for action in overdue:
        assert escape(f"{action.reference}: {action.title}") in late
        assert f'<td class="num">{action.days_overdue}</td>' in late
    escalated = public.split('id="escalated-actions"')[1].split("</table>")[0]
    assert "Board on " in escalated or "Executive lead on " in escalated
    must_dos = public.split('id="must-dos-late"')[1].split("</table>")[0]
    for reference in {a.finding_reference for a in overdue}:
        assert f"<td>{reference}</td>" in must_dos
    assert "Public: owners below board level appear by their role only" in public
    # A reader of the trust's restricted data gets the restricted report.
    inside = board_html(
        build_board_report(
            board_inputs(
                db=demo_db,
                provider_id="RMY",
                period=PLAN_LATE,
                actor=user("trust_viewer", "RMY"),
            )
        )
    )
    assert "Restricted: for the board" in inside
    other = board_inputs(
        db=demo_db, provider_id="RMY", period=PLAN_LATE, actor=user("trust_viewer", "RXY")
    )
    assert not other.restricted


def test_the_top_risks_for_those_who_may_read_the_register(demo_db: Database) -> None:
    # The worked example's register at the end of March 2021, highest current score first:
    # out-of-area placements 15 (3x5), CYP waits 12 (3x4), places of safety 8 (2x4), the
    # estate 5 (1x5, at its target).
    report = build_board_report(
        board_inputs(
            db=demo_db, provider_id="RMY", period=PLAN_LATE, actor=user("trust_viewer", "RMY")
        )
    )
    titles = [s.title for s in report.sections]
    assert titles.index("Top risks") == titles.index("Improvement plan: exceptions") + 1
    assert "risk register" in report.sources
    page = board_html(report)
    table = page.split('id="top-risks"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(NSFT-R\d):.*?</tr>", table, flags=re.S)
    assert rows == ["NSFT-R2", "NSFT-R1", "NSFT-R3", "NSFT-R4"]
    first = table.split("<tr><td>NSFT-R2")[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", first, flags=re.S)
    assert cells == ["15", "Extreme", "10", "Stable", "Service director, adult acute services"]
    assert "Reducing" in table.split("<tr><td>NSFT-R3")[1].split("</tr>")[0]
    # The public's report, and another trust's viewer's, hold no risk of the register.
    for actor in (None, user("trust_viewer", "RXY")):
        inputs = (
            board_inputs(db=demo_db, provider_id="RMY", period=PLAN_LATE)
            if actor is None
            else board_inputs(db=demo_db, provider_id="RMY", period=PLAN_LATE, actor=actor)
        )
        other = build_board_report(inputs)
        assert "Top risks" not in [s.title for s in other.sections]
        assert "NSFT-R2" not in board_html(other)


def _observation(code: str, month: int, value: float | None, row: int) -> ObservationRecord:
    """Month 1 is January 2023, month 13 January 2024."""
    start = dt.date(2023 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1) - dt.timedelta(days=1)
    return ObservationRecord(
        "SYNBR", code, start, end, value, row, suppressed=value is None, source="test"
    )


def test_a_synthetic_trust_s_report(db: Database) -> None:
    record_provider(
        db=db, actor=OPERATOR, provider_id="SYNBR", name="Synthetic Board NHS Trust",
        synthetic=True,
    )  # fmt: skip
    observations = [
        _observation("bed_occupancy", m, 80.0 + m, m) for m in range(1, 15)
    ] + [
        _observation("cmh_4ww", m, None if m == 5 else 40.0 + m % 3, 20 + m)
        for m in range(1, 10)
    ]  # fmt: skip
    import_metrics(
        db=db,
        actor=OPERATOR,
        batch=MetricBatch(
            kind=DataKind.METRIC_CSV, file_name="synthetic.csv", sha256="ab" * 32,
            publication="Synthetic observations", published_on=dt.date(2024, 3, 10),
            rows_read=len(observations), observations=tuple(observations),
        ),
    )  # fmt: skip
    report = build_board_report(
        board_inputs(db=db, provider_id="SYNBR", period=ReportPeriod.quarter("2024-Q1"))
    )
    # No incidents, no feedback and no plan: those sections are left out, not shown empty.
    assert [s.key for s in report.sections] == ["summary", "charts", "oversight", "sources"]
    html = board_html(report)
    assert 'id="incidents"' not in html
    assert 'id="feedback"' not in html
    summary = report.sections[0]
    rows = {r.code: r for r in summary.rows}  # type: ignore[attr-defined]
    # February 2024 ended within two months of 31 March 2024; September 2023 did not.
    assert not rows["bed_occupancy"].stale
    assert rows["cmh_4ww"].stale
    assert "Stale: nothing after Sep 2023" in rows["cmh_4ww"].data_quality
    assert "1 suppressed" in rows["cmh_4ww"].data_quality
    assert rows["bed_occupancy"].latest == "94%"
    pages = _pages(html_to_pdf(html))
    assert all(f"Page {n} of {len(pages)}" in p for n, p in enumerate(pages, start=1))


def test_the_pdf_fetches_nothing(tmp_path: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", encoding="utf-8")
    for url in (secret.as_uri(), "http://127.0.0.1:9/x.png"):
        with pytest.raises(FatalURLFetchingError):
            html_to_pdf(f'<link rel="stylesheet" href="{url}"><img src="{url}"><p>x</p>')
    # The report's own inline data is drawn.
    inline = (
        '<img alt="" src="data:image/svg+xml;utf8,'
        "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>\">"
    )
    assert html_to_pdf(inline).startswith(b"%PDF")


def test_the_command_line(demo_db: Database, tmp_path: Path) -> None:
    url = demo_db.engine.url.render_as_string(hide_password=False)
    wrong = runner.invoke(app, ["report", "board", "RMY", "-o", str(tmp_path / "r.docx")])
    assert wrong.exit_code == 2
    assert "--output: 'r.docx' does not end in .pdf or .html" in wrong.stderr
    bad = runner.invoke(app, ["report", "board", "RMY", "--period", "2021-Q5", "-o", "r.pdf"])
    assert bad.exit_code == 2
    target = tmp_path / "board.html"
    made = runner.invoke(
        app, ["report", "board", "RMY", "--period", "2022-Q2", "-o", str(target), "--db", url]
    )
    assert made.exit_code == 0, made.output
    assert f"written to {target}" in made.stdout
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html
    assert 'id="summary-icons"' in html
    unknown = runner.invoke(
        app, ["report", "board", "RZZ", "-o", str(tmp_path / "x.pdf"), "--db", url]
    )
    assert unknown.exit_code == 3
    assert not (tmp_path / "x.pdf").exists()
