"""The data pages on the worked example, through the test client, on SQLite and PostgreSQL.

Expected values come from the worked example's own facts (carewatch.demo.nsft and the
synthetic trusts' generated reports), never from the pages' code.
"""

from __future__ import annotations

import datetime as dt
import re

from starlette.testclient import TestClient

from carewatch.demo import nsft, synthetic
from carewatch.ingest.records import ImportBatch, ProviderRecord
from carewatch.services.ratings import import_batch, record_location, record_rating
from carewatch.store.database import Database
from tests.actors import OPERATOR

SYNTHETIC_OVERALL = {
    t.provider_id: synthetic.synthetic_reports(t)[-1].overall for t in synthetic.TRUSTS
}
NSFT_RATED = [r for r in nsft.REPORTS if r.overall or r.key_questions]  # trust-level reports


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_home_counts_trusts_by_current_overall_rating_in_words(demo_client: TestClient) -> None:
    response = demo_client.get("/")
    assert response.status_code == 200
    text = _text(response.text)
    overall = [*SYNTHETIC_OVERALL.values(), "Requires improvement"]  # RMY: RI, 23 Feb 2023
    labels = [getattr(r, "label", r) for r in overall]
    assert "7 trusts in total" in text
    for word in ("Outstanding", "Good", "Requires improvement", "Inadequate"):
        count = labels.count(word)
        if count == 0:
            assert f"0 {word}" in text
            continue
        assert (
            f"{count} {word} : show {count} trust{'' if count == 1 else 's'} rated {word}" in text
        )


def test_home_lists_every_trust_with_link_code_type_region_and_dated_rating(
    demo_client: TestClient,
) -> None:
    page = demo_client.get("/").text
    rows = re.findall(r'<tr class="nhsuk-table__row">\s*<th scope="row".*?</tr>', page, re.S)
    assert len(rows) == 7
    rmy = next(_text(r) for r in rows if 'href="/trusts/RMY"' in r)
    assert " ".join(rmy.split()) == (
        "Norfolk and Suffolk NHS Foundation Trust RMY Mental health East of England "
        "Requires improvement Published 23 February 2023"
    )
    synthetic_rows = [r for r in rows if "Synthetic" in r]
    assert len(synthetic_rows) == len(synthetic.TRUSTS)
    assert all("(synthetic)" in _text(r) for r in synthetic_rows)
    assert "Synthetic" not in rmy


def test_home_form_is_a_labelled_get_form(demo_client: TestClient) -> None:
    page = demo_client.get("/").text
    assert re.search(r'<form method="get" action="/#trusts"', page)
    for control in ("q", "trust_type", "region", "rating"):
        assert f'<label class="nhsuk-label" for="{control}">' in page
        assert f'id="{control}" name="{control}"' in page
    for trust in synthetic.TRUSTS:
        assert f'<option value="{trust.region}">' in page


def test_search_by_name_or_ods_code(demo_client: TestClient) -> None:
    for query in ("Norfolk", "norfolk and suffolk", "rmy"):
        page = demo_client.get("/", params={"q": query}).text
        assert re.findall(r'href="/trusts/([^"]+)"', page) == ["RMY"], query
        assert f'value="{query}"' in page  # the search box keeps what was typed


def test_filters_combine_and_blank_choices_mean_any(demo_client: TestClient) -> None:
    page = demo_client.get(
        "/", params={"q": "", "trust_type": "", "region": "london", "rating": ""}
    ).text
    assert re.findall(r'href="/trusts/([^"]+)"', page) == ["SYN02"]
    good = [pid for pid, r in SYNTHETIC_OVERALL.items() if r.label == "Good"]
    page = demo_client.get("/", params={"rating": "Good", "trust_type": "mental_health"}).text
    assert sorted(re.findall(r'href="/trusts/([^"]+)"', page)) == sorted(good)
    assert '<option value="Good" selected>' in page


def test_no_match_says_so_and_offers_to_clear(demo_client: TestClient) -> None:
    page = demo_client.get("/", params={"trust_type": "ambulance"}).text
    assert "No trusts match" in page
    assert 'href="/#trusts">clear the search and filters' in page


def test_invalid_filter_is_a_422_page_naming_the_field(demo_client: TestClient) -> None:
    response = demo_client.get("/", params={"rating": "Brilliant"})
    assert response.status_code == 422
    assert "There is a problem with what was sent" in response.text
    assert "Input should be" in response.text


