"""The glossary page's words, read from docs/glossary.md (shipped with the package as
web/glossary.md, a link to it): one list of words for the docs, the code and the pages.

The markdown's tables are read once, when first asked for: each row a term (its word in
bold), its meaning and where it is in the code, under the heading of its section. A page
links a word to its entry with the `term` template global, which refuses a word the
glossary does not hold, so a page never links to an entry that is not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from markupsafe import Markup, escape

__all__ = [
    "Section",
    "Term",
    "UnknownTerm",
    "find_term",
    "glossary",
    "parse_glossary",
    "term_link",
]

FIRST_SECTION = "Ratings, oversight, the plan and measures"
"""The heading of the terms before the glossary's first heading of its own."""

_ROW = re.compile(r"^\|\s*\*\*(?P<word>[^*]+)\*\*\s*\|(?P<meaning>.*)\|(?P<code>.*)\|\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_CODE = re.compile(r"`([^`]+)`")


class UnknownTerm(LookupError):
    """A page asked to link a word the glossary does not define."""


@dataclass(frozen=True)
class Term:
    """One entry: the word as the glossary writes it, its meaning (markdown) and the names
    the code gives it."""

    word: str
    meaning: str
    code: str

    @property
    def anchor(self) -> str:
        """The entry's id on the glossary page.

        >>> Term("Segment (NHS Oversight Framework)", "", "").anchor
        'segment-nhs-oversight-framework'
        """
        return re.sub(r"[^a-z0-9]+", "-", self.word.lower()).strip("-")

    @property
    def names(self) -> frozenset[str]:
        """The ways a page may name the entry: the word, the word before its brackets, what
        is in the brackets, and each of several words given together ("X / Y", "X, Y").

        >>> sorted(Term("RAG (BRAG)", "", "").names)
        ['brag', 'rag', 'rag (brag)']
        """
        word = self.word.lower()
        names = {word}
        if match := re.fullmatch(r"(.+?)\s*\((.+)\)", word):
            names |= {match.group(1).strip(), match.group(2).strip()}
        for part in re.split(r"\s*/\s*|,\s*", word):
            names.add(part.strip())
        return frozenset(n for n in names if n)

    def meaning_html(self) -> Markup:
        """The meaning with its markdown's bold, code and links as HTML. A link to another
        file of the docs (a relative address) is shown as its words: the site does not
        serve the docs."""
        text = str(escape(self.meaning))
        text = _CODE.sub(r"<code>\1</code>", text)
        text = _BOLD.sub(r"<strong>\1</strong>", text)

        def link(match: re.Match[str]) -> str:
            words, href = match.group(1), match.group(2)
            if href.startswith(("https://", "http://")):
                return f'<a href="{href}">{words}</a>'
            return words

        return Markup(_LINK.sub(link, text))


@dataclass(frozen=True)
class Section:
    """A heading of the glossary and the terms under it, in the glossary's order."""

    heading: str
    terms: tuple[Term, ...]

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")


def parse_glossary(markdown: str) -> tuple[Section, ...]:
    """The sections and terms of the glossary's markdown tables.

    >>> parse_glossary('''# Glossary
    ... | word | meaning | in the code |
    ... |---|---|---|
    ... | **Stale** | Older than CQC's interval. | `Cell.stale` |
    ... ## Access
    ... | **Role** | What a user may do. | `Role` |''')[1].terms[0].word
    'Role'
    """
    sections: list[Section] = []
    heading = FIRST_SECTION
    terms: list[Term] = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            if terms:
                sections.append(Section(heading, tuple(terms)))
            heading, terms = line[3:].strip(), []
        elif match := _ROW.match(line):
            terms.append(
                Term(
                    word=match.group("word").strip(),
                    meaning=match.group("meaning").strip(),
                    code=match.group("code").strip(),
                )
            )
    if terms:
        sections.append(Section(heading, tuple(terms)))
    return tuple(sections)


@cache
def glossary() -> tuple[Section, ...]:
    """The glossary the package ships, read once."""
    text = resources.files("carewatch.web").joinpath("glossary.md").read_text(encoding="utf-8")
    return parse_glossary(text)


def find_term(name: str) -> Term:
    """The entry a page names by `name` (any of its `names`, in any case); `UnknownTerm`
    when the glossary has none.

    >>> find_term("BRAG").word
    'RAG (BRAG)'
    """
    wanted = " ".join(name.lower().split())
    for section in glossary():
        for term in section.terms:
            if wanted in term.names:
                return term
    raise UnknownTerm(f"the glossary (docs/glossary.md) defines no {name!r}")


def term_link(name: str, text: str | None = None) -> Markup:
    """A link from a page's word (`text`, else `name`) to its glossary entry; the template
    global `term`."""
    entry = find_term(name)
    words = name if text is None else text
    return Markup('<a class="cw-term" href="/glossary#{}">{}</a>').format(entry.anchor, words)
