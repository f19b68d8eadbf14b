"""Who may do what: one table of grants, read by the services (the only place that decides)
and by the pages (to show or hide a form by the same rule).

A trust's roles act on their own trust only; the regulator's and NHS England's roles act on
every trust; an administrator manages the users of their own organisation and has no special
access to patients' data. The operator (the command line on the server) may do everything.

>>> from carewatch.domain.access.roles import Organisation
>>> editor = Actor.user(1, "e@rmy.example", "E", Role.TRUST_EDITOR, Organisation.parse("RMY"))
>>> may(editor, Permission.WORK_PLAN, trust="RMY"), may(editor, Permission.WORK_PLAN, trust="RAA")
(True, False)
>>> may(PUBLIC, Permission.READ_RESTRICTED, trust="RMY")
False
"""

from __future__ import annotations

from collections.abc import Mapping

from carewatch.domain.access.actors import PUBLIC, Actor, ActorKind
from carewatch.domain.access.roles import Role
from carewatch.domain.words import Word

__all__ = [
    "GRANTS",
    "Forbidden",
    "Permission",
    "Scope",
    "SignInRequired",
    "everywhere",
    "may",
    "require",
    "sees_restricted",
]


class Permission(Word, what="permission"):
    """Something a service can be asked to do that not everyone may."""

    RECORD_RATINGS = "record_ratings"  # import CQC's ratings and reports
    RECORD_ENFORCEMENT = "record_enforcement"  # CQC's notices, conditions, prosecutions
    RECORD_FINDINGS = "record_findings"  # an inspection's must-dos and should-dos
    RECORD_OVERSIGHT = "record_oversight"  # regimes, escalations, meetings, commitments
    IMPORT_STATISTICS = "import_statistics"  # national statistics and segmentation
    WORK_PLAN = "work_plan"  # actions, moves, evidence, schedules of a trust's plan
    VERIFY_EVIDENCE = "verify_evidence"  # a verdict on evidence (never by its supplier)
    READ_RESTRICTED = "read_restricted"  # notes, owners below board, patients' details
    RECORD_INCIDENTS = "record_incidents"  # a trust's incidents, responses, candour, PFDs
    READ_INCIDENTS = "read_incidents"  # a trust's incidents one by one, with their free text
    READ_PATIENT_DETAILS = "read_patient_details"  # incident patients' names, NHS numbers...
    RECORD_FEEDBACK = "record_feedback"  # a trust's feedback, its labels, you said / we did
    READ_FEEDBACK_TEXT = "read_feedback_text"  # comments as given, before redaction
    RECORD_RISKS = "record_risks"  # a trust's risk register, its BAF, scores and assurances
    READ_RISKS = "read_risks"  # a trust's risk register risk by risk, with its words
    MANAGE_USERS = "manage_users"  # add, disable, change roles, issue tokens
    READ_AUDIT = "read_audit"  # the audit trail

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Scope(Word, what="scope"):
    """Where a grant reaches: every trust, or only the actor's own trust (or organisation)."""

    EVERY_TRUST = "every_trust"
    OWN = "own"


