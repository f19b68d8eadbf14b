"""Which kind of NHS trust a CQC primary inspection category names.

CQC files say what a provider mainly does through its primary inspection category, e.g.
"Mental health - community & residential - NHS" or "Acute hospital - NHS non-specialist"
(CQC syndication API `inspectionCategories[].name`; the "Latest ratings" file's
"Provider Primary Inspection Category"). carewatch groups trusts by `TrustType`.

>>> trust_type_for_category("Acute hospital - NHS specialist")
'acute_specialist'
>>> trust_type_for_category("Dentists") is None
True
"""

from __future__ import annotations

from carewatch.domain.ratings import TrustType, normalise_words

__all__ = ["trust_type_for_category"]

# Category name prefixes as CQC writes them (codes H1, H2, H6, H9... in the syndication API's
# inspectionCategories); the longer, more specific prefixes come first.
_PREFIXES: tuple[tuple[str, TrustType], ...] = (
    ("acute hospital nhs non specialist", TrustType.ACUTE),
    ("acute hospital nhs specialist", TrustType.ACUTE_SPECIALIST),
    ("mental health", TrustType.MENTAL_HEALTH),
    ("community health", TrustType.COMMUNITY),
    ("ambulance", TrustType.AMBULANCE),
)


def trust_type_for_category(category: str | None) -> str | None:
    """The `TrustType` value a primary inspection category implies, or None when it implies none.

    Matching ignores case, spaces, hyphens and punctuation such as "&".
    """
    if not category:
        return None
    words = normalise_words(category.replace("&", " "))
    for prefix, trust_type in _PREFIXES:
        if words.startswith(prefix):
            return trust_type.value
    return None
