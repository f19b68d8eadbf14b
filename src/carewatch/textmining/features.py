"""Turning comments into numbers: TF-IDF weights of word and character n-grams.

Two blocks, each scaled to unit length and then set side by side:

- words and pairs of words (scikit-learn's tokens of two or more letters or digits);
- character 2- to 5-grams within word boundaries, which survive the misspellings and odd
  capitals of typed comments ("dIscussIons", "recieved") that word tokens miss.

Each keeps the n-grams seen in at least two training comments, weighs a count c as
1 + ln c (sublinear) and multiplies by the n-gram's inverse document frequency
(ln((1 + n) / (1 + df)) + 1, scikit-learn's smoothed form). The vocabularies and weights are
plain lists and arrays, so a trained model is stored without pickle and applied by
`transform` exactly as it was trained.

>>> f = fit_features(["the staff were kind", "kind staff", "the wait was long"])
>>> f.transform(["Kind   STAFF"]).shape == (1, f.size)
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

__all__ = ["TextFeatures", "clean", "fit_features"]

MIN_DF = 2
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)

_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Lower case, non-breaking spaces as spaces, every run of spaces one.

    >>> clean("  Very\\xa0GOOD\\n service ")
    'very good service'
    """
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip().lower()


def _word(vocabulary: Sequence[str] | None = None) -> dict[str, Any]:
    return {"ngram_range": WORD_NGRAMS, "lowercase": False, "vocabulary": vocabulary}


def _char(vocabulary: Sequence[str] | None = None) -> dict[str, Any]:
    return {
        "analyzer": "char_wb",
        "ngram_range": CHAR_NGRAMS,
        "lowercase": False,
        "vocabulary": vocabulary,
    }


class TextFeatures:
    """The fitted vocabularies and inverse document frequencies of both blocks."""

    __slots__ = ("_counters", "char_idf", "char_terms", "word_idf", "word_terms")

    def __init__(
        self,
        *,
        word_terms: Sequence[str],
        word_idf: npt.NDArray[np.float64],
        char_terms: Sequence[str],
        char_idf: npt.NDArray[np.float64],
    ) -> None:
        if len(word_terms) != len(word_idf) or len(char_terms) != len(char_idf):
            raise ValueError("each vocabulary needs one inverse document frequency a term")
        self.word_terms = tuple(word_terms)
        self.word_idf = np.asarray(word_idf, dtype=np.float64)
        self.char_terms = tuple(char_terms)
        self.char_idf = np.asarray(char_idf, dtype=np.float64)
        self._counters = (
            CountVectorizer(**_word(self.word_terms)),
            CountVectorizer(**_char(self.char_terms)),
        )

    @property
    def size(self) -> int:
        """How many numbers a comment becomes."""
        return len(self.word_terms) + len(self.char_terms)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The comments (cleaned here) as rows of TF-IDF weights, word block first."""
        cleaned = [clean(t) for t in texts]
        blocks = []
        for counter, idf in zip(self._counters, (self.word_idf, self.char_idf), strict=True):
            counts = counter.transform(cleaned).astype(np.float64).tocsr()
            np.log(counts.data, out=counts.data)
            counts.data += 1.0
            weighted = counts @ sp.diags(idf)
            blocks.append(normalize(weighted, norm="l2", copy=False))
        return sp.hstack(blocks, format="csr")


def fit_features(texts: Sequence[str]) -> TextFeatures:
    """Learn both vocabularies and their inverse document frequencies from `texts`."""
    cleaned = [clean(t) for t in texts]
    fitted = []
    for params in (_word(), _char()):
        vectorizer = TfidfVectorizer(min_df=MIN_DF, sublinear_tf=True, **params)
        vectorizer.fit(cleaned)
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        fitted.append((terms, vectorizer.idf_))
    (word_terms, word_idf), (char_terms, char_idf) = fitted
    return TextFeatures(
        word_terms=word_terms, word_idf=word_idf, char_terms=char_terms, char_idf=char_idf
    )