GRANTS: Mapping[Role, Mapping[Permission, Scope]] = {
    Role.ADMIN: {
        Permission.MANAGE_USERS: Scope.OWN,
        Permission.READ_AUDIT: Scope.OWN,
    },
    Role.REGULATOR: {
        Permission.RECORD_RATINGS: Scope.EVERY_TRUST,
        Permission.RECORD_ENFORCEMENT: Scope.EVERY_TRUST,
        Permission.RECORD_FINDINGS: Scope.EVERY_TRUST,
        Permission.IMPORT_STATISTICS: Scope.EVERY_TRUST,
        Permission.VERIFY_EVIDENCE: Scope.EVERY_TRUST,
        Permission.READ_RESTRICTED: Scope.EVERY_TRUST,
        Permission.READ_INCIDENTS: Scope.EVERY_TRUST,
        Permission.READ_PATIENT_DETAILS: Scope.EVERY_TRUST,
        Permission.READ_RISKS: Scope.EVERY_TRUST,
        Permission.READ_AUDIT: Scope.EVERY_TRUST,
    },
    Role.OVERSIGHT: {
        Permission.RECORD_OVERSIGHT: Scope.EVERY_TRUST,
        Permission.IMPORT_STATISTICS: Scope.EVERY_TRUST,
        Permission.VERIFY_EVIDENCE: Scope.EVERY_TRUST,
        Permission.READ_RESTRICTED: Scope.EVERY_TRUST,
        Permission.READ_INCIDENTS: Scope.EVERY_TRUST,
        Permission.READ_PATIENT_DETAILS: Scope.EVERY_TRUST,
        Permission.READ_RISKS: Scope.EVERY_TRUST,
    },
    Role.TRUST_EDITOR: {
        Permission.WORK_PLAN: Scope.OWN,
        Permission.VERIFY_EVIDENCE: Scope.OWN,
        Permission.READ_RESTRICTED: Scope.OWN,
        Permission.RECORD_INCIDENTS: Scope.OWN,
        Permission.READ_INCIDENTS: Scope.OWN,
        Permission.READ_PATIENT_DETAILS: Scope.OWN,
        Permission.RECORD_FEEDBACK: Scope.OWN,
        Permission.READ_FEEDBACK_TEXT: Scope.OWN,
        Permission.RECORD_RISKS: Scope.OWN,
        Permission.READ_RISKS: Scope.OWN,
    },
    Role.TRUST_VIEWER: {
        Permission.READ_RESTRICTED: Scope.OWN,
        Permission.READ_INCIDENTS: Scope.OWN,
        Permission.READ_PATIENT_DETAILS: Scope.OWN,
        Permission.READ_FEEDBACK_TEXT: Scope.OWN,
        Permission.READ_RISKS: Scope.OWN,
    },
}
"""Each role's permissions and how far they reach; a role not listed for a permission lacks
it. The glossary (docs/glossary.md) and the access guide (docs/access.md) explain each."""


class SignInRequired(PermissionError):
    """The public asked for something only a signed-in user may do (HTTP 401)."""

    def __init__(self, permission: Permission) -> None:
        super().__init__(f"sign in to {permission.label}")
        self.permission = permission


class Forbidden(PermissionError):
    """A signed-in user asked for something their role does not allow (HTTP 403)."""

    def __init__(self, actor: Actor, permission: Permission, trust: str | None) -> None:
        where = f" for {trust}" if trust else ""
        role = actor.role.value if actor.role is not None else actor.kind.value
        article = "an" if role[:1] in "aeiou" else "a"
        super().__init__(f"{article} {role} may not {permission.label}{where}")
        self.permission = permission
        self.trust = trust


def may(actor: Actor, permission: Permission, *, trust: str | None = None) -> bool:
    """Whether `actor` may do `permission`, for `trust` (an ODS code) when it concerns one.

    `trust` None asks about the permission in general (e.g. to show a national page's form),
    which a trust's role has only if it holds it for its own trust.
    """
    if actor.kind is ActorKind.OPERATOR:
        return True
    if actor.kind is ActorKind.PUBLIC or actor.role is None:
        return False
    scope = GRANTS[actor.role].get(permission)
    if scope is None:
        return False
    if scope is Scope.EVERY_TRUST or trust is None:
        return True
    return actor.trust == trust


def everywhere(actor: Actor, permission: Permission) -> bool:
    """Whether `actor` holds `permission` for every trust and organisation, not only their own
    (an administrator's audit view is their own organisation's events)."""
    if actor.kind is ActorKind.OPERATOR:
        return True
    if actor.role is None:
        return False
    return GRANTS[actor.role].get(permission) is Scope.EVERY_TRUST


def require(actor: Actor, permission: Permission, *, trust: str | None = None) -> None:
    """Refuse with `SignInRequired` (the public) or `Forbidden` (a user) unless `may`."""
    if may(actor, permission, trust=trust):
        return
    if actor.is_public:
        raise SignInRequired(permission)
    raise Forbidden(actor, permission, trust)


def sees_restricted(actor: Actor, trust: str) -> bool:
    """Whether `actor` sees `trust`'s restricted fields (internal notes, owners below board,
    patients' details); everyone else sees what the public plan shows."""
    return actor is not PUBLIC and may(actor, Permission.READ_RESTRICTED, trust=trust)
