"""The plan under construction: a nested dict of plan fields plus the evidence for each one.

Extractors write facts by dotted path ('deployment.rollback.mechanism'); the first stated
value of a field wins, as a reader would take the first clear statement. A statement that a
thing is absent ('no rollback yet') is kept as evidence only, so the finding that reports
the gap can point at the line that admits it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from mlplan.domain import Evidence, Plan, ProjectBrief

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mlplan.critique._document import Document

_STEP = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


class PlanBuilder:
    def __init__(self, brief: ProjectBrief) -> None:
        self.data: dict[str, Any] = Plan(brief=brief).model_dump(mode="python")
        self.evidence: dict[str, Evidence] = {}
        self.negations: dict[str, Evidence] = {}
        self._quotes: dict[int | None, list[str]] = defaultdict(list)

    # -- writing ---------------------------------------------------------------------------

    def set(self, path: str, value: Any, evidence: Evidence, *, replace: bool = False) -> bool:
        """Set a field unless an earlier statement already did (or ``replace``)."""
        if path in self.evidence and not replace:
            return False
        parent, key = self._parent(path)
        parent[key] = value
        self._record(path, evidence, replace=replace)
        return True

    def append(self, path: str, value: Any, evidence: Evidence, *, limit: int = 12) -> int | None:
        """Add an item to a list field; returns its index, None when full or a repeat."""
        parent, key = self._parent(path)
        items = parent.get(key)
        if items is None:
            items = parent[key] = []
        if len(items) >= limit or value in items:
            return None
        items.append(value)
        self._record(f"{path}[{len(items) - 1}]", evidence)
        return len(items) - 1

    def negate(self, path: str, evidence: Evidence) -> None:
        """The document says the thing is absent: evidence for the gap, no value."""
        self.negations.setdefault(path, evidence)
        self._quotes[evidence.line].append(evidence.quote)

    # -- reading ---------------------------------------------------------------------------

    def get(self, path: str) -> Any:
        node: Any = self.data
        for name, index in _STEP.findall(path):
            if node is None:
                return None
            node = node.get(name) if isinstance(node, dict) else None
            if index and isinstance(node, list):
                node = node[int(index)] if int(index) < len(node) else None
        return node

    def stated(self, path: str) -> bool:
        """True when the document stated this field (or something inside it)."""
        return path in self.evidence or any(
            k.startswith((f"{path}.", f"{path}[")) for k in self.evidence
        )

    def quoted(self, line: int, text: str) -> bool:
        """True when some recorded quote of ``line`` already contains ``text``."""
        return any(text in quote for quote in self._quotes.get(line, ()))

    def all_evidence(self) -> dict[str, Evidence]:
        return {**self.negations, **self.evidence}

    def build(self) -> Plan:
        return Plan.model_validate(self.data)

    # -- internals -------------------------------------------------------------------------

    def _record(self, path: str, evidence: Evidence, *, replace: bool = False) -> None:
        if replace or path not in self.evidence:
            self.evidence[path] = evidence
        self._quotes[evidence.line].append(evidence.quote)

    def _parent(self, path: str) -> tuple[dict[str, Any], str]:
        """The dict holding the last step of ``path``, creating empty objects on the way."""
        steps = _STEP.findall(path)
        node: Any = self.data
        for name, index in steps[:-1]:
            child = node.get(name)
            if child is None:
                child = node[name] = [] if index else {}
            if index:
                child = child[int(index)]
            node = child
        return node, steps[-1][0]


def fill_unstated(
    doc: Document,
    b: PlanBuilder,
    scopes: tuple[Any, ...],
    readings: Iterable[tuple[str, re.Pattern[str]]],
) -> None:
    """For each (field, pattern) the plan has not stated yet, the first matching line in the
    given sections becomes the field's value and evidence: the fallback readings that catch
    wordings the section extractors miss."""
    for path, rx in readings:
        if b.stated(path):
            continue
        hit = doc.first(rx, scopes)
        if hit is not None:
            ev = doc.evidence(hit)
            b.set(path, ev.quote, ev)
