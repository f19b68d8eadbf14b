"""How the ratings service reads, inside a caller's connection: grids, trust lists, locations,
histories, and which locations are social care."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, String, and_, func, literal_column, or_, select
from sqlalchemy.sql.elements import ColumnClause

from carewatch.domain.ratings import (
    Aspect,
    KeyQuestion,
    PublishedRating,
    Rating,
    TrustType,
    parse_published_rating,
)
from carewatch.services.errors import NotFound
from carewatch.services.ratings._cells import cell_of, latest_by_unit, report_urls
from carewatch.services.ratings._facts import Fact, chunks, load_facts
from carewatch.services.ratings._proposals import is_social_care
from carewatch.services.ratings.models import (
    Cell,
    Grid,
    GridRow,
    HistoryEntry,
    LocationSummary,
    Page,
    TrustName,
    TrustSummary,
)
from carewatch.store.tables.ratings import RATINGS, REPORTS
from carewatch.store.tables.register import CORE_SERVICES, LOCATIONS, PROVIDERS

__all__ = [
    "MAX_PAGE",
    "get_trust",
    "list_locations",
    "list_trusts",
    "overall_ratings",
    "overall_ratings_of",
    "rating_history",
    "ratings_grid",
    "service_names",
    "social_care_locations",
    "trust_names",
    "trust_tally",
]

MAX_PAGE = 500
"""The largest page `list_trusts` returns."""

P = PROVIDERS.c
L = LOCATIONS.c
R = RATINGS.c
REP = REPORTS.c
_ASPECT_ORDER = {a: i for i, a in enumerate(Aspect)}
_EMPTY: ColumnClause[str] = literal_column("''", String())


def provider_row(conn: Connection, provider_id: str) -> Mapping[str, Any] | None:
    """The stored provider as a mapping, or None."""
    row = conn.execute(select(PROVIDERS).where(P.provider_id == provider_id)).mappings().first()
    return None if row is None else dict(row)


def location_row(conn: Connection, location_id: str) -> Mapping[str, Any] | None:
    """The stored location as a mapping, or None."""
    row = conn.execute(select(LOCATIONS).where(L.location_id == location_id)).mappings().first()
    return None if row is None else dict(row)


def service_names(conn: Connection) -> dict[str, str]:
    """CQC's display name of each core service id it has given ("urgent" → "Urgent and ...")."""
    return dict(conn.execute(select(CORE_SERVICES.c.service_id, CORE_SERVICES.c.name)).all())


def social_care_locations(conn: Connection, provider_ids: Sequence[str] | None) -> frozenset[str]:
    """The locations of these providers (all when None) that CQC rates as adult social care."""
    query = select(
        LOCATIONS.c.location_id, LOCATIONS.c.location_type, PROVIDERS.c.provider_type
    ).join(PROVIDERS, PROVIDERS.c.provider_id == LOCATIONS.c.provider_id)
    queries = (
        [query]
        if provider_ids is None
        else [query.where(LOCATIONS.c.provider_id.in_(c)) for c in chunks(provider_ids)]
    )
    return frozenset(
        row[0] for q in queries for row in conn.execute(q) if is_social_care(row[1], row[2])
    )


def _cells(facts: Sequence[Fact], as_of: dt.date, urls: Mapping[str, str]) -> dict[Aspect, Cell]:
    ordered = sorted(facts, key=lambda f: _ASPECT_ORDER[f.aspect])
    return {f.aspect: cell_of(f, as_of=as_of, urls=urls) for f in ordered}


def _service_rows(
    by_service: Mapping[str, Sequence[Fact]],
    titles: Mapping[str, str],
    as_of: dt.date,
    urls: Mapping[str, str],
) -> list[GridRow]:
    labelled = sorted(by_service, key=lambda s: titles.get(s, s).lower())
    return [
        GridRow(label=titles.get(s, s), kind="service", cells=_cells(by_service[s], as_of, urls))
        for s in labelled
    ]


