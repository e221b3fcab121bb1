"""The drafting protocol every drafter (expert, LLM) implements."""

from __future__ import annotations

from typing import Protocol

from mlplan.domain import Plan, ProjectBrief


class Drafter(Protocol):
    name: str

    def draft(self, brief: ProjectBrief) -> Plan:
        """Draft a complete plan for the brief; findings are added by the validators."""
        ...
