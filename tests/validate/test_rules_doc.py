"""docs/rules.md is generated from the registry; this keeps the two from drifting."""

from __future__ import annotations

from pathlib import Path

from mlplan.validate import RULES, catalog_markdown

RULES_DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_committed_rules_doc_matches_the_registry() -> None:
    assert RULES_DOC.read_text(encoding="utf-8") == catalog_markdown(), (
        "docs/rules.md is stale: run `python -m mlplan.validate > docs/rules.md`"
    )


def test_catalog_lists_every_rule_with_why_fix_and_source() -> None:
    text = catalog_markdown()
    for rule in RULES.values():
        assert f"### {rule.id} — {rule.title}" in text
        assert f"- **Why:** {rule.rationale}" in text
        assert f"- **Fix:** {rule.fix}" in text
        assert f"- **Source:** {rule.source}" in text
