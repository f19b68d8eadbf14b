"""The digest of what a write changed: the audit trail stores this, not the change itself,
so an event proves what was written without repeating what may be personal data.

>>> import hashlib
>>> digest_of({"to": "completed", "note": "Ward audit attached"}) == hashlib.sha256(
...     b'{"note":"Ward audit attached","to":"completed"}').hexdigest()
True
>>> digest_of({"b": 1, "a": 2}) == digest_of({"a": 2, "b": 1})
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["digest_of"]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):
        return _plain(value.value)  # an enum member
    return value


def digest_of(changes: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the changes as canonical JSON: keys sorted, no spaces, UTF-8."""
    text = json.dumps(_plain(changes), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
