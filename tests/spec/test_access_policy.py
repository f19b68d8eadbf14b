"""Who may do what, written out by hand from the issue's description of each role, so that a
change to the grants table has to change this table too."""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.access import (
    PUBLIC,
    Actor,
    Forbidden,
    IncompatibleRole,
    LockoutPolicy,
    Organisation,
    OrganisationKind,
    Permission,
    Role,
    SessionPolicy,
    SignInRequired,
    TokenPolicy,
    UnknownAccessWord,
    everywhere,
    may,
    password_problem,
    require,
    roles_for,
    sees_restricted,
)

P = Permission
Y, N = True, False

# permission:         ratings enforce findings oversight stats plan verify restricted users audit
#                     incidents: record read patient-details; feedback: record read-text;
#                     risks: record read
EXPECTED = {
    Role.ADMIN:        (N,      N,      N,       N,        N,    N,   N,     N,         Y,    Y,
                        N,      N,   N,                     N,     N,      N,     N),
    Role.REGULATOR:    (Y,      Y,      Y,       N,        Y,    N,   Y,     Y,         N,    Y,
                        N,      Y,   Y,                     N,     N,      N,     Y),
    Role.OVERSIGHT:    (N,      N,      N,       Y,        Y,    N,   Y,     Y,         N,    N,
                        N,      Y,   Y,                     N,     N,      N,     Y),
    Role.TRUST_EDITOR: (N,      N,      N,       N,        N,    Y,   Y,     Y,         N,    N,
                        Y,      Y,   Y,                     Y,     Y,      Y,     Y),
    Role.TRUST_VIEWER: (N,      N,      N,       N,        N,    N,   N,     Y,         N,    N,
                        N,      Y,   Y,                     N,     Y,      N,     Y),
}  # fmt: skip
ORDER = (
    P.RECORD_RATINGS,
    P.RECORD_ENFORCEMENT,
    P.RECORD_FINDINGS,
    P.RECORD_OVERSIGHT,
    P.IMPORT_STATISTICS,
    P.WORK_PLAN,
    P.VERIFY_EVIDENCE,
    P.READ_RESTRICTED,
    P.MANAGE_USERS,
    P.READ_AUDIT,
    P.RECORD_INCIDENTS,
    P.READ_INCIDENTS,
    P.READ_PATIENT_DETAILS,
    P.RECORD_FEEDBACK,
    P.READ_FEEDBACK_TEXT,
    P.RECORD_RISKS,
    P.READ_RISKS,
)
HOME = {
    Role.ADMIN: "RMY",
    Role.REGULATOR: "CQC",
    Role.OVERSIGHT: "NHSE",
    Role.TRUST_EDITOR: "RMY",
    Role.TRUST_VIEWER: "RMY",
}


def user(role: Role, org: str | None = None) -> Actor:
    return Actor.user(
        1, "someone@example.org", "Someone", role, Organisation.parse(org or HOME[role])
    )


def test_every_permission_is_in_the_table() -> None:
    assert set(ORDER) == set(Permission)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("index", range(len(ORDER)))
def test_each_role_may_do_what_the_issue_says_on_its_own_trust(role: Role, index: int) -> None:
    assert may(user(role), ORDER[index], trust="RMY") is EXPECTED[role][index]


@pytest.mark.parametrize("role", [Role.TRUST_EDITOR, Role.TRUST_VIEWER])
@pytest.mark.parametrize("permission", list(Permission))
def test_a_trust_user_can_do_nothing_for_another_trust(role: Role, permission: Permission) -> None:
    assert may(user(role, "RMY"), permission, trust="RAA") is False


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.OVERSIGHT])
def test_national_roles_read_every_trusts_restricted_data(role: Role) -> None:
    assert sees_restricted(user(role), "RAA")
    assert sees_restricted(user(role), "RMY")


def test_the_public_may_do_nothing_and_is_asked_to_sign_in() -> None:
    for permission in Permission:
        assert may(PUBLIC, permission, trust="RMY") is False
    with pytest.raises(SignInRequired, match="sign in to work plan"):
        require(PUBLIC, P.WORK_PLAN, trust="RMY")
    assert not sees_restricted(PUBLIC, "RMY")


def test_a_user_without_the_permission_is_forbidden_by_name() -> None:
    with pytest.raises(Forbidden, match="a trust_viewer may not work plan for RMY"):
        require(user(Role.TRUST_VIEWER), P.WORK_PLAN, trust="RMY")
    with pytest.raises(Forbidden, match="a trust_editor may not work plan for RAA"):
        require(user(Role.TRUST_EDITOR), P.WORK_PLAN, trust="RAA")
    with pytest.raises(Forbidden, match=r"^an oversight may not record ratings for RMY$"):
        require(user(Role.OVERSIGHT), P.RECORD_RATINGS, trust="RMY")


