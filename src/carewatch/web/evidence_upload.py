"""The rules an uploaded evidence file must meet, on the action's page and through the API:
at most `MAX_UPLOAD` bytes (the body limit, `carewatch.web.body_limit`, refuses larger
requests before they are read), not empty, with a name; the name is kept without any folder,
and the media type as the client gave it (the file is always served back as an attachment,
`carewatch.web.security.download_type`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_UPLOAD", "BadUpload", "Upload", "checked_upload"]

MAX_UPLOAD = 10 * 1024 * 1024
"""The largest evidence file accepted (10 MB)."""


class BadUpload(ValueError):
    """An uploaded file that breaks a rule; `message` says which, for the person uploading."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Upload:
    """A file that meets the rules: its bytes, its name (no folder), its media type."""

    content: bytes
    filename: str
    media_type: str | None


def checked_upload(filename: str, content_type: str | None, content: bytes) -> Upload:
    """The upload, once it meets the rules; `BadUpload` naming the first it breaks.

    >>> checked_upload("C:\\\\scans\\\\audit.pdf", "application/pdf", b"%PDF").filename
    'audit.pdf'
    """
    if not filename:
        raise BadUpload("Choose a file to upload")
    if len(content) > MAX_UPLOAD:
        raise BadUpload("The file must be smaller than 10 MB")
    if not content:
        raise BadUpload("The file is empty")
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    return Upload(content, name, content_type or None)
