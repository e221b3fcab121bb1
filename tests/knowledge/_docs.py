"""Helpers to write knowledge docs in tests."""

from __future__ import annotations

from pathlib import Path


def write_doc(
    folder: Path,
    doc_id: str,
    body: str,
    *,
    title: str | None = None,
    sections: str = "[data]",
    tags: str = "[]",
) -> Path:
    """Write one knowledge doc with front matter; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.md"
    path.write_text(
        f"---\nid: {doc_id}\ntitle: {title or doc_id.title()}\nsections: {sections}\n"
        f"tags: {tags}\nsources: []\n---\n\n{body}",
        encoding="utf-8",
    )
    return path
