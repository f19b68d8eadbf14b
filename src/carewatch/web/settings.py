"""The web layer's settings: the hosts the site answers to, how often one client may ask,
whether every response asks browsers to use HTTPS only (HSTS), and how long the public's
response cache trusts the data version it last read. Read from the environment
when the app is built and checked then, so a bad value stops the server from starting.

| variable | default | meaning |
|---|---|---|
| `CAREWATCH_ALLOWED_HOSTS` | (none) | more host names the site answers to, comma-separated |
| `CAREWATCH_RATE_LIMIT` | `300/minute` | requests of any kind, per client address |
| `CAREWATCH_RATE_LIMIT_SIGN_IN` | `10/minute` | sign-in posts, per client address |
| `CAREWATCH_RATE_LIMIT_API_WRITES` | `60/minute` | API POST, PUT, PATCH, DELETE, per address |
| `CAREWATCH_HSTS` | `off` | `on`: send Strict-Transport-Security on every response |
| `CAREWATCH_CACHE_STALENESS_MS` | `1000` | ms a process trusts the data version it read |
| `CAREWATCH_RESPONSE_CACHE` | `on` | `off`: render every public page from the database |

The site always answers to the loopback names (localhost, 127.0.0.1, [::1]); `carewatch
serve` adds the address it listens on and each `--allowed-host`. Any other `Host` is
answered 400 before anything else runs.

>>> settings = WebSettings.load(environ={"CAREWATCH_ALLOWED_HOSTS": "Carewatch.Example.org"})
>>> settings.allowed_hosts
('localhost', '127.0.0.1', '[::1]', 'carewatch.example.org')
>>> settings.rate_limits.sign_in, settings.hsts, settings.cache_staleness, settings.response_cache
('10/minute', False, 1.0, True)
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from limits import parse

from carewatch.web.cache import STALENESS_S

__all__ = [
    "ALLOWED_HOSTS_ENV",
    "API_WRITE_RATE_LIMIT_ENV",
    "CACHE_STALENESS_ENV",
    "HSTS_ENV",
    "LOOPBACK_HOSTS",
    "RATE_LIMIT_ENV",
    "RESPONSE_CACHE_ENV",
    "SIGN_IN_RATE_LIMIT_ENV",
    "RateLimits",
    "WebSettingError",
    "WebSettings",
    "host_name",
    "hosts_for",
]

ALLOWED_HOSTS_ENV = "CAREWATCH_ALLOWED_HOSTS"
RATE_LIMIT_ENV = "CAREWATCH_RATE_LIMIT"
SIGN_IN_RATE_LIMIT_ENV = "CAREWATCH_RATE_LIMIT_SIGN_IN"
API_WRITE_RATE_LIMIT_ENV = "CAREWATCH_RATE_LIMIT_API_WRITES"
HSTS_ENV = "CAREWATCH_HSTS"
CACHE_STALENESS_ENV = "CAREWATCH_CACHE_STALENESS_MS"
RESPONSE_CACHE_ENV = "CAREWATCH_RESPONSE_CACHE"
MAX_CACHE_STALENESS_MS = 60_000

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
"""Names of this machine: a page on another site cannot make a browser send one of these as
the Host of a request to a name it controls, so they are always allowed."""

_ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_NAME = re.compile(rf"(\*\.)?{_LABEL}(\.{_LABEL})*")


class WebSettingError(ValueError):
    """A web setting that carewatch cannot use; the message names the setting and why."""


def host_name(text: str) -> str:
    """`text` as a host the site answers to: a name (lower case; `*.example.org` for every
    name under it), an IPv4 address or a bracketed IPv6 address; no scheme, port or path.

    >>> host_name("CareWatch.example.org"), host_name("::1"), host_name("*.nhs.example")
    ('carewatch.example.org', '[::1]', '*.nhs.example')
    >>> host_name("http://evil.example")
    Traceback (most recent call last):
    ...
    carewatch.web.settings.WebSettingError: 'http://evil.example' is not a host name or address
    """
    value = text.strip().lower()
    bare = value[1:-1] if value.startswith("[") and value.endswith("]") else value
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        if bare == value and len(value) <= 253 and _NAME.fullmatch(value):
            return value
        raise WebSettingError(f"{text!r} is not a host name or address") from None
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


def hosts_for(bind: str | None, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The hosts a server bound to `bind` answers to: the loopback names, `bind` itself
    unless it is every address (0.0.0.0 or ::), and `extra`, without repeats.

    >>> hosts_for("10.0.0.5", ["carewatch.example.org"])
    ('localhost', '127.0.0.1', '[::1]', '10.0.0.5', 'carewatch.example.org')
    >>> hosts_for("0.0.0.0")
    ('localhost', '127.0.0.1', '[::1]')
    """
    found = list(LOOPBACK_HOSTS)
    named = [] if bind is None or bind.strip() in _ANY_ADDRESS else [bind]
    for host in (*named, *extra):
        name = host_name(host)
        if name not in found:
            found.append(name)
    return tuple(found)