def ratings_grid(conn: Connection, subject_id: str, as_of: dt.date) -> Grid:
    provider = provider_row(conn, subject_id)
    location = None if provider is not None else location_row(conn, subject_id)
    if provider is None and location is None:
        raise NotFound("provider or location", subject_id)
    dated = R.rating_date <= as_of
    if location is not None:
        owner = provider_row(conn, location["provider_id"]) or {}
        facts = load_facts(
            conn,
            provider_ids=[location["provider_id"]],
            where=and_(dated, R.location_id == subject_id),
        )
    else:
        owner = provider or {}
        facts = load_facts(conn, provider_ids=[subject_id], where=dated)
    latest = list(latest_by_unit(facts).values())
    urls = report_urls(conn, (f.report_link_id for f in latest))
    titles = service_names(conn)
    rows: list[GridRow] = []
    if location is not None:
        name = location["name"] or subject_id
        by_service: dict[str, list[Fact]] = defaultdict(list)
        for f in latest:
            if f.service is not None:
                by_service[f.service].append(f)
        rows = _service_rows(by_service, titles, as_of, urls)
        own = [f for f in latest if f.service is None]
        summary = (
            GridRow(
                label=name, kind="location", cells=_cells(own, as_of, urls), location_id=subject_id
            )
            if own
            else None
        )
        return Grid(subject_id, name, "location", owner.get("trust_type"), rows, summary, as_of)

    known = provider or {}
    name = known.get("name") or subject_id
    trust_type = known.get("trust_type")
    by_location: dict[str, list[Fact]] = defaultdict(list)
    by_service = defaultdict(list)
    for f in latest:
        if f.location_id is not None and f.service is None:
            by_location[f.location_id].append(f)
        elif f.location_id is None and f.service is not None:
            by_service[f.service].append(f)
    location_level = trust_type is not None and TrustType(trust_type).has_location_level
    if by_location and (location_level or not by_service):
        names = dict(
            conn.execute(select(L.location_id, L.name).where(L.provider_id == subject_id)).all()
        )
        rows = [
            GridRow(
                label=names.get(loc) or loc,
                kind="location",
                cells=_cells(fs, as_of, urls),
                location_id=loc,
            )
            for loc, fs in sorted(
                by_location.items(), key=lambda i: (names.get(i[0]) or i[0]).lower()
            )
        ]
    else:
        rows = _service_rows(by_service, titles, as_of, urls)
    own = [f for f in latest if f.location_id is None and f.service is None]
    summary = GridRow(label=name, kind="trust", cells=_cells(own, as_of, urls)) if own else None
    return Grid(subject_id, name, "provider", trust_type, rows, summary, as_of)


def _trust_type_value(trust_type: str | TrustType) -> str:
    return (
        trust_type.value if isinstance(trust_type, TrustType) else TrustType.parse(trust_type).value
    )


def _trust_filter() -> Any:
    # Trusts are providers carewatch knows the trust type of, or that CQC files as NHS bodies
    # (provider type "NHS Healthcare Organisation").
    return or_(P.trust_type.is_not(None), func.lower(P.provider_type).like("%nhs%"))


def _summaries(
    conn: Connection, providers: Sequence[Mapping[str, Any]], as_of: dt.date
) -> list[TrustSummary]:
    ids = [p["provider_id"] for p in providers]
    if not ids:
        return []
    own = and_(R.location_id.is_(None), R.service.is_(None))
    latest = latest_by_unit(load_facts(conn, provider_ids=ids, where=own))
    per_provider: dict[str, list[Fact]] = defaultdict(list)
    for fact in latest.values():
        per_provider[fact.provider_id].append(fact)
    urls = report_urls(conn, (f.report_link_id for f in latest.values()))
    location_counts = _counts(conn, L.provider_id, ids)
    report_counts = _counts(conn, REP.provider_id, ids)
    out = []
    for p in providers:
        pid = p["provider_id"]
        cells = _cells(per_provider.get(pid, []), as_of, urls)
        out.append(
            TrustSummary(
                provider_id=pid,
                name=p["name"] or pid,
                trust_type=p["trust_type"],
                region=p["region"],
                overall=cells.get(Aspect.OVERALL),
                key_questions={
                    kq: cells[Aspect.of(kq)] for kq in KeyQuestion if Aspect.of(kq) in cells
                },
                synthetic=bool(p["synthetic"]),
                location_count=location_counts.get(pid, 0),
                report_count=report_counts.get(pid, 0),
            )
        )
    return out


