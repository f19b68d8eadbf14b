"""Write a report's text as a small PDF, by hand, for the PDF reader's tests.

pypdf reads PDFs but cannot write text into one, so this draws each line with the standard
Helvetica font (WinAnsi encoding, no embedded font): a page per form feed, or a page ending
at each footer ("... Inspection report 15/01/2020"), which is drawn at the foot of the page.
A line whose columns are separated by three or more spaces becomes two text objects on the
same baseline, as a table's cells are in CQC's PDFs, so the text extracted from it runs the
two columns together on one line:

    write_pdf(tmp_path / "report.pdf", Path("tests/data/reports/nsft-2020.txt").read_text())
"""

from __future__ import annotations

import re
from pathlib import Path

FOOTER = re.compile(r"(Quality|Inspection) [Rr]eport \d\d/\d\d/\d{4}")
_LEFT = 56
_TOP = 800
_LEADING = 12
_CHAR_WIDTH = 5  # points per character of indentation (Helvetica 10pt, roughly)


def pages_of(text: str) -> list[list[str]]:
    """The text's pages: split at form feeds, else after each footer line."""
    if "\f" in text:
        return [page.split("\n") for page in text.split("\f")]
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        pages[-1].append(line)
        if FOOTER.search(line):
            pages.append([])
    return [page for page in pages if any(line.strip() for line in page)]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _page_stream(lines: list[str]) -> bytes:
    commands: list[str] = []
    y = _TOP
    for line in lines:
        if not line.strip():
            y -= _LEADING
            continue
        at_foot = bool(FOOTER.search(line))
        baseline = 40 if at_foot else y
        column = 0
        for match in re.finditer(r"\S+(?: \S+)*", line.replace("\uf0b7", "•")):
            column = match.start()
            x = _LEFT + column * _CHAR_WIDTH
            commands.append(f"BT /F1 10 Tf {x} {baseline} Td ({_escape(match.group(0))}) Tj ET")
        if not at_foot:
            y -= _LEADING
    return "\n".join(commands).encode("cp1252")


def pdf_bytes(text: str) -> bytes:
    """A PDF of the text: one page per page of `pages_of(text)`."""
    pages = pages_of(text)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    font = 3 + 2 * len(pages)
    for i, page in enumerate(pages):
        stream = _page_stream(page)
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * i} 0 R >>"
            ).encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def write_pdf(path: Path, text: str) -> Path:
    path.write_bytes(pdf_bytes(text))
    return path
