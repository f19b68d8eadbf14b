"""The response cache on a small application of its own: identical misses computed once, a
client who goes stops work no one else waits for, only the query parameters a page reads
make a page of its own, and parameterised pages cannot push the plain ones out.

The application counts how often each route runs; the data version is a number the test
sets, as a service write would raise it.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

import httpx
from fastapi import FastAPI, Response
from starlette.types import Message

from carewatch.web.cache import ResponseCache, VersionClock


class Site:
    """A FastAPI app behind the cache, and how often each of its routes ran to the end."""

    def __init__(self, **bounds: int) -> None:
        self.version = 1
        self.started: Counter[str] = Counter()
        self.finished: Counter[str] = Counter()
        app = FastAPI()

        @app.get("/slow")
        async def slow(q: str | None = None, page: int = 1) -> dict[str, object]:
            self.started["slow"] += 1
            await asyncio.sleep(0.2)
            self.finished["slow"] += 1
            return {"q": q, "page": page, "version": self.version}

        @app.get("/page")
        async def page(q: str | None = None) -> dict[str, object]:
            self.finished["page"] += 1
            return {"q": q}

        @app.get("/cookie")
        async def cookie(response: Response) -> dict[str, str]:
            self.finished["cookie"] += 1
            flow = str(self.finished["cookie"])
            await asyncio.sleep(0.1)
            response.set_cookie("flow", flow)
            return {"flow": flow}

        self.cache = ResponseCache(app, version=lambda: self.version, staleness=0, **bounds)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.cache), base_url="http://testserver"
        )


def test_identical_concurrent_misses_run_the_route_once() -> None:
    site = Site()

    async def work() -> list[httpx.Response]:
        async with site.client() as client:
            return await asyncio.gather(*(client.get("/slow?q=a") for _ in range(20)))

    responses = asyncio.run(work())
    assert site.finished["slow"] == 1
    assert {r.status_code for r in responses} == {200}
    assert {r.text for r in responses} == {'{"q":"a","page":1,"version":1}'}
    assert len({r.headers["etag"] for r in responses}) == 1


def test_different_pages_are_not_merged() -> None:
    site = Site()

    async def work() -> list[httpx.Response]:
        async with site.client() as client:
            return await asyncio.gather(client.get("/slow?q=a"), client.get("/slow?q=b"))

    first, second = asyncio.run(work())
    assert site.finished["slow"] == 2
    assert first.json()["q"] == "a"
    assert second.json()["q"] == "b"


def test_a_response_with_a_cookie_is_neither_kept_nor_shared() -> None:
    site = Site()

    async def work() -> list[httpx.Response]:
        async with site.client() as client:
            return await asyncio.gather(*(client.get("/cookie") for _ in range(3)))

    responses = asyncio.run(work())
    assert site.finished["cookie"] == 3
    assert sorted(r.cookies["flow"] for r in responses) == ["1", "2", "3"]
    assert all("etag" not in r.headers for r in responses)


def test_a_write_leaves_old_entries_unreachable_without_emptying_the_cache() -> None:
    site = Site()

    async def work() -> tuple[dict[str, object], dict[str, object]]:
        async with site.client() as client:
            before = (await client.get("/slow")).json()
            site.version = 2
            after = (await client.get("/slow")).json()
            await client.get("/slow")
            return before, after

    before, after = asyncio.run(work())
    assert (before["version"], after["version"]) == (1, 2)
    assert site.finished["slow"] == 2
    assert len(site.cache.pages) == 2  # the old entry ages out; nothing was swept


def test_unknown_parameters_and_their_order_do_not_make_a_new_page() -> None:
    site = Site()
    urls = [
        "/slow?q=a&page=2",
        "/slow?page=2&q=a",
        "/slow?utm_source=mail&q=a&page=2",
        "/slow?q=a&page=2&fbclid=123&uncached=9",
    ]

    async def work() -> list[httpx.Response]:
        async with site.client() as client:
            return [await client.get(url) for url in urls]

    responses = asyncio.run(work())
    assert site.finished["slow"] == 1
    assert {r.text for r in responses} == {'{"q":"a","page":2,"version":1}'}


def test_a_page_with_only_unknown_parameters_is_the_plain_page() -> None:
    site = Site()

    async def work() -> list[httpx.Response]:
        async with site.client() as client:
            return [await client.get(url) for url in ("/page", "/page?utm_campaign=x")]

    plain, tracked = asyncio.run(work())
    assert site.finished["page"] == 1
    assert tracked.text == plain.text == '{"q":null}'


def test_a_flood_of_distinct_queries_does_not_evict_the_plain_pages() -> None:
    site = Site(max_entries=4, max_variants=4)

    async def work() -> None:
        async with site.client() as client:
            await client.get("/page")
            for n in range(50):
                await client.get(f"/page?q={n}")
            await client.get("/page")

    asyncio.run(work())
    assert site.finished["page"] == 1 + 50  # the plain page was answered from memory again
    assert len(site.cache.variants) == 4


async def _asgi_get(cache: ResponseCache, path: str, *, leave_after: float | None) -> list[Message]:
    """One GET straight through the ASGI interface; the client goes after `leave_after`
    seconds (never, when None). Returns what was sent to it."""
    sent: list[Message] = []
    asked = False

    async def receive() -> Message:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        if leave_after is None:
            await asyncio.Event().wait()
        await asyncio.sleep(leave_after)
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await cache(scope, receive, send)
    return sent


def test_a_miss_stops_when_its_only_client_goes() -> None:
    site = Site()

    async def work() -> list[Message]:
        sent = await _asgi_get(site.cache, "/slow", leave_after=0.05)
        await asyncio.sleep(0.4)  # long enough for the route to have finished, had it run on
        return sent

    sent = asyncio.run(work())
    assert sent == []
    assert site.started["slow"] == 1
    assert site.finished["slow"] == 0
    assert site.cache.flights == {}


def test_a_miss_goes_on_for_those_still_waiting_when_its_first_client_goes() -> None:
    site = Site()

    async def work() -> tuple[list[Message], list[Message], list[Message]]:
        gone, waiting = await asyncio.gather(
            _asgi_get(site.cache, "/slow", leave_after=0.05),
            _asgi_get(site.cache, "/slow", leave_after=None),
        )
        later = await _asgi_get(site.cache, "/slow", leave_after=None)
        return gone, waiting, later

    gone, waiting, later = asyncio.run(work())
    assert gone == []
    assert waiting[0]["status"] == 200
    assert waiting[1]["body"] == b'{"q":null,"page":1,"version":1}'
    assert later[1]["body"] == waiting[1]["body"]
    assert site.finished["slow"] == 1  # computed once, kept for the next client


def test_the_version_is_read_off_the_event_loop_at_most_once_a_window() -> None:
    readers: list[int] = []
    now = [100.0]

    def read() -> int:
        readers.append(threading.get_ident())
        return 7

    clock = VersionClock(read, staleness=1.0, now=lambda: now[0])

    async def work() -> tuple[list[int], int]:
        loop_thread = threading.get_ident()
        versions = list(await asyncio.gather(*(clock.current() for _ in range(10))))
        now[0] += 0.5
        versions.append(await clock.current())
        now[0] += 0.6
        versions.append(await clock.current())
        return versions, loop_thread

    versions, loop_thread = asyncio.run(work())
    assert versions == [7] * 12
    assert len(readers) == 2  # once at first, once when the window had passed
    assert loop_thread not in readers


def test_expiring_the_clock_reads_again_at_once() -> None:
    values = iter([1, 2])
    clock = VersionClock(lambda: next(values), staleness=60.0)

    async def work() -> list[int]:
        first = await clock.current()
        same = await clock.current()
        clock.expire()
        return [first, same, await clock.current()]

    assert asyncio.run(work()) == [1, 1, 2]
