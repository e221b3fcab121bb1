"""The rule registry: one place that knows every rule's id, metadata and check.

Rules register themselves with :func:`rule` when their family module is imported. A rule
body yields :class:`Hit` values (message, path, optional fix); the registry turns them into
:class:`~mlplan.domain.Finding` objects carrying the rule's stable metadata, so rule bodies
stay about the plan and never repeat ids, severities or sources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from mlplan.domain import Finding, Plan, Section, Severity


@dataclass(frozen=True, slots=True)
class ValidationContext:
    """What the rules may know beyond the plan itself; every field is optional.

    ``known_doc_ids`` / ``known_chunk_ids`` come from the knowledge index: when present,
    S04 checks that every citation points at a passage that exists. ``None`` means "not
    known", which is different from "known to be empty".
    """

    known_doc_ids: frozenset[str] | None = None
    known_chunk_ids: frozenset[str] | None = None

    @classmethod
    def from_ids(
        cls, *, doc_ids: Iterable[str] | None = None, chunk_ids: Iterable[str] | None = None
    ) -> ValidationContext:
        """Build a context from any iterables of ids (lists, sets, generator of index rows)."""
        return cls(
            known_doc_ids=None if doc_ids is None else frozenset(doc_ids),
            known_chunk_ids=None if chunk_ids is None else frozenset(chunk_ids),
        )


class Hit(NamedTuple):
    """One violation found by a rule body, before the registry dresses it as a Finding."""

    message: str
    path: str
    fix: str | None = None
    """Plan-specific fix; ``None`` uses the rule's generic fix text."""


RuleBody = Callable[[Plan, ValidationContext], Iterable[Hit]]
Check = Callable[[Plan, ValidationContext], list[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: stable metadata plus the pure check that applies it."""

    id: str
    section: Section
    severity: Severity
    title: str
    rationale: str
    """Why the rule exists, for the catalog and for reviewers."""
    source: str
    """Where the rule comes from, as readable references."""
    fix: str
    """Generic fix; findings may carry a plan-specific one instead."""
    body: RuleBody = field(repr=False, compare=False)

    def check(self, plan: Plan, ctx: ValidationContext) -> list[Finding]:
        """Run the rule on one plan; deterministic and free of side effects."""
        return [self._finding(hit) for hit in self.body(plan, ctx)]

    def __call__(self, plan: Plan, ctx: ValidationContext | None = None) -> list[Finding]:
        return self.check(plan, ctx or ValidationContext())

    def _finding(self, hit: Hit) -> Finding:
        return Finding(
            rule_id=self.id,
            severity=self.severity,
            section=self.section,
            message=hit.message,
            fix=hit.fix or self.fix,
            source=self.source,
            path=hit.path,
        )


RULES: dict[str, Rule] = {}
"""Every registered rule by id, in registration order (family modules, then id)."""


def rule(
    rule_id: str,
    *,
    section: Section,
    severity: Severity,
    title: str,
    rationale: str,
    source: str,
    fix: str,
) -> Callable[[Callable[[Plan, ValidationContext], Iterator[Hit]]], Rule]:
    """Register a rule body under a stable id; ids are a public contract and never reused."""

    def register(body: Callable[[Plan, ValidationContext], Iterator[Hit]]) -> Rule:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id} is registered twice")
        registered = Rule(
            id=rule_id,
            section=section,
            severity=severity,
            title=title,
            rationale=rationale,
            source=source,
            fix=fix,
            body=body,
        )
        RULES[rule_id] = registered
        return registered

    return register
