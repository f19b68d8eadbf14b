"""The audit chain: its hash is the one documented (checked against sha256sum of the text
written out by hand), and altering, deleting, inserting or reordering any single event is
detected at that event."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from carewatch.domain.audit import (
    GENESIS,
    Event,
    canonical,
    check_chain,
    check_rows,
    digest_of,
    seal,
    timestamp,
)

FIRST = Event(
    1, "2026-01-05T09:00:00.000000Z", "operator:deploy", "", "users.add", "user", "1", "d" * 64
)


def test_the_first_hash_is_sha256_of_the_documented_text() -> None:
    # printf 'carewatch-audit-v1\n1\n2026-01-05T09:00:00.000000Z\noperator:deploy\n\n
    #   users.add\nuser\n1\n<64 d>\n<64 0>' | sha256sum
    assert seal(GENESIS, FIRST) == (
        "26568c4a25d3c76ef299eda047698c304b293917582fb765fc93aa04ebf464a1"
    )


def chain(n: int) -> list[tuple[Event, str, str]]:
    rows = []
    previous = GENESIS
    for seq in range(1, n + 1):
        event = Event(
            seq,
            f"2026-01-05T09:{seq % 60:02d}:00.000000Z",
            f"user{seq % 3}@rmy.example",
            "RMY",
            "plans.move",
            "action",
            str(seq % 7),
            digest_of({"seq": seq}),
        )
        stored = seal(previous, event)
        rows.append((event, previous, stored))
        previous = stored
    return rows


def test_an_intact_chain_checks() -> None:
    result = check_chain(chain(50))
    assert (result.ok, result.events, result.first_bad) == (True, 50, None)


def test_an_empty_chain_is_intact() -> None:
    assert check_chain([]).ok


FIELDS = ["at", "actor", "organisation", "action", "entity", "entity_id", "digest"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("where", [1, 17, 50])
def test_altering_any_field_of_any_event_is_found_there(field: str, where: int) -> None:
    rows = chain(50)
    event, prev, stored = rows[where - 1]
    rows[where - 1] = (dataclasses.replace(event, **{field: "x"}), prev, stored)
    assert check_chain(rows).first_bad == where


@pytest.mark.parametrize("where", [1, 17, 50])
def test_deleting_an_event_is_found_at_the_gap(where: int) -> None:
    rows = chain(50)
    del rows[where - 1]
    result = check_chain(rows)
    assert result.ok is (where == 50)  # the last event's loss shows only against a checkpoint
    if where < 50:
        assert result.first_bad == where + 1


def test_deleting_the_last_event_is_found_against_a_checkpoint() -> None:
    rows = chain(50)
    head_seq, head_hash = rows[-1][0].seq, rows[-1][2]
    del rows[-1]
    assert (rows[-1][0].seq, rows[-1][2]) != (head_seq, head_hash)


def test_swapping_two_events_is_found_at_the_first() -> None:
    rows = chain(50)
    rows[9], rows[10] = rows[10], rows[9]
    assert check_chain(rows).first_bad == 11


def test_renumbering_and_resealing_one_event_breaks_the_next() -> None:
    rows = chain(50)
    event, prev, _ = rows[19]
    forged = dataclasses.replace(event, actor="someone-else@rmy.example")
    rows[19] = (forged, prev, seal(prev, forged))
    assert check_chain(rows).first_bad == 21


def test_checking_can_start_from_a_checkpoint() -> None:
    rows = chain(50)
    start = rows[29]
    result = check_chain(rows[30:], start_seq=31, start_hash=start[2])
    assert (result.ok, result.events) == (True, 20)


def test_a_newline_in_a_field_is_refused() -> None:
    with pytest.raises(ValueError, match="newline"):
        canonical(GENESIS, dataclasses.replace(FIRST, actor="a\nb"))


def test_times_are_utc_with_microseconds() -> None:
    moment = dt.datetime(2026, 6, 1, 12, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert timestamp(moment) == "2026-06-01T11:00:00.000005Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        timestamp(dt.datetime(2026, 6, 1))


def test_a_digest_ignores_key_order_and_reads_dates() -> None:
    assert digest_of({"due": dt.date(2026, 3, 31), "to": "x"}) == digest_of(
        {"to": "x", "due": "2026-03-31"}
    )
    assert digest_of({"a": 1}) != digest_of({"a": 2})


def test_moving_a_field_boundary_across_a_newline_is_found() -> None:
    # "a" / "RMY" and "a\nRMY" / "" join to the same text: refused when stored rows are read.
    event = dataclasses.replace(FIRST, actor="a", organisation="RMY")
    stored = seal(GENESIS, event)
    shifted = (1, event.at, "a\nRMY", "", event.action, event.entity, event.entity_id,
               event.digest, GENESIS, stored)  # fmt: skip
    assert check_rows([shifted]).first_bad == 1
    honest = (1, event.at, "a", "RMY", event.action, event.entity, event.entity_id,
              event.digest, GENESIS, stored)  # fmt: skip
    assert check_rows([honest]).ok
