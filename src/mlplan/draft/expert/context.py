"""Shared state while drafting one plan: the brief, table facts, citations, assumptions, questions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mlplan.domain import Assumption, Citation, OpenQuestion, ProjectBrief, Section
from mlplan.draft.base import Retriever
from mlplan.draft.expert.facts import table_facts
from mlplan.knowledge.catalog import DocInfo


@dataclass
class DraftContext:
    brief: ProjectBrief
    docs: dict[str, DocInfo]
    facts: dict[str, Any] = field(default_factory=dict)
    assumptions: list[Assumption] = field(default_factory=list)
    questions: list[OpenQuestion] = field(default_factory=list)
    retriever: Retriever | None = None
    """When set, each citation points at the passage (chunk) that best matches the brief."""

    def __post_init__(self) -> None:
        if not self.facts:
            self.facts = table_facts(self.brief)

    def latency_budget(self) -> float | None:
        """The p99 budget online serving is held to: stated, or an assumed 200 ms (listed once)."""
        b = self.brief
        if b.latency_p99_ms is not None or b.serving_mode.value == "batch":
            return b.latency_p99_ms
        self.assume("latency_p99_ms", "200 ms", "online serving without a stated latency target")
        self.ask(
            "What p99 latency must a prediction meet, end to end?",
            Section.DEPLOYMENT,
            "It decides the model family budget, optimisation work and replica count.",
        )
        return 200.0

    def cite(
        self, doc_ids: Iterable[str], claim: str, *, section: str | None = None
    ) -> list[Citation]:
        """Citations for ids that exist in the knowledge base (unknown ids are dropped, not faked).

        With a retriever, each document is cited at its passage that best matches the claim and
        the brief's facts; documents with no matching passage are cited as a whole.
        """
        ids = [d for d in dict.fromkeys(doc_ids) if d in self.docs]
        best: dict[str, tuple[str, str]] = {}
        if self.retriever is not None and ids:
            query = f"{claim} {self.brief_terms()}"
            for passage in self.retriever.search(query, k=4 * len(ids), doc_ids=ids, section=None):
                best.setdefault(passage.doc_id, (passage.chunk_id, passage.heading))
        out: list[Citation] = []
        for doc_id in ids:
            chunk_id, heading = best.get(doc_id, (None, ""))
            title = self.docs[doc_id].title + (f" — {heading}" if heading else "")
            out.append(Citation(doc_id=doc_id, chunk_id=chunk_id, title=title, claim=claim))
        return out

    def brief_terms(self) -> str:
        """The brief's decisive facts as search terms, so passages are chosen for this brief."""
        b = self.brief
        terms = [
            b.objective,
            b.target or "",
            b.task_type.value.replace("_", " "),
            b.domain,
            self.facts.get("balance", ""),
            b.serving_mode.value,
        ]
        terms += [m.value.replace("_", " ") for m in b.modalities]
        terms += [r.value.replace("_", " ") for r in b.regulations]
        if self.facts.get("time_ordered"):
            terms.append("time-ordered")
        if b.group_key:
            terms.append("grouped entities")
        return " ".join(t for t in terms if t and t != "unknown")

    def assume(self, field_name: str, value: str, reason: str) -> None:
        if not any(a.field == field_name for a in self.assumptions):
            self.assumptions.append(Assumption(field=field_name, value=value, reason=reason))

    def ask(self, question: str, section: Section, why: str) -> None:
        if not any(q.question == question for q in self.questions):
            self.questions.append(
                OpenQuestion(question=question, section=section, why_it_matters=why)
            )


def merge_citations(*groups: list[Citation]) -> list[Citation]:
    """One citation per document, keeping the first claim it supports."""
    seen: dict[str, Citation] = {}
    for group in groups:
        for c in group:
            seen.setdefault(c.doc_id, c)
    return list(seen.values())
