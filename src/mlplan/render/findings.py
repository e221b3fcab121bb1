"""Findings as Markdown, shared by `mlplan validate` and the plan renderer."""

from __future__ import annotations

from mlplan.domain import Finding
from mlplan.render._md import table


def findings_table(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["No validator findings.", ""]
    return table(
        ["Rule", "Severity", "Section", "Finding", "Fix"],
        [(f.rule_id, f.severity.value, f.section.value, f.message, f.fix) for f in findings],
    )


def render_findings_markdown(findings: list[Finding]) -> str:
    counts = {s: sum(f.severity.value == s for f in findings) for s in ("error", "warning", "info")}
    head = f"# Validation: {counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
    return "\n".join([head, "", *findings_table(findings)])
