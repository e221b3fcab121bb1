"""The knowledge-base catalogue: document ids and titles read from front matter.

Cheap by design (front matter only, cached) so the offline planner can cite documents and
the validators can check that cited ids exist without building the search index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from mlplan.resources import knowledge_dir


@dataclass(frozen=True)
class DocInfo:
    id: str
    title: str
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    path: Path = field(default=Path())


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Return (front matter mapping, body); a document without front matter has an empty one."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    import yaml

    meta = yaml.safe_load(text[3:end]) or {}
    body = text[end + 4 :].lstrip("\n")
    return (meta if isinstance(meta, dict) else {}), body


def _as_tuple(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def read_doc_info(path: Path) -> DocInfo | None:
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    if "id" not in meta:
        return None
    return DocInfo(
        id=str(meta["id"]),
        title=str(meta.get("title", meta["id"])),
        sections=_as_tuple(meta.get("sections")),
        tags=_as_tuple(meta.get("tags")),
        sources=_as_tuple(meta.get("sources")),
        path=path,
    )


@cache
def catalog(root: Path | None = None) -> dict[str, DocInfo]:
    """All documents under `root` (default: the shipped knowledge base), keyed by id."""
    docs_dir = (root or knowledge_dir()) / "docs"
    out: dict[str, DocInfo] = {}
    for path in sorted(docs_dir.glob("*.md")):
        info = read_doc_info(path)
        if info is not None:
            out[info.id] = info
    return out
