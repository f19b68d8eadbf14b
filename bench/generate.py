"""Write a national-scale CQC "Latest ratings" file for benchmarks (made-up, seeded data).

    python -m bench.generate latest_ratings.ods [--scale 1.0] [--seed 2025] [--format ods]

The file has the shape of the national register as CQC publishes it (reference §10.3): a
README sheet, a Locations sheet and a Providers sheet (XLSX, ODS) or just the Locations rows
(CSV); one row per subject, service or population group, and domain. At scale 1 it holds:

- 229 NHS trusts (with the worked example's 7, the country's 236), split as England's are
  by type: 132 acute non-specialist, 17 acute specialist, 51 mental health, 19 community
  health and 10 ambulance trusts. Each is on the Providers sheet as an "NHS Healthcare
  Organisation" whose primary inspection category names its type, rated Overall and on the
  five key questions. Acute trusts' hospitals are rated per core service at location level
  (the main site has all eight acute core services, other sites some of them; specialist
  trusts a few); mental health, community and ambulance trusts are rated per core service at
  provider level, and their sites as a whole.
- about 67,100 adult social care locations (care homes, "Residential social care" with
  "Care Home?" Y; home care agencies, "Community based adult social care services"), each
  rated as a whole, Overall and on the five key questions; providers mostly run one location,
  a few run chains of dozens.
- about 6,400 GP practices ("Primary Medical Services", category "GP Practices"), each
  rated as a whole on the five key questions and Overall, and for each of CQC's six
  population groups on effective and responsive and an overall for the group (CQC rates
  population groups on those two key questions only). CQC does not rate dentists, so the
  file has none.

That is about 75,000 locations and 580,000 rating rows. `--scale` multiplies every count
(at least one trust of each type and one location of each kind stay), so small files keep
the national shape. Every value is synthetic; the same seed and scale give the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.ingest_files import (
    LOCATION_HEADINGS,
    PROVIDER_HEADINGS,
    SheetSpec,
    readme_sheet,
    write_csv,
    write_ods_streamed,
    write_xlsx,
)

from carewatch.domain.ratings import MENTAL_HEALTH_CORE_SERVICES, CoreService, TrustType

KEY_QUESTIONS = ("Safe", "Effective", "Caring", "Responsive", "Well-led")
DOMAINS = (*KEY_QUESTIONS, "Overall")
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
RATING_WEIGHTS = (5, 75, 17, 3)  # roughly CQC's national spread of overall ratings
REGIONS = ("East", "London", "Midlands", "North East", "North West", "South East", "South West")
FORMATS = ("xlsx", "csv", "ods")
NHS = "NHS Healthcare Organisation"

TRUSTS_BY_TYPE: dict[TrustType, int] = {
    TrustType.ACUTE: 132,
    TrustType.ACUTE_SPECIALIST: 17,
    TrustType.MENTAL_HEALTH: 51,
    TrustType.COMMUNITY: 19,
    TrustType.AMBULANCE: 10,
}
"""NHS trusts in the file at scale 1, by type (229; the worked example adds 7 more)."""
CARE_HOMES = 40_200
HOME_CARE = 26_900
GP_PRACTICES = 6_400

CATEGORY: dict[TrustType, str] = {
    TrustType.ACUTE: "Acute hospital - NHS non-specialist",
    TrustType.ACUTE_SPECIALIST: "Acute hospital - NHS specialist",
    TrustType.MENTAL_HEALTH: "Mental health - community & hospital based - NHS",
    TrustType.COMMUNITY: "Community health - NHS & Independent",
    TrustType.AMBULANCE: "Ambulance service",
}
ACUTE_SERVICES = tuple(
    s.value
    for s in (
        CoreService.URGENT_AND_EMERGENCY,
        CoreService.MEDICAL_CARE,
        CoreService.SURGERY,
        CoreService.CRITICAL_CARE,
        CoreService.MATERNITY,
        CoreService.CHILDREN_AND_YOUNG_PEOPLE,
        CoreService.END_OF_LIFE,
        CoreService.OUTPATIENTS,
    )
)
SPECIALIST_SERVICES = tuple(
    s.value
    for s in (
        CoreService.MEDICAL_CARE,
        CoreService.SURGERY,
        CoreService.CRITICAL_CARE,
        CoreService.CHILDREN_AND_YOUNG_PEOPLE,
        CoreService.END_OF_LIFE,
        CoreService.OUTPATIENTS,
        CoreService.DIAGNOSTIC_IMAGING,
    )
)
COMMUNITY_SERVICES = tuple(
    s.value
    for s in (
        CoreService.COMMUNITY_HEALTH_ADULTS,
        CoreService.COMMUNITY_HEALTH_CHILDREN,
        CoreService.COMMUNITY_HEALTH_INPATIENT,
        CoreService.END_OF_LIFE,
        CoreService.COMMUNITY_URGENT_CARE,
    )
)
MENTAL_HEALTH_SERVICES = tuple(s.value for s in MENTAL_HEALTH_CORE_SERVICES)
AMBULANCE_SERVICES = (
    "Emergency and urgent care",
    "Emergency operations centre (EOC)",
    "Patient transport services",
    "Resilience",
)
POPULATION_GROUPS = (
    "Older people",
    "People with long term conditions",
    "Families, children and young people",
    "Working age people (including those recently retired and students)",
    "People whose circumstances may make them vulnerable",
    "People experiencing poor mental health (including people with dementia)",
)
POPULATION_GROUP_DOMAINS = ("Effective", "Responsive", "Overall")


@dataclass(frozen=True)
class Kind:
    """What a location is, as the file's columns say it."""

    location_type: str
    category: str
    care_home: str
    provider_type: str


