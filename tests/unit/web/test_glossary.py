"""The glossary page's words, read from docs/glossary.md: every term found, named as the
pages name it, and its meaning rendered without letting the markdown write HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from carewatch.web.glossary import Term, UnknownTerm, find_term, glossary, parse_glossary

DOCS_GLOSSARY = Path(__file__).resolve().parents[3] / "docs" / "glossary.md"


def test_every_row_of_the_docs_glossary_is_a_term_on_the_page() -> None:
    rows = [line for line in DOCS_GLOSSARY.read_text().splitlines() if line.startswith("| **")]
    terms = [t for section in glossary() for t in section.terms]
    assert len(terms) == len(rows)
    assert [s.heading for s in glossary()] == [
        "Ratings, oversight, the plan and measures",
        "Access and audit",
        "Patient-safety incidents",
        "Feedback",
        "The overview",
        "Risks",
    ]


def test_every_term_has_an_anchor_of_its_own() -> None:
    anchors = [t.anchor for section in glossary() for t in section.terms]
    repeated = {a for a in anchors if anchors.count(a) > 1}
    # Two rows of the docs share a word ("Escalation" of a trust and of an action) only
    # where their words differ; none may share an id on the page.
    assert repeated == set()


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Segment", "Segment (NHS Oversight Framework)"),
        ("Section 29A warning notice", "Section 29A warning notice"),
        ("BRAG", "RAG (BRAG)"),
        ("rag", "RAG (BRAG)"),
        ("SPC chart", "SPC chart (XmR chart)"),
        ("XmR chart", "SPC chart (XmR chart)"),
        ("ODS code", "ODS code"),
        ("Making Data Count", "Making Data Count"),
        ("Overdue", "Overdue / due soon"),
    ],
)
def test_a_page_names_a_term_as_it_reads(name: str, word: str) -> None:
    assert find_term(name).word == word


def test_a_word_the_glossary_lacks_is_refused() -> None:
    with pytest.raises(UnknownTerm, match="no 'Wibble'"):
        find_term("Wibble")


def test_a_meaning_is_escaped_then_given_its_bold_code_and_links() -> None:
    term = Term(
        word="X",
        meaning="A <b>tag</b>, **bold**, `code`, [a doc](spc.md) and [NHS](https://www.nhs.uk/).",
        code="",
    )
    assert str(term.meaning_html()) == (
        "A &lt;b&gt;tag&lt;/b&gt;, <strong>bold</strong>, <code>code</code>, a doc and "
        '<a href="https://www.nhs.uk/">NHS</a>.'
    )


def test_a_link_address_cannot_break_out_of_its_attribute() -> None:
    term = Term(word="X", meaning='[x](https://a.example/"onmouseover="y)', code="")
    assert '"onmouseover' not in str(term.meaning_html())


def test_terms_before_the_first_heading_have_a_section_of_their_own() -> None:
    sections = parse_glossary("| **A** | one | `a` |\n## Later\n| **B** | two | `b` |\n")
    assert [(s.heading, [t.word for t in s.terms]) for s in sections] == [
        ("Ratings, oversight, the plan and measures", ["A"]),
        ("Later", ["B"]),
    ]
