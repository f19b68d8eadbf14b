"""The text of a report file: a .txt file decoded as UTF-8, a PDF's text through pypdf."""

from __future__ import annotations

from pathlib import Path

from carewatch.ingest.records import IngestError

__all__ = ["read_report_text"]


def read_report_text(path: str | Path) -> str:
    """The text of a report: a .txt file as UTF-8, a .pdf through pypdf with form feeds
    between pages. Raise `IngestError` naming the file when it cannot be read."""
    source = Path(path)
    name = source.name
    suffix = source.suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(source)
    if suffix not in (".txt", ".text"):
        raise IngestError("expected a .txt or .pdf report", file=name)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read ({exc.strerror})", file=name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise IngestError("not UTF-8 text", file=name, row=row) from None


def _pdf_text(source: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    name = source.name
    try:
        reader = PdfReader(source)
        if reader.is_encrypted:
            raise IngestError("the PDF is encrypted", file=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except OSError as exc:
        raise IngestError(f"cannot read ({exc.strerror})", file=name) from None
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"not a readable PDF ({exc.__class__.__name__})", file=name) from None
    if not any(page.strip() for page in pages):
        raise IngestError("the PDF has no text (a scanned report needs OCR first)", file=name)
    return "\f".join(page.rstrip("\n") + "\n" for page in pages)
