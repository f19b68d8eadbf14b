"""The ratings-engine document: one JSON shape in, one JSON shape out, for CLI, API and pages.

`evaluate(document)` reads a plain mapping (parsed JSON), validates every field, runs the pure
engine and returns plain JSON-ready data. It writes nothing. Three kinds of document:

1. A set of ratings to aggregate::

       {"framework": "legacy", "ruleset": "nhs-trust-2022",
        "key_questions": {"safe": "Good", "effective": "Requires improvement", ...}}
       {"framework": "legacy", "ratings": ["Good", "Outstanding", ...]}
       → {"overall": {"rating": ..., "rule": ..., "reason": ...}}

2. A trust's core services::

       {"framework": "legacy", "trust_type": "mental_health",
        "services": {"<core service>": {"safe": ..., ..., "well-led": ...}},
        "trust_well_led": "Inadequate", "use_of_resources": "Good",
        "locations": {"<location>": ["<core service>", ...]},      (acute trusts, optional)
        "enforcement": [{"kind": "warning_notice", "service": ..., "key_question": ...}]}
       → {"services": {...}, "trust": {...}, "special_measures": {...}}

3. Single assessment framework scores::

       {"framework": "saf", "scores": {"safe": {"S1": 3, "S2": 2, ...}, ...}}
       → {"key_questions": {"safe": {"score_percent": ..., "rating": ..., ...}}, "overall": {...}}

Invalid input raises `InvalidDocument` naming the offending field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from carewatch.domain.ratings import (
    DEFAULT_RULESET,
    Aggregate,
    CountRuleSet,
    EmptyRatingSet,
    Enforcement,
    EnforcementKind,
    Framework,
    InvalidScore,
    KeyQuestion,
    LimitedRating,
    PublishedRating,
    Rating,
    SafRuleSet,
    TrustType,
    UnknownEnforcementKind,
    UnknownKeyQuestion,
    UnknownQualityStatement,
    UnknownRating,
    UnknownRuleSet,
    UnknownTrustType,
    aggregate,
    aggregate_trust,
    get_ruleset,
    parse_key_question,
    parse_published_rating,
    parse_rating,
    score_assessment,
)

__all__ = ["InvalidDocument", "evaluate"]

Json = dict[str, Any]


class InvalidDocument(ValueError):
    """A document the engine cannot evaluate; `field` is the dotted path of the culprit."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def _rating(value: object, field: str) -> Rating:
    try:
        return parse_rating(value)  # type: ignore[arg-type]
    except UnknownRating as exc:
        raise InvalidDocument(field, str(exc)) from None


def _published(value: object, field: str) -> PublishedRating:
    try:
        return parse_published_rating(value)  # type: ignore[arg-type]
    except UnknownRating as exc:
        raise InvalidDocument(field, str(exc)) from None


def _key_question(value: object, field: str) -> KeyQuestion:
    try:
        return parse_key_question(value)  # type: ignore[arg-type]
    except UnknownKeyQuestion as exc:
        raise InvalidDocument(field, str(exc)) from None