def _counts(conn: Connection, column: Any, ids: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for start in range(0, len(ids), 5000):
        query = (
            select(column, func.count())
            .where(column.in_(ids[start : start + 5000]))
            .group_by(column)
        )
        counts.update({row[0]: int(row[1]) for row in conn.execute(query)})
    return counts


_NOT_INITIALS = frozenset({"and", "of", "the", "&", "for"})


def search_matches(search: str, name: str, ids: tuple[str, ...]) -> bool:
    """Whether a trust named `name` with `ids` (provider id, ODS code) is one the words of
    `search` ask for: every word in its name (any case, any order), its id or ODS code, or
    the initials people call it by, with or without "NHS" (Norfolk and Suffolk NHS
    Foundation Trust is "NSFT" and "NSNFT").

    >>> name = "Norfolk and Suffolk NHS Foundation Trust"
    >>> [search_matches(s, name, ("RMY", "RMY")) for s in ("norfolk suffolk", "NSFT", "rmy")]
    [True, True, True]
    >>> search_matches("norfolk devon", name, ("RMY", "RMY"))
    False
    """
    text = search.strip().lower()
    if text in {i.lower() for i in ids if i}:
        return True
    lowered = name.lower()
    words = [w for w in text.replace(",", " ").split() if w not in _NOT_INITIALS]
    if words and all(w in lowered for w in words):
        return True
    parts = [w for w in lowered.replace("-", " ").split() if w not in _NOT_INITIALS]
    initials = "".join(w[0] for w in parts if w[0].isalnum())
    without_nhs = "".join(w[0] for w in parts if w != "nhs" and w[0].isalnum())
    compact = "".join(text.split())
    return len(compact) >= 3 and compact in (initials, without_nhs)


def list_trusts(
    conn: Connection,
    *,
    trust_type: str | TrustType | None,
    region: str | None,
    rating: str | PublishedRating | None,
    search: str | None,
    offset: int,
    limit: int,
    as_of: dt.date,
) -> Page[TrustSummary]:
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"offset must be 0 or more and limit between 1 and {MAX_PAGE}")
    query = select(PROVIDERS).where(_trust_filter())
    if trust_type is not None:
        query = query.where(P.trust_type == _trust_type_value(trust_type))
    if region:
        query = query.where(func.lower(P.region) == region.strip().lower())
    providers = [dict(row) for row in conn.execute(query).mappings()]
    if search and search.strip():
        providers = [
            p
            for p in providers
            if search_matches(search, p["name"] or "", (p["provider_id"], p["ods_code"] or ""))
        ]
    providers.sort(key=lambda p: ((p["name"] or p["provider_id"]).lower(), p["provider_id"]))
    wanted: PublishedRating | None = None if rating is None else parse_published_rating(rating)
    if wanted is not None:
        summaries = _summaries(conn, providers, as_of)
        matching = [s for s in summaries if s.overall is not None and s.overall.rating == wanted]
        return Page(data=matching[offset : offset + limit], count=len(matching))
    page = providers[offset : offset + limit]
    return Page(data=_summaries(conn, page, as_of), count=len(providers))


def get_trust(conn: Connection, provider_id: str, as_of: dt.date) -> TrustSummary:
    provider = provider_row(conn, provider_id)
    if provider is None:
        raise NotFound("provider", provider_id)
    return _summaries(conn, [provider], as_of)[0]


