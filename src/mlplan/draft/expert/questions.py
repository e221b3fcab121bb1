"""Open questions raised by what the brief leaves unknown, from the questions table."""

from __future__ import annotations

from mlplan.domain import Section
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.tables import all_rows


def ask_about_unknowns(ctx: DraftContext) -> None:
    """Every matching row asks its question (and records the value drafted with, if any)."""
    task = ctx.brief.task_type.value.replace("_", " ")
    for row in all_rows("questions", ctx.facts):
        ctx.ask(str(row["question"]), Section(row["section"]), str(row["why"]).format(task=task))
        assume = row.get("assume")
        if assume:
            ctx.assume(str(assume["field"]), str(assume["value"]), str(assume["reason"]))