def test_the_operator_may_do_everything() -> None:
    operator = Actor.operator("deploy")
    assert all(may(operator, p, trust="RAA") for p in Permission)
    assert operator.identity == "operator:deploy"


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("CQC", OrganisationKind.REGULATOR, "CQC"),
        ("cqc", OrganisationKind.REGULATOR, "CQC"),
        ("NHSE", OrganisationKind.OVERSIGHT, "NHSE"),
        ("NHSE-East-of-England", OrganisationKind.OVERSIGHT, "NHSE-east-of-england"),
        ("rmy", OrganisationKind.TRUST, "RMY"),
        ("RX4", OrganisationKind.TRUST, "RX4"),
    ],
)
def test_organisations_are_read_from_their_codes(
    text: str, kind: OrganisationKind, code: str
) -> None:
    organisation = Organisation.parse(text)
    assert (organisation.kind, organisation.code) == (kind, code)


@pytest.mark.parametrize("text", ["", "NHS England", "R", "RMY-1", "NHSE-"])
def test_an_unknown_organisation_is_refused_with_what_is_expected(text: str) -> None:
    with pytest.raises(UnknownAccessWord, match="expected CQC, NHSE, NHSE-<region>"):
        Organisation.parse(text)


def test_roles_belong_to_kinds_of_organisation() -> None:
    assert roles_for(Organisation.parse("RMY")) == (
        Role.ADMIN,
        Role.TRUST_EDITOR,
        Role.TRUST_VIEWER,
    )
    assert Role.REGULATOR not in roles_for(Organisation.parse("NHSE"))
    error = IncompatibleRole(Role.REGULATOR, Organisation.parse("RMY"))
    assert "a user of RMY cannot be regulator" in str(error)


def test_roles_parse_from_their_words() -> None:
    assert Role.parse("Trust-Editor") is Role.TRUST_EDITOR
    assert Role.parse("trust viewer") is Role.TRUST_VIEWER
    with pytest.raises(UnknownAccessWord, match="unknown role 'owner'"):
        Role.parse("owner")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("elevenchars", "at least 12 characters"),
        ("x" * 257, "at most 256 characters"),
        ("my name is amira.khan indeed", "must not contain your email"),
        ("hello Amira Khan, again", "must not contain your name"),
        ("correct horse battery staple", None),
        ("twelve chars", None),
    ],
)
def test_password_rules(password: str, problem: str | None) -> None:
    found = password_problem(password, email="amira.khan@nsft.example", name="Amira Khan")
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_five_failures_within_fifteen_minutes_lock_for_fifteen() -> None:
    policy = LockoutPolicy()
    start = dt.datetime(2026, 1, 5, 9, 0)
    four = [start + dt.timedelta(minutes=m) for m in range(4)]
    assert policy.locked_until(four) is None
    five = [*four, start + dt.timedelta(minutes=10)]
    assert policy.locked_until(five) == dt.datetime(2026, 1, 5, 9, 25)
    spread = [start + dt.timedelta(minutes=5 * m) for m in range(5)]  # 20 minutes apart
    assert policy.locked_until(spread) is None


def test_a_session_ends_when_idle_or_at_its_absolute_limit() -> None:
    policy = SessionPolicy()
    signed_in = dt.datetime(2026, 1, 5, 8, 0)
    assert policy.expires(signed_in, dt.datetime(2026, 1, 5, 9, 0)) == dt.datetime(
        2026, 1, 5, 9, 30
    )
    assert policy.expires(signed_in, dt.datetime(2026, 1, 5, 19, 50)) == dt.datetime(
        2026, 1, 5, 20, 0
    )


def test_tokens_last_ninety_days_by_default_and_a_year_at_most() -> None:
    policy = TokenPolicy()
    created = dt.datetime(2026, 1, 1)
    assert policy.expires(created, None) == dt.datetime(2026, 4, 1)
    assert policy.expires(created, 365) == dt.datetime(2027, 1, 1)
    with pytest.raises(ValueError, match="from 1 to 365 days, not 366"):
        policy.expires(created, 366)


def test_only_national_roles_and_the_operator_reach_everywhere() -> None:
    assert everywhere(user(Role.REGULATOR), P.READ_AUDIT)
    assert not everywhere(user(Role.ADMIN), P.READ_AUDIT)
    assert not everywhere(user(Role.TRUST_EDITOR), P.WORK_PLAN)
    assert everywhere(Actor.operator("deploy"), P.READ_AUDIT)
    assert not everywhere(PUBLIC, P.READ_AUDIT)
