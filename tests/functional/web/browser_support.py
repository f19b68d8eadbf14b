"""What the browser tests share: the app served by uvicorn on a free local port, axe-core
checks and screenshots. The `browser` and `page` fixtures are in conftest.py.

Screenshots and printed PDFs are for a person to look at, and no assertion reads them: they
are written under test-artifacts/web/ only when `CAREWATCH_SCREENSHOTS` is set (`make
screenshots`), which keeps `make test` from spending a quarter of its browser time encoding
pictures nobody opens."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from carewatch.web.app import STATIC_DIR, create_app

CHROMIUM = Path("/usr/bin/chromium")
AXE = STATIC_DIR / "vendor" / "axe" / "axe.min.js"
ARTIFACTS = Path(__file__).parents[3] / "test-artifacts" / "web"
SCREENSHOTS = "CAREWATCH_SCREENSHOTS"


def keep_pictures() -> bool:
    """Whether this run saves screenshots and printed PDFs (`CAREWATCH_SCREENSHOTS` set)."""
    return bool(os.environ.get(SCREENSHOTS, "").strip())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(database_url: str, **settings: Any) -> Iterator[str]:
    """Serve the app on `database_url` in a thread, built with `settings` (create_app's
    keywords); yield its base URL."""
    port = free_port()
    app = create_app(database_url=database_url, **settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 10 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious or critical accessibility violations axe-core finds on the page."""
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")
    result = page.evaluate("async () => await axe.run(document)")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def screenshot(page: Any, name: str) -> None:
    """Save the whole page, and what fits in the window (readable at full size), when this
    run keeps pictures."""
    if not keep_pictures():
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-viewport.png"))
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
