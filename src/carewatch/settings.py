"""One settings object that picks the database, checked when carewatch starts.

>>> Settings.load(database_url="sqlite:///demo.db").database_url
'sqlite:///demo.db'

The database is chosen, in order, from an explicit value (the CLI's ``--db``), the
environment variable ``CAREWATCH_DATABASE_URL``, else ``sqlite:///carewatch.db`` in the
working directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DATABASE_URL_ENV", "DEFAULT_DATABASE_URL", "Settings"]

DATABASE_URL_ENV = "CAREWATCH_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///carewatch.db"


@dataclass(frozen=True)
class Settings:
    """Where carewatch keeps its data."""

    database_url: str = DEFAULT_DATABASE_URL

    @classmethod
    def load(
        cls,
        *,
        database_url: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """Settings from an explicit URL, else the environment, else the SQLite default.

        Blank values count as not given. `environ` defaults to the process environment.
        """
        env = os.environ if environ is None else environ
        for candidate in (database_url, env.get(DATABASE_URL_ENV)):
            if candidate is not None and candidate.strip():
                return cls(database_url=candidate.strip())
        return cls()
