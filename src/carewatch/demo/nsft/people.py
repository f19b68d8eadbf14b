"""The worked example's accounts: one person in each role, all fictional and labelled as demo
accounts, none with a password. `carewatch serve` on this machine prints a one-time link for
the demo administrator; the others sign in by links an administrator creates
(`carewatch users link EMAIL`)."""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.domain.access import Organisation, Role

__all__ = ["DEMO_ADMIN", "PEOPLE", "DemoPerson"]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: Role
    organisation: Organisation


DEMO_ADMIN = DemoPerson(
    "admin@nsft.example", "Demo administrator (NSFT)", Role.ADMIN, Organisation.parse("RMY")
)

PEOPLE = (
    DEMO_ADMIN,
    DemoPerson(
        "quality@nsft.example", "Demo head of quality (NSFT)", Role.TRUST_EDITOR,
        Organisation.parse("RMY"),
    ),
    DemoPerson(
        "board@nsft.example", "Demo non-executive director (NSFT)", Role.TRUST_VIEWER,
        Organisation.parse("RMY"),
    ),
    DemoPerson(
        "inspector@cqc.example", "Demo CQC inspector", Role.REGULATOR, Organisation.parse("CQC")
    ),
    DemoPerson(
        "east@nhse.example", "Demo NHS England regional oversight lead", Role.OVERSIGHT,
        Organisation.parse("NHSE-east-of-england"),
    ),
)  # fmt: skip