CARE_HOME = Kind("Social Care Org", "Residential social care", "Y", "Social Care Org")
HOME_CARE_AGENCY = Kind(
    "Social Care Org", "Community based adult social care services", "N", "Social Care Org"
)
GP_PRACTICE = Kind("Primary Medical Services", "GP Practices", "N", "Primary Medical Services")


@dataclass(frozen=True)
class Location:
    location_id: str
    name: str
    kind: Kind
    services: tuple[str, ...]  # rated services besides the location as a whole


@dataclass(frozen=True)
class Provider:
    provider_id: str
    name: str
    region: str
    trust_type: TrustType | None
    services: tuple[str, ...]  # core services rated at provider level (trusts only)
    locations: tuple[Location, ...]


def generate_latest_ratings(
    path: Path | str, scale: float = 1.0, fmt: str = "xlsx", *, seed: int = 2025
) -> Path:
    """Write a Latest-ratings file of the national register's shape, `scale` times its size."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    if not scale > 0:
        raise ValueError(f"scale must be more than 0, not {scale!r}")
    path = Path(path)
    register = national_register(scale, seed=seed)
    location_sheet = SheetSpec(
        "Locations", LOCATION_HEADINGS, _location_rows(register, seed), [["Latest ratings"]]
    )
    if fmt == "csv":
        return write_csv(path, location_sheet)
    providers = SheetSpec("Providers", PROVIDER_HEADINGS, _provider_rows(register, seed))
    sheets = [readme_sheet(), location_sheet, providers]
    return write_xlsx(path, sheets) if fmt == "xlsx" else write_ods_streamed(path, sheets)


def _count(n: int, scale: float) -> int:
    return max(1, round(n * scale))


def _trust_ids() -> Iterator[str]:
    """Three-character codes shaped like NHS trusts' (R and two more), never the example's."""
    alphabet = "ABCDEFGHJKLNPQRTUVWXYZ0123456789"
    for second in alphabet[:-10]:
        for third in alphabet:
            code = f"R{second}{third}"
            if code != "RMY":
                yield code


def national_register(scale: float = 1.0, *, seed: int = 2025) -> list[Provider]:
    """Every provider of the generated file with its locations and rated services."""
    rng = random.Random(seed)
    providers: list[Provider] = []
    ids = _trust_ids()
    for trust_type, count in TRUSTS_BY_TYPE.items():
        for number in range(1, _count(count, scale) + 1):
            providers.append(_trust(rng, next(ids), trust_type, number))
    serial = iter(range(100_000_000, 1_000_000_000))
    for kind, count in ((CARE_HOME, CARE_HOMES), (HOME_CARE_AGENCY, HOME_CARE)):
        remaining = _count(count, scale)
        while remaining:
            size = min(remaining, _chain_size(rng))
            remaining -= size
            providers.append(_independent(rng, next(serial), kind, size))
    remaining = _count(GP_PRACTICES, scale)
    while remaining:
        size = min(remaining, 1 if rng.random() < 0.92 else rng.randint(2, 6))
        remaining -= size
        providers.append(_independent(rng, next(serial), GP_PRACTICE, size))
    return providers


def _chain_size(rng: random.Random) -> int:
    """Most social care providers run one location; a few run chains of dozens."""
    draw = rng.random()
    if draw < 0.75:
        return 1
    if draw < 0.95:
        return rng.randint(2, 6)
    return rng.randint(7, 60)


def _trust(rng: random.Random, provider_id: str, trust_type: TrustType, number: int) -> Provider:
    label = trust_type.label.replace(" (non-specialist)", "").replace(" (specialist)", "")
    name = f"Synthetic {label} NHS Trust {number}"
    kind = Kind(NHS, CATEGORY[trust_type], "N", NHS)
    sites: list[tuple[str, ...]] = []
    provider_services: tuple[str, ...] = ()
    if trust_type is TrustType.ACUTE:
        sites.append(ACUTE_SERVICES)
        for _ in range(rng.randint(0, 5)):
            chosen = set(rng.sample(ACUTE_SERVICES, rng.randint(2, 6)))
            sites.append(tuple(s for s in ACUTE_SERVICES if s in chosen))
    elif trust_type is TrustType.ACUTE_SPECIALIST:
        for _ in range(rng.randint(1, 3)):
            chosen = set(rng.sample(SPECIALIST_SERVICES, rng.randint(3, 5)))
            sites.append(tuple(s for s in SPECIALIST_SERVICES if s in chosen))
    else:
        menu, low, high, site_range = {
            TrustType.MENTAL_HEALTH: (MENTAL_HEALTH_SERVICES, 7, 11, (6, 16)),
            TrustType.COMMUNITY: (COMMUNITY_SERVICES, 3, 5, (4, 12)),
            TrustType.AMBULANCE: (AMBULANCE_SERVICES, 3, 4, (1, 3)),
        }[trust_type]
        chosen = set(rng.sample(menu, rng.randint(low, high)))
        provider_services = tuple(s for s in menu if s in chosen)
        sites.extend(() for _ in range(rng.randint(*site_range)))
    locations = tuple(
        Location(f"{provider_id}{n:02d}", f"{name}, site {n}", kind, services)
        for n, services in enumerate(sites, start=1)
    )
    return Provider(
        provider_id, name, rng.choice(REGIONS), trust_type, provider_services, locations
    )


def _independent(rng: random.Random, serial: int, kind: Kind, size: int) -> Provider:
    provider_id = f"1-{serial}"
    services = POPULATION_GROUPS if kind is GP_PRACTICE else ()
    what = {CARE_HOME: "care home", HOME_CARE_AGENCY: "home care", GP_PRACTICE: "practice"}[kind]
    locations = tuple(
        Location(f"1-{serial * 100 + n}", f"Synthetic {what} {serial}-{n}", kind, services)
        for n in range(1, size + 1)
    )
    return Provider(
        provider_id, f"Synthetic provider {serial}", rng.choice(REGIONS), None, (), locations
    )


def _inspection(rng: random.Random) -> tuple[dt.date, str]:
    """The publication date of one inspection's report and the overall rating it gave."""
    date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    return date, rng.choices(RATINGS, RATING_WEIGHTS)[0]


