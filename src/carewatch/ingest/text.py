"""The rules every reader applies to text it reads from a file: a length limit per field and
no control characters, so a file that breaks them is refused where it is read, naming the
file, row and field, before anything is stored.

The limits are the lengths of the columns the text is stored in (`carewatch.store.tables`;
a test checks that they agree). Text with no column length of its own is held to
`FREE_TEXT` characters.

>>> problem_with("Hellesdon Hospital", NAME) is None
True
>>> problem_with("A" * 301, NAME)
'is 301 characters long, more than the 300 allowed'
>>> problem_with("St\\x00 Ann's", NAME)
'holds a control character (U+0000), which is not allowed here'
>>> problem_with("first line\\nsecond line", FREE_TEXT, lines=True) is None
True

The message never quotes the text itself: it may be a patient's name or a free-text note.
"""

from __future__ import annotations

import re

__all__ = [
    "CATEGORY",
    "CODE",
    "FREE_TEXT",
    "ID",
    "LINK_ID",
    "NAME",
    "ODS_CODE",
    "SOURCE",
    "STATUS",
    "TYPE",
    "URL",
    "TextRefused",
    "checked",
    "problem_with",
]

ID = 40
"""A CQC provider or location id, a metric file's organisation code (`providers.provider_id`)."""
ODS_CODE = 20
"""An ODS code stated beside a CQC id (`providers.ods_code`)."""
CODE = 100
"""A CQC inspection area id (`core_services.service_id`)."""
LINK_ID = 100
"""A CQC report's link id (`reports.link_id`)."""
NAME = 300
"""A provider's, location's, service's or trust's name (`providers.name`, `ratings.service`)."""
TYPE = 100
"""A provider or location type, a region, a peer group (`providers.provider_type`)."""
CATEGORY = 200
"""A primary inspection category or a report type (`locations.primary_inspection_category`)."""
STATUS = 40
"""A registration status (`locations.registration_status`)."""
URL = 500
"""A web address (`reports.url`)."""
SOURCE = 500
"""Where a value came from, as a file states it (`metric_observations.source`)."""
FREE_TEXT = 10_000
"""The most any text read from a file may hold where its column sets no length."""

# C0 and C1 control characters (tab and newline apart, allowed where text may hold lines),
# and the lone surrogates JSON's \\ud800 escapes can produce, which no database can store.
_NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class TextRefused(ValueError):
    """Text that breaks a rule; the message says which, without quoting the text."""


def problem_with(text: str, limit: int, *, lines: bool = False) -> str | None:
    """What is wrong with `text` as a field of at most `limit` characters, or None.

    `lines`: the field may hold tabs and line breaks (a free-text note); otherwise any
    control character is refused.
    """
    if len(text) > limit:
        return f"is {len(text)} characters long, more than the {limit} allowed"
    found = (_NOT_IN_LINES if lines else _NOT_IN_A_LINE).search(text)
    if found is not None:
        return f"holds a control character (U+{ord(found.group()):04X}), which is not allowed here"
    return None


def checked(text: str, limit: int, *, lines: bool = False) -> str:
    """`text` itself when it keeps the rules of `problem_with`; else `TextRefused`."""
    problem = problem_with(text, limit, lines=lines)
    if problem is not None:
        raise TextRefused(problem)
    return text