def list_locations(conn: Connection, provider_id: str, as_of: dt.date) -> list[LocationSummary]:
    if provider_row(conn, provider_id) is None:
        raise NotFound("provider", provider_id)
    locations = list(conn.execute(select(LOCATIONS).where(L.provider_id == provider_id)).mappings())
    where = and_(R.location_id.is_not(None), R.service.is_(None), R.aspect == Aspect.OVERALL.value)
    latest = latest_by_unit(load_facts(conn, provider_ids=[provider_id], where=where))
    urls = report_urls(conn, (f.report_link_id for f in latest.values()))
    overall = {f.location_id: cell_of(f, as_of=as_of, urls=urls) for f in latest.values()}
    out = []
    for loc in locations:
        cell = overall.get(loc["location_id"])
        out.append(
            LocationSummary(
                location_id=loc["location_id"],
                provider_id=provider_id,
                name=loc["name"] or loc["location_id"],
                registration_status=loc["registration_status"],
                overall=cell,
                inherited=cell is not None and cell.inherited,
            )
        )
    return sorted(out, key=lambda s: (s.name.lower(), s.location_id))


def rating_history(conn: Connection, subject_id: str) -> list[HistoryEntry]:
    provider = provider_row(conn, subject_id)
    if provider is not None:
        facts = load_facts(
            conn,
            provider_ids=[subject_id],
            where=and_(R.location_id.is_(None), R.service.is_(None)),
        )
    else:
        location = location_row(conn, subject_id)
        if location is None:
            raise NotFound("provider or location", subject_id)
        facts = load_facts(
            conn,
            provider_ids=[location["provider_id"]],
            where=and_(R.location_id == subject_id, R.service.is_(None)),
        )
    by_day: dict[dt.date, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_day[fact.rating_date].append(fact)
    links = {f.report_link_id for f in facts if f.report_link_id}
    reports: dict[str, Mapping[str, Any]] = {}
    ids = sorted(links)
    for start in range(0, len(ids), 5000):
        query = select(REP.link_id, REP.report_type, REP.url).where(
            REP.link_id.in_(ids[start : start + 5000])
        )
        reports.update({row["link_id"]: row for row in conn.execute(query).mappings()})
    entries = []
    for day in sorted(by_day, reverse=True):
        day_facts = sorted(by_day[day], key=lambda f: (_ASPECT_ORDER[f.aspect], not f.current))
        overall: PublishedRating | None = next(
            (f.rating for f in day_facts if f.aspect is Aspect.OVERALL), None
        )
        key_questions: dict[KeyQuestion, PublishedRating] = {}
        for f in day_facts:
            kq = f.aspect.key_question
            if kq is not None and kq not in key_questions:
                key_questions[kq] = f.rating
        link = next((f.report_link_id for f in day_facts if f.report_link_id), None)
        report = reports.get(link) if link else None
        url = report["url"] if report else None
        entries.append(
            HistoryEntry(
                report_date=day,
                report_link_id=link,
                report_type=report["report_type"] if report else None,
                url=url,
                overall=overall,
                key_questions=key_questions,
                inherited=any(f.inherited for f in day_facts),
            )
        )
    entries += _reports_without_own_ratings(conn, subject_id, provider is not None, by_day)
    return sorted(entries, key=lambda e: e.report_date, reverse=True)


def _reports_without_own_ratings(
    conn: Connection, subject_id: str, is_provider: bool, rated_days: Mapping[dt.date, object]
) -> list[HistoryEntry]:
    """Reports of the subject that rated none of its own key questions or overall, such as a
    focused inspection of core services: they belong in its history too."""
    owner = REP.provider_id == subject_id if is_provider else REP.location_id == subject_id
    query = select(REP.link_id, REP.report_date, REP.report_type, REP.url).where(owner)
    if is_provider:
        query = query.where(REP.location_id.is_(None))
    return [
        HistoryEntry(
            report_date=row.report_date,
            report_link_id=row.link_id,
            report_type=row.report_type,
            url=row.url,
            overall=None,
            key_questions={},
        )
        for row in conn.execute(query)
        if row.report_date not in rated_days
    ]


def overall_ratings(conn: Connection, provider_id: str) -> list[tuple[dt.date, Rating, str]]:
    """A provider's own overall ratings (not a location's or a service's) oldest first, each
    with the source a reader can follow: the published report, else the import's source."""
    return overall_ratings_of(conn, [provider_id]).get(provider_id, [])


def overall_ratings_of(
    conn: Connection, provider_ids: Sequence[str] | None
) -> dict[str, list[tuple[dt.date, Rating, str]]]:
    """`overall_ratings` of many providers (every provider when None) in one query per 5,000,
    by provider id (a provider with none is left out)."""
    r = RATINGS.c
    query = (
        select(r.provider_id, r.rating_date, r.rating, r.source, REPORTS.c.url)
        .select_from(RATINGS.outerjoin(REPORTS, REPORTS.c.link_id == r.report_link_id))
        .where(
            func.coalesce(r.location_id, _EMPTY) == _EMPTY,
            func.coalesce(r.service, _EMPTY) == _EMPTY,
            r.location_id.is_(None),
            r.service.is_(None),
            r.aspect == Aspect.OVERALL.value,
            r.rating.in_([x.value for x in Rating]),
        )
        .order_by(r.provider_id, r.rating_date, r.id)
    )
    queries = (
        [query]
        if provider_ids is None
        else [query.where(r.provider_id.in_(c)) for c in chunks(sorted(set(provider_ids)))]
    )
    out: dict[str, list[tuple[dt.date, Rating, str]]] = {}
    for each in queries:
        for row in conn.execute(each):
            out.setdefault(row.provider_id, []).append(
                (row.rating_date, Rating(row.rating), row.url or row.source or "")
            )
    return out


def trust_names(conn: Connection) -> list[TrustName]:
    """Every trust by name, in `list_trusts`'s order, in one query."""
    rows = conn.execute(select(P.provider_id, P.name, P.synthetic).where(_trust_filter())).all()
    trusts = [
        TrustName(row.provider_id, row.name or row.provider_id, bool(row.synthetic)) for row in rows
    ]
    return sorted(trusts, key=lambda t: (t.name.lower(), t.provider_id))


def trust_tally(conn: Connection) -> list[tuple[str | None, str | None, str | None, int]]:
    """How many trusts share each (current overall rating word, region, trust type), counted
    by the database in one query: the rating is the one `latest_by_unit` picks for the
    trust's own overall (None when it has none), so the tally agrees with the summaries."""

    # A trust's own ratings, found through the natural key's index (which keys on the
    # coalesced location and service): SQLite uses an index on an expression only when the
    # query spells the same expression, so '' is written in, not bound.
    def own(r: Any) -> Any:
        return and_(
            r.provider_id == P.provider_id,
            func.coalesce(r.location_id, _EMPTY) == _EMPTY,
            func.coalesce(r.service, _EMPTY) == _EMPTY,
            r.location_id.is_(None),
            r.service.is_(None),
        )

    other = RATINGS.alias("own_current").c
    has_current = (
        select(other.id).where(own(other), other.current.is_(True)).correlate(PROVIDERS).exists()
    )
    # The latest overall (current first) stands when it is current, or when the trust has no
    # current rating of its own at all: so only current ones compete when it has one.
    shown = (
        select(R.rating)
        .where(own(R), R.aspect == Aspect.OVERALL.value, or_(R.current.is_(True), ~has_current))
        .order_by(R.current.desc(), R.rating_date.desc(), R.id.desc())
        .limit(1)
        .correlate(PROVIDERS)
        .scalar_subquery()
    )
    trusts = select(shown.label("rating"), P.region, P.trust_type).where(_trust_filter()).subquery()
    query = select(trusts.c.rating, trusts.c.region, trusts.c.trust_type, func.count()).group_by(
        trusts.c.rating, trusts.c.region, trusts.c.trust_type
    )
    return [(row[0], row[1], row[2], int(row[3])) for row in conn.execute(query)]