def _near(rng: random.Random, overall: str) -> str:
    """A key question's rating: mostly the overall one, sometimes a step either side."""
    if rng.random() < 0.7:
        return overall
    i = RATINGS.index(overall) + rng.choice((-1, 1))
    return RATINGS[min(max(i, 0), len(RATINGS) - 1)]


def _rated(
    rng: random.Random, service: str, domains: Sequence[str] = DOMAINS
) -> Iterator[tuple[str, str, str, dt.date]]:
    """One inspection's ratings of one service: (service, domain, rating, date)."""
    date, overall = _inspection(rng)
    for domain in domains:
        yield service, domain, overall if domain == "Overall" else _near(rng, overall), date


def _location_rows(register: list[Provider], seed: int) -> Iterator[list[Any]]:
    position = {heading: i for i, heading in enumerate(LOCATION_HEADINGS)}
    for provider in register:
        for location in provider.locations:
            rng = random.Random(f"{seed}:{location.location_id}")
            nhs = location.kind.location_type == NHS
            base: list[Any] = [""] * len(LOCATION_HEADINGS)
            for heading, value in (
                ("Location ID", location.location_id),
                ("Location ODS Code", location.location_id if nhs else ""),
                ("Location Name", location.name),
                ("Care Home?", location.kind.care_home),
                ("Location Type", location.kind.location_type),
                ("Location Primary Inspection Category", location.kind.category),
                ("Location Region", provider.region),
                ("Report Type", "Location"),
                ("URL", f"https://www.cqc.org.uk/location/{location.location_id}"),
                ("Provider ID", provider.provider_id),
                ("Provider Name", provider.name),
            ):
                base[position[heading]] = value
            inherited = "Y" if rng.random() < 0.03 else "N"
            ratings = list(_rated(rng, "Overall"))
            for service in location.services:
                domains = POPULATION_GROUP_DOMAINS if service in POPULATION_GROUPS else DOMAINS
                ratings.extend(_rated(rng, service, domains))
            for service, domain, rating, date in ratings:
                row = base.copy()
                row[position["Service / Population Group"]] = service
                row[position["Domain"]] = domain
                row[position["Latest Rating"]] = rating
                row[position["Publication Date"]] = date
                row[position["Inherited Rating (Y/N)"]] = inherited
                yield row


