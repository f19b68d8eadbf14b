"""Write a national-scale CQC "Latest ratings" file for benchmarks (made-up, seeded data).

    python -m bench.generate latest_ratings.xlsx --rows 250000

The shape follows CQC's monthly file (reference §10.3): a README sheet, a Locations sheet
and a Providers sheet (XLSX, ODS) or just the Locations rows (CSV); one row per subject,
service and domain, each service rated on the five key questions and Overall. About 2% of
providers are NHS trusts whose hospital locations are rated per core service; the rest are
care homes and clinics rated as a whole, as in CQC's real file where most of the roughly
250,000 rows belong to tens of thousands of adult social care locations. Every value is
synthetic; the same seed gives the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.ingest_files import (
    LOCATION_HEADINGS,
    PROVIDER_HEADINGS,
    SheetSpec,
    location_row,
    provider_row,
    readme_sheet,
    write_csv,
    write_ods_streamed,
    write_xlsx,
)

from carewatch.domain.ratings import CoreService

DOMAINS = ("Safe", "Effective", "Caring", "Responsive", "Well-led", "Overall")
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
RATING_WEIGHTS = (5, 70, 20, 3)  # roughly CQC's national spread of overall ratings
ACUTE_SERVICES = (
    "Urgent and emergency services",
    "Medical care (including older people's care)",
    "Surgery",
    "Critical care",
    "Maternity",
    "Services for children & young people",
    "End of life care",
    "Outpatients",
)
MENTAL_HEALTH_SERVICES = tuple(
    service.value
    for service in (
        CoreService.ACUTE_WARDS,
        CoreService.COMMUNITY_ADULTS,
        CoreService.CRISIS,
        CoreService.OLDER_PEOPLE_WARDS,
        CoreService.COMMUNITY_LEARNING_DISABILITY,
        CoreService.COMMUNITY_CHILDREN,
    )
)
REGIONS = ("East", "London", "Midlands", "North East", "North West", "South East", "South West")
FORMATS = ("xlsx", "csv", "ods")


def generate_latest_ratings(
    path: Path | str, rows: int = 250_000, fmt: str = "xlsx", *, seed: int = 2025
) -> Path:
    """Write a Latest-ratings file of exactly `rows` data rows (both sheets together) to `path`."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    path = Path(path)
    locations, providers = _rows(random.Random(seed), rows, providers_sheet=fmt != "csv")
    location_sheet = SheetSpec("Locations", LOCATION_HEADINGS, locations, [["Latest ratings"]])
    if fmt == "csv":
        return write_csv(path, location_sheet)
    sheets = [readme_sheet(), location_sheet, SheetSpec("Providers", PROVIDER_HEADINGS, providers)]
    return write_xlsx(path, sheets) if fmt == "xlsx" else write_ods_streamed(path, sheets)


def _rows(
    rng: random.Random, total: int, *, providers_sheet: bool
) -> tuple[list[list[Any]], list[list[Any]]]:
    locations: list[list[Any]] = []
    providers: list[list[Any]] = []
    provider_number = 0
    while len(locations) + len(providers) < total:
        provider_number += 1
        nhs = provider_number % 50 == 1
        provider_id = f"R{provider_number:04d}" if nhs else f"1-{100000000 + provider_number}"
        provider_name = f"Synthetic provider {provider_number}"
        region = rng.choice(REGIONS)
        if providers_sheet:
            for domain, rating, date in _ratings(rng):
                providers.append(
                    [
                        provider_row(
                            **{
                                "Provider ID": provider_id,
                                "Provider ODS Code": provider_id if nhs else "",
                                "Provider Name": provider_name,
                                "Provider Type": "NHS Healthcare Organisation"
                                if nhs
                                else "Social Care Org",
                                "Provider Region": region,
                                "Domain": domain,
                                "Latest Rating": rating,
                                "Publication Date": date,
                                "URL": f"https://www.cqc.org.uk/provider/{provider_id}",
                            }
                        ).get(heading, "")
                        for heading in PROVIDER_HEADINGS
                    ]
                )
        for location_number in range(rng.randint(3, 12) if nhs else rng.randint(1, 12)):
            location_id = (
                f"{provider_id}{location_number:02d}"
                if nhs
                else f"1-{2000000000 + provider_number * 20 + location_number}"
            )
            services = (
                ("Overall", *rng.sample(ACUTE_SERVICES + MENTAL_HEALTH_SERVICES, 6))
                if nhs
                else ("Overall",)
            )
            base = location_row(
                **{
                    "Location ID": location_id,
                    "Location ODS Code": location_id if nhs else "",
                    "Location Name": f"Synthetic location {location_id}",
                    "Care Home?": "N" if nhs else "Y",
                    "Location Type": "NHS Healthcare Organisation" if nhs else "Social Care Org",
                    "Location Primary Inspection Category": "Acute hospital - NHS non-specialist"
                    if nhs
                    else "Residential social care",
                    "Location Region": region,
                    "Inherited Rating (Y/N)": "Y" if rng.random() < 0.03 else "N",
                    "URL": f"https://www.cqc.org.uk/location/{location_id}",
                    "Provider ID": provider_id,
                    "Provider Name": provider_name,
                }
            )
            for service in services:
                for domain, rating, date in _ratings(rng):
                    row = {
                        **base,
                        "Service / Population Group": service,
                        "Domain": domain,
                        "Latest Rating": rating,
                        "Publication Date": date,
                    }
                    locations.append([row.get(heading, "") for heading in LOCATION_HEADINGS])
    excess = len(locations) + len(providers) - total
    del locations[len(locations) - excess :]
    return locations, providers


def _ratings(rng: random.Random) -> Iterator[tuple[str, str, dt.date]]:
    """Five key questions and Overall from one inspection, so they share a publication date."""
    date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    for domain in DOMAINS:
        yield domain, rng.choices(RATINGS, RATING_WEIGHTS)[0], date


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument("--format", choices=FORMATS, default=None)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    fmt = args.format or args.path.suffix.lstrip(".").lower()
    started = time.perf_counter()
    generate_latest_ratings(args.path, args.rows, fmt, seed=args.seed)
    print(f"wrote {args.rows} rows to {args.path} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
