"""Read a plan file for review: untrusted input, one clear error, nothing half-read.

Markdown, plain text, our JSON plan and Word .docx are read; anything else (PDF, images,
spreadsheets, binaries), an empty file or one over 2 MB is refused with a PlanFileError
that says why in one sentence. A .docx is a zip of XML: its paragraphs are read with the
standard library (no python-docx dependency), headings become Markdown '#' lines so the
outline finds them, and list items become bullets.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from mlplan.errors import PlanFileError

MAX_PLAN_BYTES = 2_000_000
"""Largest plan file read (and largest text a .docx may expand to)."""

SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".rst": "text",
    ".json": "json",
    ".docx": "docx",
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"(?i)^(?:heading|titre|überschrift|kop)\s*(\d)$|^title$")
_MAX_XML_BYTES = 50_000_000


def read_plan_document(path: Path) -> tuple[str, str]:
    """(text, kind) of a plan file; kind is markdown, text, json or docx."""
    name = str(path)
    if not path.exists():
        raise PlanFileError(f"plan file {name} does not exist")
    if path.is_dir():
        raise PlanFileError(f"{name} is a directory; pass a plan file (.md, .txt, .json or .docx)")
    suffix = path.suffix.lower()
    kind = SUFFIXES.get(suffix, "text" if not suffix else None)
    if kind is None:
        raise PlanFileError(
            f"{name}: unsupported file type '{suffix}'; mlplan reviews .md, .txt, .json and .docx plans"
        )
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise PlanFileError(
                f"{name} is {size:,} bytes; a plan file may be at most {MAX_PLAN_BYTES:,} bytes"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PlanFileError(f"cannot read {name}: {exc.strerror}") from None
    text = _docx_text(data, name) if kind == "docx" else _decode(data, name)
    if not text.strip():
        raise PlanFileError(f"{name} is empty; a plan needs some text to review")
    if kind == "json" or (kind == "text" and text.lstrip().startswith("{")):
        kind = _check_json(text, name, required=kind == "json")
    return text, kind


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise PlanFileError(f"{name} is empty; a plan needs some text to review")
    if b"\x00" in data[:8192] or data.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xd0\xcf")):
        raise PlanFileError(f"{name} looks binary; pass the plan as Markdown, text, JSON or .docx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            f"{name} is not UTF-8 text (byte {exc.start} cannot be decoded)"
        ) from None
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:20_000])
    if printable / max(1, len(text[:20_000])) < 0.9:
        raise PlanFileError(f"{name} looks binary (mostly unprintable characters)")
    return text


def _check_json(text: str, name: str, *, required: bool) -> str:
    """'json' for our JSON plan; a .json that is not one is an error, a .txt is just text."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        if not required:
            return "text"
        raise PlanFileError(f"{name} is not valid JSON ({exc.__class__.__name__})") from None
    if isinstance(data, dict) and "brief" in data:
        return "json"
    if not required:
        return "text"
    raise PlanFileError(
        f"{name} is JSON but not an mlplan plan (no 'brief'); "
        "`mlplan review` reads the output of `mlplan plan --format json`"
    )


def _docx_text(data: bytes, name: str) -> str:
    """The document's paragraphs as Markdown-ish text: headings '#', list items '-', tables '|'."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo("word/document.xml")
            except KeyError:
                raise PlanFileError(
                    f"{name} is not a Word document (no word/document.xml)"
                ) from None
            if info.file_size > _MAX_XML_BYTES:
                raise PlanFileError(f"{name}: the document text is too large to review")
            xml = archive.read(info)
    except zipfile.BadZipFile:
        raise PlanFileError(f"{name} is not a valid .docx file (not a zip archive)") from None
    if b"<!DOCTYPE" in xml[:2048] or b"<!ENTITY" in xml[:4096]:
        raise PlanFileError(f"{name}: the document declares XML entities; refusing to read it")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise PlanFileError(f"{name}: word/document.xml is not well-formed XML") from None
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for element in body if body is not None else []:
        if element.tag == f"{_W}p":
            lines.append(_paragraph(element))
        elif element.tag == f"{_W}tbl":
            lines.extend(_table(element))
            lines.append("")
    text = "\n".join(lines)
    if len(text) > MAX_PLAN_BYTES:
        raise PlanFileError(f"{name}: the document text is over {MAX_PLAN_BYTES:,} characters")
    return text


def _paragraph(p: ElementTree.Element) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    text = "".join(parts).strip()
    props = p.find(f"{_W}pPr")
    if props is None or not text:
        return text
    style = props.find(f"{_W}pStyle")
    value = style.get(f"{_W}val", "") if style is not None else ""
    m = _HEADING_STYLE.match(value.replace("Heading", "heading ").replace("heading  ", "heading "))
    if m:
        return "#" * int(m.group(1) or 1) + " " + text
    if props.find(f"{_W}numPr") is not None or value.lower().startswith("list"):
        return "- " + text
    return text


def _table(tbl: ElementTree.Element) -> list[str]:
    rows = []
    for tr in tbl.iter(f"{_W}tr"):
        cells = [
            " ".join(_paragraph(p) for p in tc.iter(f"{_W}p")).strip() for tc in tr.iter(f"{_W}tc")
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows
