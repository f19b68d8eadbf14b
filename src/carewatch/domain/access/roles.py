"""Who a user is to carewatch: the organisation they belong to and the role they hold there.

Organisations are the regulator (the Care Quality Commission, `CQC`), the oversight body
(NHS England, `NHSE`, and its regions, `NHSE-<region>`), and each NHS trust by its ODS code
(`RMY`). A role is only meaningful in an organisation of the right kind: a trust's users work
or read their own trust's plan; the regulator's and NHS England's read every trust's
restricted data and record what their body decided.

>>> Organisation.parse("rmy")
Organisation(kind=<OrganisationKind.TRUST: 'trust'>, code='RMY')
>>> Organisation.parse("NHSE-east-of-england").label
'NHS England (east of england)'
>>> Role.TRUST_EDITOR.label
'Trust editor'
>>> [r.value for r in roles_for(Organisation.parse("CQC"))]
['admin', 'regulator']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carewatch.domain.words import UnknownWord, Word, or_list

__all__ = [
    "IncompatibleRole",
    "Organisation",
    "OrganisationKind",
    "Role",
    "UnknownAccessWord",
    "roles_for",
]


class UnknownAccessWord(UnknownWord):
    """A role or organisation that carewatch does not know."""

    def describe(self) -> str:
        return f"unknown {self.what} {self.text!r}: expected {or_list(self.allowed)}"


class Role(Word, what="role", error=UnknownAccessWord):
    """What a user may do; the glossary gives each role's meaning."""

    ADMIN = "admin"  # manages users; no special access to patients' data
    REGULATOR = "regulator"  # records inspections, ratings, enforcement; reads every trust
    OVERSIGHT = "oversight"  # regimes, segmentation, escalations, meetings; reads every trust
    TRUST_EDITOR = "trust_editor"  # works its own trust's plan
    TRUST_VIEWER = "trust_viewer"  # reads its own trust's restricted data (board members)

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_MEANINGS = {
    Role.ADMIN: "Manages users, roles and tokens; no special access to patients' data.",
    Role.REGULATOR: (
        "Records inspections, ratings and enforcement; reads every trust's restricted data."
    ),
    Role.OVERSIGHT: (
        "Records regime decisions, segmentation, escalations, meetings and commitments; reads "
        "every trust's restricted data."
    ),
    Role.TRUST_EDITOR: (
        "Works its own trust's improvement plan (actions, evidence) and reads its restricted data."
    ),
    Role.TRUST_VIEWER: "Reads its own trust's restricted data, as a board member does.",
}


class OrganisationKind(Word, what="kind of organisation"):
    REGULATOR = "regulator"
    OVERSIGHT = "oversight"
    TRUST = "trust"


_ODS = re.compile(r"^[A-Z0-9]{3,5}$")
_REGION = re.compile(r"^NHSE-([a-z0-9-]{2,60})$", re.IGNORECASE)


@dataclass(frozen=True)
class Organisation:
    """The body a user belongs to: `CQC`, `NHSE` (or `NHSE-<region>`), or a trust's ODS code."""

    kind: OrganisationKind
    code: str

    @classmethod
    def parse(cls, text: str) -> Organisation:
        word = text.strip()
        if word.upper() == "CQC":
            return cls(OrganisationKind.REGULATOR, "CQC")
        if word.upper() == "NHSE":
            return cls(OrganisationKind.OVERSIGHT, "NHSE")
        region = _REGION.match(word)
        if region:
            return cls(OrganisationKind.OVERSIGHT, f"NHSE-{region.group(1).lower()}")
        if _ODS.match(word.upper()) and not word.upper().startswith("NHSE"):
            return cls(OrganisationKind.TRUST, word.upper())
        raise UnknownAccessWord(
            "organisation", text, ("CQC", "NHSE", "NHSE-<region>", "a trust's ODS code (e.g. RMY)")
        )

    @property
    def label(self) -> str:
        if self.kind is OrganisationKind.REGULATOR:
            return "Care Quality Commission"
        if self.code == "NHSE":
            return "NHS England"
        if self.kind is OrganisationKind.OVERSIGHT:
            return f"NHS England ({self.code.removeprefix('NHSE-').replace('-', ' ')})"
        return self.code

    @property
    def trust(self) -> str | None:
        """The trust's ODS code for a trust's user; None for the regulator and NHS England."""
        return self.code if self.kind is OrganisationKind.TRUST else None


_ROLES = {
    OrganisationKind.REGULATOR: (Role.ADMIN, Role.REGULATOR),
    OrganisationKind.OVERSIGHT: (Role.ADMIN, Role.OVERSIGHT),
    OrganisationKind.TRUST: (Role.ADMIN, Role.TRUST_EDITOR, Role.TRUST_VIEWER),
}


def roles_for(organisation: Organisation) -> tuple[Role, ...]:
    """The roles a user of `organisation` may hold."""
    return _ROLES[organisation.kind]


class IncompatibleRole(ValueError):
    """A role that a user of this organisation cannot hold (a trust's user as regulator)."""

    def __init__(self, role: Role, organisation: Organisation) -> None:
        allowed = ", ".join(r.value for r in roles_for(organisation))
        super().__init__(
            f"a user of {organisation.label} cannot be {role.value}: allowed roles are {allowed}"
        )
        self.role = role
        self.organisation = organisation