def _provider_rows(register: list[Provider], seed: int) -> Iterator[list[Any]]:
    position = {heading: i for i, heading in enumerate(PROVIDER_HEADINGS)}
    for provider in register:
        if provider.trust_type is None:
            continue  # CQC rates other providers' locations, not the providers themselves
        rng = random.Random(f"{seed}:{provider.provider_id}")
        base: list[Any] = [""] * len(PROVIDER_HEADINGS)
        for heading, value in (
            ("Provider ID", provider.provider_id),
            ("Provider ODS Code", provider.provider_id),
            ("Provider Name", provider.name),
            ("Provider Type", NHS),
            ("Provider Primary Inspection Category", CATEGORY[provider.trust_type]),
            ("Provider Region", provider.region),
            ("Report Type", "Provider"),
            ("Inherited Rating (Y/N)", "N"),
            ("URL", f"https://www.cqc.org.uk/provider/{provider.provider_id}"),
        ):
            base[position[heading]] = value
        ratings = list(_rated(rng, "Overall"))
        for service in provider.services:
            ratings.extend(_rated(rng, service))
        for service, domain, rating, date in ratings:
            row = base.copy()
            row[position["Service / Population Group"]] = service
            row[position["Domain"]] = domain
            row[position["Latest Rating"]] = rating
            row[position["Publication Date"]] = date
            yield row


def shape(register: list[Provider]) -> dict[str, int]:
    """What a generated file holds: trusts (all and by type), locations and rating rows."""
    trusts = [p for p in register if p.trust_type is not None]
    locations = [loc for p in register for loc in p.locations]
    location_rows = sum(
        len(DOMAINS)
        + sum(
            len(POPULATION_GROUP_DOMAINS if s in POPULATION_GROUPS else DOMAINS)
            for s in loc.services
        )
        for loc in locations
    )
    provider_rows = sum(len(DOMAINS) * (1 + len(t.services)) for t in trusts)
    return {
        "providers": len(register),
        "trusts": len(trusts),
        **{f"trusts_{t.value}": sum(p.trust_type is t for p in trusts) for t in TRUSTS_BY_TYPE},
        "locations": len(locations),
        "care_homes": sum(loc.kind is CARE_HOME for loc in locations),
        "home_care": sum(loc.kind is HOME_CARE_AGENCY for loc in locations),
        "gp_practices": sum(loc.kind is GP_PRACTICE for loc in locations),
        "trust_locations": sum(len(t.locations) for t in trusts),
        "location_rating_rows": location_rows,
        "provider_rating_rows": provider_rows,
        "rating_rows": location_rows + provider_rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply every count of the national register by this (default 1)",
    )
    parser.add_argument("--format", choices=FORMATS, default=None)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    fmt = args.format or args.path.suffix.lstrip(".").lower()
    started = time.perf_counter()
    generate_latest_ratings(args.path, args.scale, fmt, seed=args.seed)
    figures = shape(national_register(args.scale, seed=args.seed))
    rows = figures["location_rating_rows"] + (
        figures["provider_rating_rows"] if fmt != "csv" else 0
    )
    print(
        f"wrote {rows} rows ({figures['trusts']} NHS trusts, {figures['locations']} locations) "
        f"to {args.path} in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