def test_more_than_fifty_trusts_are_paged(demo_db: Database, demo_client: TestClient) -> None:
    extra = tuple(
        ProviderRecord(f"ZZ{i:03d}", f"Zulu Test NHS Trust {i:03d}", "NHS Healthcare Organisation")
        for i in range(60)
    )
    import_batch(
        db=demo_db,
        batch=ImportBatch(source="test", kind="test", sha256="", providers=extra),
        actor=OPERATOR,
    )
    first = demo_client.get("/").text
    assert "Showing 1 to 50 of 67 trusts" in _text(first)
    assert 'href="/?page=2#trusts"' in first
    assert "Previous" not in first
    second = _text(demo_client.get("/", params={"page": 2}).text)
    assert "Showing 51 to 67 of 67 trusts" in second
    assert "Zulu Test NHS Trust 059" in second
    assert "Page 1 of 2" in second
    assert "Next" not in second
    searched = demo_client.get("/", params={"q": "zulu", "page": 2}).text
    assert 'href="/?q=zulu&amp;page=1#trusts"' in searched


def test_trust_page_summary_grid_and_links(demo_client: TestClient) -> None:
    response = demo_client.get("/trusts/RMY")
    assert response.status_code == 200
    page = response.text
    text = _text(page)
    assert "<h1>Norfolk and Suffolk NHS Foundation Trust</h1>" in page
    assert "Rated Requires improvement overall, published 23 February 2023." in text
    assert "Mental health" in text
    assert "East of England" in text
    assert 'href="/trusts/RMY/history"' in page
    assert 'href="/trusts/RMY/locations"' in page
    headers = re.findall(r'<th scope="col" class="nhsuk-table__header">([^<]+)</th>', page)
    assert headers == [
        "Core service",
        "Safe",
        "Effective",
        "Caring",
        "Responsive",
        "Well-led",
        "Overall",
    ]
    # Every core service CQC rated for the trust is a row, then the trust row.
    for service in (nsft.ACUTE_WARDS, nsft.COMMUNITY_ADULTS, nsft.CRISIS, nsft.REHAB):
        assert f'<th scope="row" class="nhsuk-table__header">{service}</th>' in page
    trust_row = page[page.index('cw-grid__trust"') :]
    trust_row = trust_row[: trust_row.index("</tr>")]
    cells = re.findall(r'<td class="nhsuk-table__cell">(.*?)</td>', trust_row, re.S)
    assert len(cells) == 6
    effective = _text(cells[1])
    # Published Requires improvement; the rules propose Good from the two Good services rated
    # since, and gave Requires improvement from the ratings of the time: not a departure.
    assert "Requires improvement" in effective
    assert "Departs from the rules" not in effective
    assert "Newer ratings beneath" in effective
    assert "give Requires improvement, as published: it does not depart from the rules" in effective
    assert "The rules propose Good" in effective
    assert "Rule: nhs-trust-2022 G" in effective
    # Both services were rated Good in August 2025, after the trust's 2023 rating.
    assert "In detail: 2 of the 2 underlying ratings are dated after" in effective
    caring = _text(cells[2])
    assert "Good Rated 23 February 2023" in caring
    assert "Departs" not in caring
    assert "How this rating was reached" in caring
    # Each cell links to the report its rating came from.
    report_2023 = next(r for r in nsft.REPORTS if r.published == dt.date(2023, 2, 23))
    assert f'href="{report_2023.source}"' in cells[5]


def test_a_recorded_rationale_is_shown_with_the_departure(
    demo_db: Database, demo_client: TestClient
) -> None:
    record_rating(
        db=demo_db,
        provider_id="RMY",
        aspect="effective",
        rating="Requires improvement",
        rating_date=dt.date(2023, 2, 23),
        report_link_id="RMY-2023-02",
        rationale="Inspectors judged the services not inspected in 2022 still to need improvement",
        actor=OPERATOR,
    )
    text = _text(demo_client.get("/trusts/RMY").text)
    assert (
        "Recorded rationale: Inspectors judged the services not inspected in 2022 still to "
        "need improvement"
    ) in text


