"""What every command shares: opening the database from `--db` or CAREWATCH_DATABASE_URL,
reading a date option, and turning the named errors of the services and the domain into exit
codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import typer

from carewatch.cli.output import EXIT_FAILURE, EXIT_NOT_FOUND, fail
from carewatch.domain.access import Forbidden, SignInRequired
from carewatch.domain.dates import FutureDate
from carewatch.domain.incidents import (
    IllegalResponseMove,
    InvalidCandourTrail,
    InvalidIncident,
    InvalidNhsNumber,
    InvalidPatientDetails,
    InvalidPfdReport,
    UnknownIncidentWord,
)
from carewatch.domain.metrics import InvalidMetric, InvalidObservation
from carewatch.domain.oversight import (
    IllegalTransition,
    InvalidCommitment,
    InvalidEnforcement,
    UnknownDecisionKind,
    UnknownEngagementWord,
    UnknownEscalationWord,
    UnknownFundamentalStandard,
    UnknownRegime,
)
from carewatch.domain.oversight.league import InvalidSegmentation
from carewatch.domain.plans import (
    IllegalMove,
    InvalidAction,
    InvalidEvidence,
    InvalidFinding,
    NotYetOpened,
    UnknownActionStatus,
    UnknownDirection,
    UnknownEvidenceWord,
    UnknownFindingKind,
    UnknownPriority,
)
from carewatch.domain.ratings import UnknownKeyQuestion
from carewatch.domain.risks import InvalidRisk, InvalidScore, UnknownRiskWord
from carewatch.services.errors import Busy, NotFound, ValueRefused
from carewatch.settings import DATABASE_URL_ENV, Settings
from carewatch.store.database import Database, DatabaseUrlError, connect
from carewatch.store.migrate import migrate

__all__ = [
    "DB_OPTION_HELP",
    "ODS_HELP",
    "REFUSED",
    "db_option",
    "exit_codes",
    "open_database",
    "optional_date",
    "optional_month",
    "parse_date",
    "parse_moment",
    "run",
]

DB_OPTION_HELP = (
    f"Database URL (default: ${DATABASE_URL_ENV}, else sqlite:///carewatch.db). "
    "PostgreSQL: postgresql+psycopg://user@host:5432/name."
)

ODS_HELP = "A trust's ODS code (e.g. RMY)."

REFUSED: tuple[type[Exception], ...] = (
    FutureDate,
    InvalidRisk,
    InvalidScore,
    UnknownRiskWord,
    IllegalResponseMove,
    InvalidCandourTrail,
    InvalidIncident,
    InvalidNhsNumber,
    InvalidPatientDetails,
    InvalidPfdReport,
    UnknownIncidentWord,
    IllegalMove,
    IllegalTransition,
    InvalidAction,
    InvalidCommitment,
    InvalidEnforcement,
    InvalidEvidence,
    InvalidFinding,
    InvalidMetric,
    InvalidObservation,
    InvalidSegmentation,
    NotYetOpened,
    UnknownActionStatus,
    UnknownDecisionKind,
    UnknownDirection,
    UnknownEngagementWord,
    UnknownEscalationWord,
    UnknownEvidenceWord,
    UnknownFindingKind,
    UnknownFundamentalStandard,
    UnknownKeyQuestion,
    UnknownPriority,
    UnknownRegime,
    ValueRefused,
)
"""The errors that mean the rules or the store refuse what was given: exit code 2."""

T = TypeVar("T")


def db_option() -> str | None:
    option: str | None = typer.Option(
        None, "--db", metavar="URL", help=DB_OPTION_HELP, show_default=False
    )
    return option


@contextmanager
def open_database(url: str | None) -> Iterator[Database]:
    """Connect to the configured database, bring its schema up to date, close it after."""
    settings = Settings.load(database_url=url)
    try:
        db = connect(settings.database_url)
    except DatabaseUrlError as exc:
        fail(str(exc))
    try:
        migrate(db)
    except Exception as exc:  # any driver error: say which database, then stop
        where = db.engine.url.render_as_string(hide_password=True)
        db.dispose()
        fail(f"cannot open the database {where}: {exc.__class__.__name__}", EXIT_FAILURE)
    try:
        yield db
    finally:
        db.dispose()


@contextmanager
def exit_codes(*, refused: str = "", missing: str = "") -> Iterator[None]:
    """Turn the named errors raised inside the block into exit codes and a message on stderr.

    An unknown trust, location, action, metric, ... (`NotFound`) exits 3; a refusal
    (`REFUSED`) exits 2. `refused` names the option to blame for a refusal and `missing` the
    option to blame for a missing record other than the trust; a value the store cannot take
    (too long, or holding a control character) names its own field. A database another
    writer kept busy too long (`Busy`) exits 1.
    """
    try:
        yield
    except NotFound as exc:
        blame = missing if missing and exc.kind != "provider" else ""
        fail(f"{blame}: {exc}" if blame else str(exc), EXIT_NOT_FOUND)
    except ValueRefused as exc:
        fail(str(exc))
    except REFUSED as exc:
        fail(f"{refused}: {exc}" if refused else str(exc))
    except (SignInRequired, Forbidden) as exc:
        fail(f"not allowed: {exc}")
    except Busy as exc:
        fail(str(exc), EXIT_FAILURE)


def run(
    url: str | None, work: Callable[[Database], T], *, refused: str = "", missing: str = ""
) -> T:
    """Open the database, run `work` on it and close it; its named errors exit as
    `exit_codes` says."""
    with exit_codes(refused=refused, missing=missing), open_database(url) as database:
        result = work(database)
    return result


def parse_date(text: str, option: str) -> dt.date:
    """The date `text` names (YYYY-MM-DD); exit 2 naming `option` if it names none."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)")


def optional_date(text: str | None, option: str) -> dt.date | None:
    """`parse_date`, or None when the option was not given."""
    return None if text is None else parse_date(text, option)


def optional_month(text: str | None, option: str) -> dt.date | None:
    """The first day of the month `text` names (YYYY-MM), or None when the option was not
    given; exit 2 naming `option` if it names none."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        fail(f"{option}: {text!r} is not a month (YYYY-MM)")


def parse_moment(text: str | None, option: str) -> dt.datetime:
    """A date and time (YYYY-MM-DDTHH:MM, UTC unless it says otherwise); now when not given."""
    if text is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date and time (YYYY-MM-DDTHH:MM, UTC)")
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def stored_words(outcome: str, fields: Sequence[str]) -> str:
    """What storing a record did, in words, from its outcome's value (`new`, `changed` or
    `unchanged`) and the fields it changed.

    >>> stored_words("changed", ["title", "owner"])
    'changed (title, owner)'
    """
    return {
        "new": "recorded",
        "changed": f"changed ({', '.join(fields)})",
        "unchanged": "already recorded with these facts; nothing changed",
    }[outcome]
