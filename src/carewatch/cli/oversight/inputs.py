"""What the `record-*` commands share: the help of their common arguments, reading
the option words they take, and calling one writer with its errors turned into exit codes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import exit_codes, optional_date, run
from carewatch.cli.output import fail
from carewatch.domain.oversight import Participant, StakeholderPosition, WarningRequirement

SOURCE_HELP = "The public source (URL)."


T = TypeVar("T")


def record(
    ctx: typer.Context,
    url: str | None,
    write: Callable[..., None],
    *,
    refused: str = "",
    missing: str = "",
) -> None:
    """Call one writer on the database as the command's actor (`--as`, else the operator); a
    refusal exits 2 naming `refused` (a role without the permission exits 2 with "not
    allowed"), an unknown trust exits 3, an unknown meeting or commitment exits 3 naming
    `missing`."""
    run(
        url,
        lambda database: write(db=database, actor=acting_as(ctx, database)),
        refused=refused,
        missing=missing,
    )


def parsed(parse: Callable[[str], T], text: str, option: str) -> T:
    """`parse(text)`; a word it does not know exits 2 naming `option`."""
    with exit_codes(refused=option):
        value = parse(text)
    return value


def required(text: str, option: str) -> str:
    if not text.strip():
        fail(f"{option}: must not be blank")
    return text.strip()


def optional_text(text: str | None, option: str) -> str | None:
    return None if text is None else required(text, option)


def requirement(text: str) -> WarningRequirement:
    """'TEXT|YYYY-MM-DD' or 'TEXT' (deadline not made public)."""
    words, bar, deadline = text.rpartition("|")
    if not bar:
        words, deadline = text, ""
    return WarningRequirement(
        required(words, "--requirement"),
        optional_date(deadline.strip() or None, "--requirement"),
    )


def position(text: str) -> StakeholderPosition:
    """'WHO|ORGANISATION|POSITION'; the position may itself contain '|'."""
    parts = text.split("|", 2)
    if len(parts) != 3:
        fail(f"--position: expected WHO|ORGANISATION|POSITION, got {len(parts)} part(s)")
    who, organisation, stance = (p.strip() for p in parts)
    return StakeholderPosition(
        required(who, "--position (WHO)"),
        organisation,
        required(stance, "--position (POSITION)"),
    )


def participant(text: str, option: str) -> Participant:
    """'ROLE|ORGANISATION', or just 'ROLE'; one of the two must be given."""
    role, _, organisation = (p.strip() for p in text.partition("|"))
    if not (role or organisation):
        fail(f"{option}: expected ROLE|ORGANISATION")
    return Participant(role, organisation)