def test_synthetic_trust_page_is_labelled(demo_client: TestClient) -> None:
    page = demo_client.get("/trusts/SYN01").text
    assert "Synthetic trust" in page
    assert "They are not CQC&#39;s." in page or "They are not CQC's." in page


def test_history_lists_every_report_newest_first_with_a_chart(demo_client: TestClient) -> None:
    response = demo_client.get("/trusts/RMY/history")
    assert response.status_code == 200
    page = response.text
    timeline = page[
        page.index('<ol class="cw-timeline"') : page.index("</ol>", page.index("cw-timeline"))
    ]
    dates = re.findall(r'<time datetime="([\d-]+)">', timeline)
    # Every report, including those that rated only core services.
    assert dates == sorted((r.published.isoformat() for r in nsft.REPORTS), reverse=True)
    items = timeline.split('<li class="cw-timeline__item">')[1:]
    first = _text(items[0])
    assert "22 October 2025" in first
    assert "Not rated in this report" in first
    assert "Well-led Requires improvement" in first
    feb_2015 = _text(items[-1])
    assert feb_2015.split()[:3] == ["4", "February", "2015"]
    assert "Overall Inadequate Safe Inadequate Effective Requires improvement" in feb_2015
    # The chart: an image with a title and description, four labelled bands, years below.
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-title chart-desc"' in svg
    assert (
        '<title id="chart-title">Overall rating of Norfolk and Suffolk NHS Foundation Trust '
        "over time</title>" in svg
    )
    for band in ("Outstanding", "Good", "Requires improvement", "Inadequate"):
        assert f">{band}</text>" in svg
    assert ">2015</text>" in svg
    assert ">2023</text>" in svg
    overall = [r for r in NSFT_RATED if r.overall]
    assert svg.count("<circle") == len(overall)
    desc = _text(svg[svg.index("<desc") : svg.index("</desc>")])
    assert desc.strip().startswith(
        "Inadequate from 4 February 2015; Requires improvement from 1 October 2016;"
    )
    # The same data as a table.
    table = page[page.index("The chart as a table") :]
    rows = re.findall(r'<time datetime="([\d-]+)">', table[: table.index("</table>")])
    assert rows == [r.published.isoformat() for r in overall]


def _add_location(db: Database) -> None:
    record_location(
        db=db,
        location_id="1-TEST01",
        provider_id="RMY",
        name="Hellesdon Hospital (test)",
        registration_status="Registered",
        actor=OPERATOR,
    )
    for aspect, rating in (("overall", "Good"), ("safe", "Requires improvement")):
        record_rating(
            db=db,
            provider_id="RMY",
            location_id="1-TEST01",
            aspect=aspect,
            rating=rating,
            rating_date=dt.date(2023, 2, 23),
            actor=OPERATOR,
        )
    record_rating(
        db=db,
        provider_id="RMY",
        location_id="1-TEST01",
        service=nsft.ACUTE_WARDS,
        aspect="safe",
        rating="Inadequate",
        rating_date=dt.date(2023, 2, 23),
        actor=OPERATOR,
    )


def test_locations_of_a_trust_and_a_location_page(
    demo_db: Database, demo_client: TestClient
) -> None:
    empty = _text(demo_client.get("/trusts/RMY/locations").text)
    assert "No locations of this trust are recorded." in empty
    _add_location(demo_db)
    page = demo_client.get("/trusts/RMY/locations").text
    assert 'href="/locations/1-TEST01"' in page
    assert "Hellesdon Hospital (test) 1-TEST01 Registered Good Published 23 February 2023" in _text(
        page
    )
    location = demo_client.get("/locations/1-TEST01")
    assert location.status_code == 200
    text = _text(location.text)
    assert "Rated Good overall, published 23 February 2023." in text
    assert f"{nsft.ACUTE_WARDS} Inadequate Rated 23 February 2023" in text
    # A trust's id is not a location.
    assert demo_client.get("/locations/RMY").status_code == 404


def test_unknown_ids_are_design_system_404_pages(demo_client: TestClient) -> None:
    for path in (
        "/trusts/NOPE",
        "/trusts/NOPE/history",
        "/trusts/NOPE/locations",
        "/locations/1-NOPE",
        "/trusts/%00",
        "/trusts/" + "X" * 200,
    ):
        response = demo_client.get(path)
        assert response.status_code == 404, path
        assert "<h1>Page not found</h1>" in response.text
