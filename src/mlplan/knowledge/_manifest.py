"""The chunk manifest: parsed chunks cached as JSON beside the index, keyed by source hashes.

Loading JSON is faster than re-reading YAML front matter and re-splitting 48 documents, and
the per-chunk hashes it keeps are what makes ingest incremental.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlplan.knowledge.chunking import Chunk

VERSION = 1
"""Bump when chunking or the manifest layout changes: an old manifest is then rebuilt."""
MANIFEST = "manifest.json"
KB_DIRS = "kb_dirs.json"


@dataclass
class Manifest:
    """What the index was built from (`files`) and what it holds (`chunks`)."""

    fingerprint: str
    files: dict[str, str]
    chunks: list[Chunk]
    last_ingest: str | None = None
    dense: dict[str, str] = field(default_factory=dict)
    """Dense collection key -> fingerprint of the chunk set last synced into it."""


def file_hashes(files: Sequence[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def fingerprint(items: dict[str, str]) -> str:
    """Order-independent hash of a {key: hash} mapping."""
    digest = hashlib.sha256()
    for key in sorted(items):
        digest.update(f"{key}\0{items[key]}\n".encode())
    return digest.hexdigest()


def chunks_fingerprint(chunks: Sequence[Chunk]) -> str:
    return fingerprint({c.id: c.hash for c in chunks})


def _chunk_to_json(c: Chunk) -> dict[str, object]:
    return {
        "id": c.id,
        "doc_id": c.doc_id,
        "title": c.title,
        "heading": c.heading,
        "text": c.text,
        "sections": list(c.sections),
        "tags": list(c.tags),
        "hash": c.hash,
    }


def _chunk_from_json(d: dict[str, object]) -> Chunk:
    def strs(key: str) -> tuple[str, ...]:
        value = d.get(key)
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    return Chunk(
        id=str(d["id"]),
        doc_id=str(d["doc_id"]),
        title=str(d["title"]),
        heading=str(d["heading"]),
        text=str(d["text"]),
        sections=strs("sections"),
        tags=strs("tags"),
        hash=str(d["hash"]),
    )


def read_manifest(path: Path) -> Manifest | None:
    """The stored manifest, or None when missing, unreadable or from another format version."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("version") != VERSION:
            return None
        return Manifest(
            fingerprint=str(raw["fingerprint"]),
            files={str(k): str(v) for k, v in raw["files"].items()},
            chunks=[_chunk_from_json(c) for c in raw["chunks"]],
            last_ingest=raw.get("last_ingest"),
            dense={str(k): str(v) for k, v in (raw.get("dense") or {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _atomic_write(path: Path, text: str) -> None:
    """Write-then-rename, so a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_manifest(path: Path, manifest: Manifest) -> None:
    payload = {
        "version": VERSION,
        "fingerprint": manifest.fingerprint,
        "files": manifest.files,
        "last_ingest": manifest.last_ingest,
        "dense": manifest.dense,
        "chunks": [_chunk_to_json(c) for c in manifest.chunks],
    }
    _atomic_write(path, json.dumps(payload, ensure_ascii=False))


def read_kb_dirs(path: Path) -> list[Path]:
    """Extra folders remembered from `mlplan kb ingest --kb-dir` (empty when none)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [Path(str(p)) for p in raw] if isinstance(raw, list) else []


def write_kb_dirs(path: Path, dirs: Sequence[Path]) -> None:
    _atomic_write(path, json.dumps([str(d) for d in dirs], indent=2))
