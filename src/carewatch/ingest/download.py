"""Download CQC's monthly "Latest ratings" file to a folder, ready for `read_cqc_ratings`.

CQC links the current file from https://www.cqc.org.uk/about-us/transparency/using-cqc-data
(reference §10.2-10.3). The download is streamed to a temporary file in the destination
folder and renamed into place only when complete, so a failed download never leaves a partial
file under the real name.

    >>> download_latest_ratings(url, Path("downloads"))  # doctest: +SKIP
    PosixPath('downloads/01_March_2025_Latest_ratings.ods')
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

__all__ = ["DEFAULT_TIMEOUT", "DownloadError", "download_latest_ratings"]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, read=120.0)
"""30 s to connect or write, 120 s between two chunks of the body (the file is ~30 MB)."""

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ ()-]")


class DownloadError(RuntimeError):
    """The file could not be downloaded: a network failure, a timeout or an HTTP error."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"cannot download {url}: {reason}")
        self.url = url
        self.reason = reason


def download_latest_ratings(
    url: str, dest_dir: Path | str, *, timeout: httpx.Timeout | float = DEFAULT_TIMEOUT
) -> Path:
    """Download `url` into `dest_dir` (created if missing) and return the file's path.

    The file is named after the server's Content-Disposition filename, else the last part of
    the URL's path. An existing file of that name is replaced only once the download has
    completed. Raises `DownloadError` for an HTTP status other than 2xx, a timeout or a
    network failure.
    """
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code // 100 != 2:
                raise DownloadError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            target = dest / _file_name(response)
            handle, partial = tempfile.mkstemp(dir=dest, prefix=".download-", suffix=".part")
            try:
                with os.fdopen(handle, "wb") as out:
                    for chunk in response.iter_bytes(chunk_size=1 << 20):
                        out.write(chunk)
                os.replace(partial, target)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
    except httpx.TimeoutException:
        raise DownloadError(url, "timed out") from None
    except httpx.HTTPError as error:
        raise DownloadError(url, f"{type(error).__name__}: {error}") from None
    return target


def _file_name(response: httpx.Response) -> str:
    disposition = response.headers.get("content-disposition", "")
    match = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", disposition, re.IGNORECASE)
    raw = unquote(match.group(1)) if match else unquote(urlsplit(str(response.url)).path)
    name = _SAFE_NAME.sub("_", Path(raw).name).strip(" .")
    return name or "latest_ratings"