def _mapping(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidDocument(field, "expected an object")
    return value


def aggregate_json(result: Aggregate) -> Json:
    return {"rating": result.rating.label, "rule": result.rule, "reason": result.reason}


def _limited_json(result: LimitedRating) -> Json:
    return {
        "rating": result.rating.label,
        "limited_by": result.limited_by.value if result.limited_by else None,
        "judged": result.judged.label,
        "reason": result.reason,
    }


def evaluate(document: object) -> Json:
    """Evaluate an engine document (see the module docstring) and return the result as JSON."""
    doc = _mapping(document, "document")
    framework = doc.get("framework", Framework.LEGACY.value)
    if framework not in Framework.values():
        raise InvalidDocument("framework", f"expected one of {', '.join(Framework.values())}")
    if framework == Framework.SAF.value:
        return _evaluate_saf(doc)
    if "services" in doc:
        return _evaluate_trust(doc)
    return _evaluate_set(doc)


def _count_rules(doc: Mapping[str, Any]) -> CountRuleSet:
    ruleset_id = doc.get("ruleset", DEFAULT_RULESET)
    if not isinstance(ruleset_id, str):
        raise InvalidDocument("ruleset", "expected a rule set id")
    try:
        rules = get_ruleset(ruleset_id)
    except UnknownRuleSet as exc:
        raise InvalidDocument("ruleset", str(exc)) from None
    if not isinstance(rules, CountRuleSet):
        raise InvalidDocument("ruleset", f"{ruleset_id!r} scores quality statements: use saf")
    return rules


def _run(field: str, ratings: Sequence[PublishedRating], rules: CountRuleSet, **kw: Any) -> Json:
    try:
        return aggregate_json(aggregate(ratings, rules, **kw))
    except EmptyRatingSet as exc:
        raise InvalidDocument(field, str(exc)) from None


def _evaluate_set(doc: Mapping[str, Any]) -> Json:
    rules = _count_rules(doc)
    breach = doc.get("breach", False)
    if not isinstance(breach, bool):
        raise InvalidDocument("breach", "expected true or false")
    if "key_questions" in doc:
        kqs = _mapping(doc["key_questions"], "key_questions")
        seen: dict[KeyQuestion, PublishedRating] = {}
        for name, value in kqs.items():
            kq = _key_question(name, f"key_questions.{name}")
            if kq in seen:
                raise InvalidDocument(f"key_questions.{name}", "key question given twice")
            seen[kq] = _published(value, f"key_questions.{name}")
        return {"overall": _run("key_questions", list(seen.values()), rules, breach=breach)}
    if "ratings" in doc:
        values = doc["ratings"]
        if not isinstance(values, list):
            raise InvalidDocument("ratings", "expected a list of ratings")
        ratings = [_published(v, f"ratings[{i}]") for i, v in enumerate(values)]
        return {"overall": _run("ratings", ratings, rules, breach=breach)}
    raise InvalidDocument(
        None, "expected one of: key_questions, ratings, services (legacy) or scores (saf)"
    )


def _evaluate_trust(doc: Mapping[str, Any]) -> Json:
    rules = _count_rules(doc)
    try:
        trust_type = TrustType.parse(doc.get("trust_type", TrustType.MENTAL_HEALTH.value))
    except UnknownTrustType as exc:
        raise InvalidDocument("trust_type", str(exc)) from None
    services_in = _mapping(doc["services"], "services")
    if not services_in:
        raise InvalidDocument("services", "there are no core services to aggregate")
    services: dict[str, dict[KeyQuestion, PublishedRating]] = {}
    for name, kqs in services_in.items():
        judged: dict[KeyQuestion, PublishedRating] = {}
        for kq_name, value in _mapping(kqs, f"services.{name}").items():
            kq = _key_question(kq_name, f"services.{name}.{kq_name}")
            judged[kq] = _published(value, f"services.{name}.{kq_name}")
        services[name] = judged
    if "trust_well_led" not in doc:
        raise InvalidDocument(
            "trust_well_led", "required: trust well-led comes from its own assessment"
        )
    well_led = _rating(doc["trust_well_led"], "trust_well_led")
    uor_value = doc.get("use_of_resources")
    use_of_resources = None if uor_value is None else _rating(uor_value, "use_of_resources")
    enforcement = _enforcement(doc.get("enforcement", []), services)
    locations = _locations(doc.get("locations"), services)
    try:
        result = aggregate_trust(
            trust_type=trust_type,
            services=services,
            trust_well_led=well_led,
            locations=locations,
            use_of_resources=use_of_resources,
            enforcement=enforcement,
            ruleset=rules,
        )
    except EmptyRatingSet as exc:
        raise InvalidDocument(exc.field, "there are no ratings to aggregate") from None
    out: Json = {
        "services": {
            name: {
                "key_questions": {
                    kq.value: _limited_json(lr) for kq, lr in service.key_questions.items()
                },
                "overall": aggregate_json(service.overall),
            }
            for name, service in result.services.items()
        },
        "trust": {
            "key_questions": {
                kq.value: aggregate_json(a) for kq, a in result.key_questions.items()
            },
            "overall": aggregate_json(result.overall),
            "combined": aggregate_json(result.combined) if result.combined else None,
        },
        "special_measures": {
            "entry_criteria_met": result.special_measures.entry_criteria_met,
            "reason": result.special_measures.reason,
        },
    }
    if result.locations:
        out["locations"] = {
            name: {
                "services": list(loc.services),
                "key_questions": {
                    kq.value: aggregate_json(a) for kq, a in loc.key_questions.items()
                },
                "overall": aggregate_json(loc.overall),
            }
            for name, loc in result.locations.items()
        }
    return out


def _enforcement(value: object, services: Mapping[str, object]) -> list[Enforcement]:
    if not isinstance(value, list):
        raise InvalidDocument("enforcement", "expected a list")
    actions = []
    for i, item in enumerate(value):
        field = f"enforcement[{i}]"
        entry = _mapping(item, field)
        try:
            kind = EnforcementKind.parse(entry.get("kind"))
        except UnknownEnforcementKind as exc:
            raise InvalidDocument(f"{field}.kind", str(exc)) from None
        service = entry.get("service")
        if service not in services:
            raise InvalidDocument(f"{field}.service", "not one of the services given")
        kq = _key_question(entry.get("key_question"), f"{field}.key_question")
        actions.append(Enforcement(kind=kind, service=str(service), key_question=kq))
    return actions


def _locations(value: object, services: Mapping[str, object]) -> dict[str, list[str]] | None:
    if value is None:
        return None
    locations = _mapping(value, "locations")
    result: dict[str, list[str]] = {}
    placed: set[str] = set()
    for name, members in locations.items():
        field = f"locations.{name}"
        if not isinstance(members, list) or not members:
            raise InvalidDocument(field, "expected a non-empty list of core service names")
        for member in members:
            if member not in services:
                raise InvalidDocument(field, f"{member!r} is not one of the services given")
            if member in placed:
                raise InvalidDocument(field, f"{member!r} is in more than one location")
            placed.add(member)
        result[str(name)] = [str(m) for m in members]
    missing = sorted(set(services) - placed)
    if missing:
        raise InvalidDocument("locations", f"service {missing[0]!r} is in no location")
    return result


def _evaluate_saf(doc: Mapping[str, Any]) -> Json:
    ruleset_id = doc.get("ruleset", "saf-2024")
    try:
        rules = get_ruleset(ruleset_id) if isinstance(ruleset_id, str) else None
    except UnknownRuleSet as exc:
        raise InvalidDocument("ruleset", str(exc)) from None
    if not isinstance(rules, SafRuleSet):
        raise InvalidDocument("ruleset", "expected a single assessment framework rule set")
    scores = _mapping(doc.get("scores"), "scores")
    if not scores:
        raise InvalidDocument("scores", "there are no key questions to score")
    for name, statements in scores.items():
        _key_question(name, f"scores.{name}")
        _mapping(statements, f"scores.{name}")
    try:
        result = score_assessment(scores, rules)
    except (InvalidScore, UnknownQualityStatement) as exc:
        field, _, message = str(exc).partition(": ")
        raise InvalidDocument(field, message) from None
    return {
        "key_questions": {
            kq.value: {
                "score_percent": r.score_percent,
                "total": r.total,
                "maximum": r.maximum,
                "rating": r.rating.label,
                "rule": r.rule,
                "reason": r.reason,
            }
            for kq, r in result.key_questions.items()
        },
        "overall": aggregate_json(result.overall),
    }
