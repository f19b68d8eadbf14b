"""The pages about the site (about, accessibility statement, glossary), linked from every
page's footer, and the words of other pages linked to their glossary entries."""

from __future__ import annotations

import re
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PAGES = (
    "/",
    "/trusts/RMY",
    "/trusts/RMY/improvement-plan",
    "/trusts/RMY/improvement-plan/actions/1",
    "/trusts/RMY/performance",
    "/trusts/RMY/enforcement/1",
    "/oversight/league-table",
    "/about",
)


def test_every_page_links_the_about_accessibility_and_glossary_pages(
    demo_client: TestClient,
) -> None:
    for path in ("/", "/rules", "/trusts/RMY"):
        footer = demo_client.get(path).text.split('<footer class="nhsuk-footer"')[1]
        for href in ("/about", "/accessibility", "/glossary"):
            assert f'href="{href}"' in footer, (path, href)


def test_about_says_who_runs_it_and_where_the_data_comes_from(demo_client: TestClient) -> None:
    html = demo_client.get("/about").text
    assert "not run by the NHS, NHS England or the Care Quality Commission" in html
    assert "Open Government Licence v3.0" in html
    assert "MIT licence" in html
    sources = html.split('id="sources"')[1].split("</table>")[0]
    assert "Care Quality Commission" in sources
    assert "NHS England" in sources


def test_the_accessibility_statement_has_the_parts_public_services_publish(
    demo_client: TestClient,
) -> None:
    html = demo_client.get("/accessibility").text
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h" in html, heading
    assert "Web Content Accessibility Guidelines version 2.2</a> AA" in html
    assert html.count("<li>", html.index('id="known-issues"')) >= 4


def test_the_glossary_page_holds_the_docs_words(demo_client: TestClient) -> None:
    html = demo_client.get("/glossary").text
    for anchor, word in (
        ("segment-nhs-oversight-framework", "Segment (NHS Oversight Framework)"),
        ("section-29a-warning-notice", "Section 29A warning notice"),
        ("rag-brag", "RAG (BRAG)"),
        ("spc-chart-xmr-chart", "SPC chart (XmR chart)"),
        ("ods-code", "ODS code"),
    ):
        row = html.split(f'id="{anchor}"')[1].split("</div>")[0]
        assert f">{word}</dt>" in row
    # Markdown is rendered, not shown: no ** or back-ticks reach the page.
    main = html.split('id="maincontent"')[1]
    assert "**" not in main
    assert "`" not in main


def test_each_term_link_of_a_page_reaches_an_entry_of_the_glossary(
    demo_client: TestClient,
) -> None:
    ids = set(re.findall(r'id="([^"]+)"', demo_client.get("/glossary").text))
    linked: set[str] = set()
    for path in PAGES:
        html = demo_client.get(path).text
        found = re.findall(r'class="cw-term" href="/glossary#([^"]+)"', html)
        assert found, path
        linked |= set(found)
    assert linked <= ids
    # The words the pages are known to need explaining are among them.
    assert {
        "segment-nhs-oversight-framework",
        "section-29a-warning-notice",
        "rag-brag",
        "spc-chart-xmr-chart",
        "ods-code",
    } <= linked