def _limit(value: str, variable: str) -> str:
    text = value.strip()
    try:
        amount = parse(text).amount
    except ValueError:
        amount = 0
    if amount < 1:
        raise WebSettingError(
            f"{variable}: {value!r} is not a rate such as 10/minute or 300 per hour"
        )
    return text


@dataclass(frozen=True)
class RateLimits:
    """How often one client address may ask, each as `limits`' notation ("10/minute").

    >>> RateLimits(sign_in="3 per hour").sign_in
    '3 per hour'
    """

    general: str = "300/minute"
    sign_in: str = "10/minute"
    api_writes: str = "60/minute"

    def __post_init__(self) -> None:
        _limit(self.general, RATE_LIMIT_ENV)
        _limit(self.sign_in, SIGN_IN_RATE_LIMIT_ENV)
        _limit(self.api_writes, API_WRITE_RATE_LIMIT_ENV)


def _switch(value: str, variable: str) -> bool:
    word = value.strip().lower()
    if word in {"on", "true", "1", "yes"}:
        return True
    if word in {"off", "false", "0", "no", ""}:
        return False
    raise WebSettingError(f"{variable}: {value!r} is neither on nor off")


def _staleness(value: str) -> float:
    """Seconds, from a whole number of milliseconds (blank: `STALENESS_S`)."""
    text = value.strip()
    if not text:
        return STALENESS_S
    if not text.isdigit() or int(text) > MAX_CACHE_STALENESS_MS:
        raise WebSettingError(
            f"{CACHE_STALENESS_ENV}: {value!r} is not a whole number of milliseconds "
            f"from 0 to {MAX_CACHE_STALENESS_MS}"
        )
    return int(text) / 1000


@dataclass(frozen=True)
class WebSettings:
    """The hosts, rate limits, HSTS switch and cache staleness one app is built with."""

    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    rate_limits: RateLimits = field(default_factory=RateLimits)
    hsts: bool = False
    cache_staleness: float = STALENESS_S
    response_cache: bool = True

    @classmethod
    def load(
        cls, *, environ: Mapping[str, str] | None = None, bind: str | None = None
    ) -> WebSettings:
        """Settings from the environment (`environ`, default the process's), for a server
        bound to `bind` when known. Raises `WebSettingError` naming a bad value."""
        env = os.environ if environ is None else environ
        configured = [h for h in env.get(ALLOWED_HOSTS_ENV, "").split(",") if h.strip()]
        defaults = RateLimits()
        limits = RateLimits(
            general=env.get(RATE_LIMIT_ENV, "").strip() or defaults.general,
            sign_in=env.get(SIGN_IN_RATE_LIMIT_ENV, "").strip() or defaults.sign_in,
            api_writes=env.get(API_WRITE_RATE_LIMIT_ENV, "").strip() or defaults.api_writes,
        )
        return cls(
            allowed_hosts=hosts_for(bind, configured),
            rate_limits=limits,
            hsts=_switch(env.get(HSTS_ENV, ""), HSTS_ENV),
            cache_staleness=_staleness(env.get(CACHE_STALENESS_ENV, "")),
            response_cache=_switch(env.get(RESPONSE_CACHE_ENV, "on") or "on", RESPONSE_CACHE_ENV),
        )
