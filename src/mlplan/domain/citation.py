"""Citations tie a recommendation to the knowledge-base passage it rests on."""

from __future__ import annotations

from pydantic import Field

from mlplan.domain._base import Model


class Citation(Model):
    doc_id: str
    """Knowledge-base document id (front matter `id`)."""
    chunk_id: str | None = None
    """Chunk within the document, `<doc_id>#<heading-slug>`; None cites the whole doc."""
    title: str = ""
    claim: str = ""
    """The recommendation in this plan that the passage supports."""


class SectionModel(Model):
    """Base of every plan section: each carries the passages it was drafted from."""

    citations: list[Citation] = Field(default_factory=list)
