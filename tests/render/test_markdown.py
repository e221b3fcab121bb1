"""Markdown rendering: tables stay well-formed and citations resolve to a reference list."""

from __future__ import annotations

import re

from mlplan.draft.expert import ExpertDrafter
from mlplan.render import render_markdown
from mlplan.understand import parse_text


def test_pipes_in_brief_do_not_break_tables() -> None:
    plan = ExpertDrafter().draft(
        parse_text("Predict churn for 1M customers; goal: reduce churn | cancellations by 10%")
    )
    md = render_markdown(plan)
    assert any(ln.startswith("|") and "churn \\| cancellations" in ln for ln in md.splitlines())
    for block in re.split(r"\n(?!\|)", md):
        rows = [ln for ln in block.splitlines() if ln.startswith("|")]
        widths = {len(re.findall(r"(?<!\\)\|", ln)) for ln in rows}
        assert len(widths) <= 1, rows


def test_every_source_mark_has_a_reference() -> None:
    md = render_markdown(
        ExpertDrafter().draft(
            parse_text("Forecast daily call volume 14 days ahead for 3 call centres")
        )
    )
    marks = {int(m) for m in re.findall(r"\[(\d+)\]", md.split("## References")[0])}
    refs = {int(m) for m in re.findall(r"^(\d+)\. ", md.split("## References")[1], re.M)}
    assert marks and marks == refs
