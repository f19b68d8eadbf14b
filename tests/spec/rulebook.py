"""Read the spec tests' rulebook tables.

A table is Markdown: a header row, a separator row, then one row per case. Ratings are
written as CQC writes them or abbreviated: O Outstanding, G Good, RI Requires improvement,
I Inadequate, NR Not rated, NPR No published rating, IE Insufficient evidence to rate.
"""

from __future__ import annotations

from carewatch.domain.ratings import PublishedRating, parse_published_rating

ABBREVIATIONS = {
    "O": "Outstanding",
    "G": "Good",
    "RI": "Requires improvement",
    "I": "Inadequate",
    "NR": "Not rated",
    "NPR": "No published rating",
    "IE": "Insufficient evidence to rate",
}


def rows(table: str) -> list[dict[str, str]]:
    """The rows of a Markdown table as dicts keyed by the header."""
    lines = [line.strip() for line in table.strip().splitlines() if line.strip()]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    out = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        out.append(dict(zip(header, cells, strict=True)))
    return out


def rating(word: str) -> PublishedRating:
    word = word.strip()
    return parse_published_rating(ABBREVIATIONS.get(word, word))


def ratings(cell: str) -> list[PublishedRating]:
    """'3 G, 2 RI' or 'G, G, RI' → a list of ratings."""
    out: list[PublishedRating] = []
    for part in cell.split(","):
        part = part.strip()
        count, _, word = part.partition(" ")
        if count.isdigit() and word:
            out.extend([rating(word)] * int(count))
        else:
            out.append(rating(part))
    return out
