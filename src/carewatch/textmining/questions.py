"""The FFT question a comment answers, as one of three types: what was good, what could
improve, or neither.

Trusts word the follow-up question their own way; pxtextmining maps each wording to these
three types (`q_map` in `pxtextmining/params.py`) and gives the type to its models, because
the same words mean different things under different questions: "Nothing" answers "What
could we do better?" with praise and "What was good?" with a complaint. The wordings it lists
are kept here; another wording is typed by its words ("good" → what_good, "improve" or
"better" → could_improve), and no question at all is nonspecific.

>>> question_type("What could we do better?"), question_type("What was good?")
('could_improve', 'what_good')
>>> question_type("FFT Why?"), question_type(None)
('nonspecific', 'nonspecific')
>>> question_type("Is there anything that would have made your visit better?")
'could_improve'
"""

from __future__ import annotations

import re

__all__ = ["QUESTION_TYPES", "question_type"]

QUESTION_TYPES = ("could_improve", "what_good", "nonspecific")

_SPACES = re.compile(r"\s+")

# pxtextmining's q_map (params.py, commit 517b3e9), its keys with spaces made single.
_KNOWN = {
    "please tell us why": "nonspecific",
    "please tells us why you gave this answer?": "nonspecific",
    "fft why?": "nonspecific",
    "what was good?": "what_good",
    "is there anything we could have done better?": "could_improve",
    "how could we improve?": "could_improve",
    "what could we do better?": "could_improve",
    "please can you tell us why you gave your answer and what we could have done better?": (
        "nonspecific"
    ),
    "please describe any things about the 111 service that you were particularly satisfied "
    "and/or dissatisfied with": "nonspecific",
    "nonspecific": "nonspecific",
}


def question_type(question: str | None) -> str:
    """The type of the FFT question `question`: could_improve, what_good or nonspecific."""
    if question is None:
        return "nonspecific"
    key = _SPACES.sub(" ", question.replace("\xa0", " ")).strip().casefold()
    if key in _KNOWN:
        return _KNOWN[key]
    if "improve" in key or "better" in key:
        return "could_improve"
    if "good" in key:
        return "what_good"
    return "nonspecific"
