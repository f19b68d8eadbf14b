"""`carewatch users`, `tokens` and `audit` on SQLite and PostgreSQL: the operator adds users,
passwords come from standard input, a token is printed alone, `--as` acts as a user and is
refused what their role does not allow, and `audit verify` exits 1 naming the first broken
event."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.store.database import Database, connect
from carewatch.store.migrate import migrate

runner = CliRunner()


def run(db: Database | str, *args: str, input: str | None = None) -> tuple[int, str, str]:
    url = db if isinstance(db, str) else db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url], input=input)
    return result.exit_code, result.stdout, result.stderr


def test_the_operator_adds_a_user_who_then_lists_nothing_they_may_not(db: Database) -> None:
    code, out, err = run(
        db, "users", "add", "Ada@RMY.example", "--name", "Ada", "--role", "admin", "--org", "rmy"
    )
    assert (code, err) == (0, "")
    assert out == "added ada@rmy.example: Admin, RMY\n"
    run(db, "users", "add", "reg@cqc.example", "--name", "Rhys", "--role", "regulator")
    code, out, _ = run(db, "users", "list", "--json")
    listed = json.loads(out)
    assert listed["count"] == 2
    assert [(u["email"], u["organisation"], u["role"]) for u in listed["data"]] == [
        ("reg@cqc.example", "CQC", "regulator"),
        ("ada@rmy.example", "RMY", "admin"),
    ]
    code, out, _ = run(db, "--as", "ada@rmy.example", "users", "list", "--json")
    assert [u["email"] for u in json.loads(out)["data"]] == ["ada@rmy.example"]


def test_a_trust_role_needs_an_organisation(db: Database) -> None:
    code, _, err = run(db, "users", "add", "e@rmy.example", "--name", "E", "--role", "trust_editor")
    assert code == 2
    assert "--org is needed for the trust_editor role" in err


def test_acting_as_a_user_is_refused_what_their_role_does_not_allow(db: Database) -> None:
    run(
        db, "users", "add", "e@rmy.example", "--name", "E", "--role", "trust_editor", "--org", "RMY"
    )
    code, _, err = run(
        db,
        "--as",
        "e@rmy.example",
        "users",
        "add",
        "f@rmy.example",
        "--name",
        "F",
        "--role",
        "trust_viewer",
        "--org",
        "RMY",
    )
    assert code == 2
    assert "not allowed: a trust_editor may not manage users" in err
    code, _, err = run(db, "--as", "nobody@rmy.example", "users", "list")
    assert code == 3
    assert "--as: no user with the email nobody@rmy.example" in err


def test_a_password_is_read_from_standard_input_and_checked(db: Database) -> None:
    run(
        db, "users", "add", "e@rmy.example", "--name", "E", "--role", "trust_editor", "--org", "RMY"
    )
    code, _, err = run(db, "users", "set-password", "e@rmy.example", input="password1234\n")
    assert code == 2
    assert "less common password" in err
    code, out, _ = run(
        db, "users", "set-password", "e@rmy.example", input="heron lantern orchard\n"
    )
    assert (code, out) == (0, "password set for e@rmy.example\n")


def test_a_token_is_printed_alone_on_standard_output(db: Database) -> None:
    run(
        db, "users", "add", "e@rmy.example", "--name", "E", "--role", "trust_editor", "--org", "RMY"
    )
    code, out, err = run(db, "tokens", "create", "e@rmy.example", "--expires-in-days", "7")
    assert code == 0
    token = out.strip()
    assert out == token + "\n"
    assert token.startswith("cw_")
    assert "for e@rmy.example, expires" in err
    code, out, _ = run(db, "tokens", "list", "e@rmy.example", "--json")
    listed = json.loads(out)
    assert listed["count"] == 1
    assert token not in out
    code, out, _ = run(db, "tokens", "revoke", str(listed["data"][0]["id"]))
    assert code == 0
    code, out, _ = run(db, "tokens", "create", "e@rmy.example", "--expires-in-days", "400")
    assert code == 2


def test_audit_log_names_who_did_what(db: Database) -> None:
    run(
        db, "users", "add", "e@rmy.example", "--name", "E", "--role", "trust_editor", "--org", "RMY"
    )
    code, out, _ = run(db, "audit", "log", "--entity", "user", "--limit", "1", "--json")
    assert code == 0
    entry = json.loads(out)["data"][0]
    assert entry["action"] == "users.add"
    assert entry["actor"].startswith("operator:")
    code, out, _ = run(db, "audit", "verify", "--json")
    result = json.loads(out)
    assert set(result) == {"ok", "events", "first_bad"}
    assert result["ok"] is True
    assert result["first_bad"] is None


def test_audit_verify_exits_1_at_the_first_broken_event(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tampered.db'}"
    for n in range(3):
        run(
            url,
            "users",
            "add",
            f"u{n}@rmy.example",
            "--name",
            "U",
            "--role",
            "trust_viewer",
            "--org",
            "RMY",
        )
    checkpoint = tmp_path / "head.json"
    code, _, _ = run(url, "audit", "checkpoint", "-o", str(checkpoint))
    assert code == 0
    database = connect(url)
    migrate(database)
    with database.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2"))
    database.dispose()
    code, out, _ = run(url, "audit", "verify", "--json")
    assert code == 1
    assert json.loads(out) == {"ok": False, "events": 2, "first_bad": 2}
    code, _, err = run(url, "audit", "verify", "--against", str(checkpoint))
    assert code == 1
    assert "broken at event 2" in err


def test_a_link_is_printed_for_the_site_given(db: Database) -> None:
    run(
        db, "users", "add", "e@rmy.example", "--name", "E", "--role", "trust_editor", "--org", "RMY"
    )
    code, out, _ = run(db, "users", "link", "e@rmy.example", "--site", "https://cw.example/")
    assert code == 0
    assert out.startswith("https://cw.example/sign-in/link/")
    assert len(out.strip().rsplit("/", 1)[1]) >= 40
