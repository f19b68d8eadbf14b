"""`carewatch ratings grid` fits the terminal: at 80 columns the ratings are their initials
(with a key) and the dates their months; on a wide terminal, words and full dates."""

from __future__ import annotations

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.store.database import Database

runner = CliRunner()


def grid(db: Database, columns: int) -> str:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(
        app,
        ["ratings", "grid", "RMY", "--as-of", "2025-01-01", "--db", url],
        env={"COLUMNS": str(columns)},
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_at_80_columns_every_line_fits_and_the_initials_have_a_key(demo_db: Database) -> None:
    text = grid(demo_db, 80)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Norfolk and Suffolk NHS Foundation Trust (RMY)" in text
    header = next(line for line in lines if "Safe" in line)
    assert header.split() == ["Safe", "Effect.", "Caring", "Respons.", "Well-led", "Overall"]
    # The trust row (worked example, 2023 report): Safe Requires improvement, Caring Good.
    top = lines.index(header)
    trust = next(i for i in range(top, len(lines)) if lines[i].lstrip().startswith("Norfolk"))
    # Effective RI is what the rules gave in 2023, before newer ratings beneath: marked ^.
    assert lines[trust].split()[-6:] == ["RI", "RI^", "G", "RI", "—", "RI"]
    assert lines[trust + 1].split()[-5:] == ["2023-02"] * 5
    assert "G Good; RI Requires improvement; dates are the month of the rating." in text
    assert "Requires improvement\n" not in text.split("G Good;")[0]


def test_on_a_wide_terminal_the_grid_has_words_and_full_dates(demo_db: Database) -> None:
    text = grid(demo_db, 160)
    assert max(len(line) for line in text.splitlines()) <= 160
    assert "Requires improvement^" in text
    assert "^ what the rules gave when published; ratings beneath it came later" in text
    assert "2023-02-23" in text
    assert "G Good;" not in text
