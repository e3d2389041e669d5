"""Build one bad file of each kind the reader must refuse, from a real sample PDF."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter


def make_bad_files(good_pdf: Path, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    data = good_pdf.read_bytes()
    files: dict[str, Path] = {}

    files["empty"] = folder / "empty.pdf"
    files["empty"].write_bytes(b"")

    files["not_pdf"] = folder / "saved-web-page.pdf"
    files["not_pdf"].write_text("<!DOCTYPE html><html><body>Agenda</body></html>", encoding="utf-8")

    files["truncated"] = folder / "truncated.pdf"
    files["truncated"].write_bytes(data[: len(data) // 2])

    files["corrupt"] = folder / "corrupt.pdf"
    files["corrupt"].write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n")

    writer = PdfWriter(clone_from=PdfReader(str(good_pdf)))
    writer.encrypt(user_password="secret", owner_password="owner")
    files["encrypted"] = folder / "encrypted.pdf"
    with open(files["encrypted"], "wb") as fh:
        writer.write(fh)

    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    blank.add_blank_page(width=595, height=842)
    files["no_text"] = folder / "scanned.pdf"
    with open(files["no_text"], "wb") as fh:
        blank.write(fh)
    return files
