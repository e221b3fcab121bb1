"""The drafting protocols: a Drafter makes a plan; a Retriever grounds it in the knowledge base."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from mlplan.domain import Plan, ProjectBrief


class Drafter(Protocol):
    name: str

    def draft(self, brief: ProjectBrief) -> Plan:
        """Draft a complete plan for the brief; findings are added by the validators."""
        ...


class PassageLike(Protocol):
    """What a drafter needs of a retrieved passage to cite it."""

    @property
    def chunk_id(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def heading(self) -> str: ...


class Retriever(Protocol):
    """Search over the knowledge base (the real one is mlplan.knowledge.index.KnowledgeIndex)."""

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        section: str | None = None,
        doc_ids: Collection[str] | None = None,
    ) -> Sequence[PassageLike]: ...
