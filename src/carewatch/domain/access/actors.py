"""Who is asking: the public (anyone, signed in to nothing), a signed-in user with a role in
an organisation, or the operator running the command line on the server.

The operator holds the database itself, so refusing them anything would protect nothing; their
writes are still attributed (to the operating-system user, or to `--as EMAIL`) and audited.

>>> PUBLIC.label
'the public'
>>> from carewatch.domain.access.roles import Organisation, Role
>>> Actor.user(3, "amira@nsft.example", "Amira Khan", Role.TRUST_EDITOR,
...            Organisation.parse("RMY")).label
'Amira Khan (Trust editor, RMY)'
>>> Actor.operator("deploy").label
'deploy (operator)'
"""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.domain.access.roles import Organisation, Role
from carewatch.domain.words import Word

__all__ = ["PUBLIC", "Actor", "ActorKind"]


class ActorKind(Word, what="kind of actor"):
    PUBLIC = "public"
    USER = "user"
    OPERATOR = "operator"


@dataclass(frozen=True)
class Actor:
    """Who a service call is made for; every service takes one and decides by it."""

    kind: ActorKind
    name: str
    user_id: int | None = None
    email: str | None = None
    role: Role | None = None
    organisation: Organisation | None = None

    @classmethod
    def user(
        cls, user_id: int, email: str, name: str, role: Role, organisation: Organisation
    ) -> Actor:
        return cls(ActorKind.USER, name, user_id, email, role, organisation)

    @classmethod
    def operator(cls, name: str) -> Actor:
        return cls(ActorKind.OPERATOR, name)

    @property
    def is_public(self) -> bool:
        return self.kind is ActorKind.PUBLIC

    @property
    def trust(self) -> str | None:
        """The ODS code of the trust a trust's user belongs to."""
        return self.organisation.trust if self.organisation is not None else None

    @property
    def label(self) -> str:
        """How the actor is named on a page, in history and in the audit trail."""
        if self.kind is ActorKind.PUBLIC:
            return "the public"
        if self.kind is ActorKind.OPERATOR:
            return f"{self.name} (operator)"
        if self.role is None or self.organisation is None:
            return self.name
        return f"{self.name} ({self.role.label}, {self.organisation.code})"

    @property
    def identity(self) -> str:
        """The stable identity the audit trail records: an email, or `operator:<name>`."""
        if self.kind is ActorKind.USER and self.email is not None:
            return self.email
        return f"{self.kind.value}:{self.name}" if self.kind is ActorKind.OPERATOR else "public"


PUBLIC = Actor(ActorKind.PUBLIC, "public")
"""Anyone, signed in to nothing: reads public data only and never writes."""
