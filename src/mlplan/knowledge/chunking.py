"""Split knowledge documents into heading-level chunks, the unit that is indexed and cited.

A `##` section is small enough to retrieve precisely and big enough to stand on its own as a
citation; the text before the first `##` becomes the document's `summary` chunk.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mlplan.errors import UserInputError
from mlplan.knowledge.catalog import split_front_matter

SUMMARY = "summary"
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Chunk:
    """One `##` section of a knowledge document (or its intro), with the document's metadata."""

    id: str
    doc_id: str
    title: str
    heading: str
    text: str
    sections: tuple[str, ...]
    tags: tuple[str, ...]
    hash: str

    @property
    def retrieval_text(self) -> str:
        """What embedders see: title and heading carry much of a section's meaning."""
        return f"{self.title}\n{self.heading}\n{self.text}"


def slugify(text: str) -> str:
    """Stable, URL-safe heading slug: lowercase, runs of non-alphanumerics become one '-'."""
    return _NON_ALNUM.sub("-", text.lower()).strip("-") or "section"


def chunk_hash(
    *,
    doc_id: str,
    title: str,
    heading: str,
    text: str,
    sections: Sequence[str],
    tags: Sequence[str],
) -> str:
    """Content hash over everything that is indexed, so a metadata edit also re-indexes."""
    payload = json.dumps(
        [doc_id, title, heading, text, list(sections), list(tags)], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def docs_root(kb_dir: Path) -> Path:
    """A knowledge folder keeps its documents in `docs/`; a plain folder of docs works too."""
    sub = kb_dir / "docs"
    return sub if sub.is_dir() else kb_dir


def unique_dirs(dirs: Iterable[Path]) -> list[Path]:
    """Resolve and de-duplicate, so passing the built-in folder twice is not a duplicate-id error."""
    out: list[Path] = []
    for d in dirs:
        path = Path(d).expanduser().resolve()
        if not path.is_dir():
            raise UserInputError(f"knowledge folder not found or not a directory: {d}")
        if path not in out:
            out.append(path)
    return out


def source_files(dirs: Sequence[Path]) -> list[Path]:
    """Every Markdown file that may hold a document, in a stable order."""
    files: list[Path] = []
    for d in unique_dirs(dirs):
        files.extend(sorted(p for p in docs_root(d).rglob("*.md") if p.is_file()))
    return files


def _split_sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) pairs; the intro gets heading '' . `##` inside code fences is text."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    in_fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            parts.append((line[3:].strip(), []))
        else:
            parts[-1][1].append(line)
    return [(heading, "\n".join(lines).strip()) for heading, lines in parts]


def _strip_h1(intro: str) -> str:
    """The `# Title` line repeats the front-matter title; keep only the intro prose."""
    lines = intro.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def _as_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),) if isinstance(value, str) and value else ()


def chunk_document(path: Path) -> list[Chunk]:
    """Chunks of one document; a file without an `id` in its front matter yields none."""
    try:
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(f"cannot read knowledge doc {path}: {exc}") from None
    except Exception as exc:  # yaml.YAMLError, without importing yaml here
        raise UserInputError(f"bad front matter in knowledge doc {path}: {exc}") from None
    if "id" not in meta:
        return []
    doc_id = str(meta["id"])
    title = str(meta.get("title", doc_id))
    sections = _as_tuple(meta.get("sections"))
    tags = _as_tuple(meta.get("tags"))
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for heading, raw in _split_sections(body):
        text = _strip_h1(raw) if not heading else raw
        if not text:
            continue
        slug = slugify(heading) if heading else SUMMARY
        base, n = slug, 1
        while slug in seen:
            n += 1
            slug = f"{base}-{n}"
        seen.add(slug)
        shown = heading or "Summary"
        chunks.append(
            Chunk(
                id=f"{doc_id}#{slug}",
                doc_id=doc_id,
                title=title,
                heading=shown,
                text=text,
                sections=sections,
                tags=tags,
                hash=chunk_hash(
                    doc_id=doc_id,
                    title=title,
                    heading=shown,
                    text=text,
                    sections=sections,
                    tags=tags,
                ),
            )
        )
    return chunks


def load_chunks(dirs: Sequence[Path]) -> list[Chunk]:
    """All chunks of all documents under `dirs`; two files claiming one doc id is an error."""
    owner: dict[str, Path] = {}
    out: list[Chunk] = []
    for path in source_files(dirs):
        chunks = chunk_document(path)
        if not chunks:
            continue
        doc_id = chunks[0].doc_id
        if doc_id in owner:
            raise UserInputError(
                f"duplicate knowledge doc id '{doc_id}' in {owner[doc_id]} and {path}: "
                "give one of them another id"
            )
        owner[doc_id] = path
        out.extend(chunks)
    return out


__all__ = ["SUMMARY", "Chunk", "chunk_document", "load_chunks", "slugify", "source_files"]
