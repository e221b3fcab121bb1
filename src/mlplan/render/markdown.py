"""Markdown rendering of a plan: assumptions and open questions up front, one heading per section."""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import Citation, Plan
from mlplan.render._md import kv, table
from mlplan.render._md_sections import (
    data_lines,
    deployment_lines,
    evaluation_lines,
    features_lines,
    framing_lines,
    model_lines,
    overview_lines,
    timeline_lines,
    training_lines,
)
from mlplan.render.findings import findings_table

_SECTIONS = [
    ("problem_framing", "1. Problem framing and market research", framing_lines),
    ("overview", "2. Overview", overview_lines),
    ("data", "3. Data requirements", data_lines),
    ("features", "4. Feature engineering", features_lines),
    ("model", "5. Model selection", model_lines),
    ("training", "6. Training pipeline", training_lines),
    ("evaluation", "7. Evaluation", evaluation_lines),
    ("deployment", "8. Deployment, monitoring and retraining", deployment_lines),
    ("timeline", "9. Timeline, milestones and risks", timeline_lines),
]


def _refs(citations: list[Citation], numbering: dict[str, int]) -> list[str]:
    if not citations:
        return []
    marks = []
    for c in citations:
        key = c.chunk_id or c.doc_id
        numbering.setdefault(key, len(numbering) + 1)
        marks.append(f"[{numbering[key]}]")
    return [f"*Sources: {' '.join(marks)}*", ""]


def render_markdown(plan: Plan) -> str:
    b = plan.brief
    numbering: dict[str, int] = {}
    lines = [f"# ML project plan: {plan.overview.title or b.title}", ""]
    facts = [
        ("Task", b.task_type.value.replace("_", " ")),
        ("Data", plan.data.volume_summary),
        (
            "Primary metric",
            plan.evaluation.primary_metric.display or plan.evaluation.primary_metric.name.value,
        ),
        ("Split", plan.training.split.strategy.value.replace("_", " ")),
        ("Serving", plan.deployment.serving_mode.value),
        ("Timeline", fmt.weeks(plan.timeline.total_weeks) if plan.timeline.total_weeks else ""),
        ("Regulations", ", ".join(r.value.upper() for r in b.regulations)),
    ]
    lines += kv(facts)
    lines += ["## Assumptions", ""]
    lines += (
        table(
            ["Field", "Assumed value", "Why"],
            [(a.field, a.value, a.reason) for a in plan.assumptions],
        )
        if plan.assumptions
        else ["None: every fact came from the brief.", ""]
    )
    lines += ["## Open questions", ""]
    lines += (
        table(
            ["Section", "Question", "Why it matters"],
            [(q.section.value, q.question, q.why_it_matters) for q in plan.open_questions],
        )
        if plan.open_questions
        else ["None.", ""]
    )
    lines += ["## Validator findings", ""] + findings_table(plan.findings)
    for attr, heading, render in _SECTIONS:
        section = getattr(plan, attr)
        lines += [f"## {heading}", ""] + render(plan) + _refs(section.citations, numbering)
    lines += ["## References", ""]
    by_key = {(c.chunk_id or c.doc_id): c for _, c in plan.all_citations()}
    lines += [
        f"{n}. {by_key[key].title} (`{key}`)"
        for key, n in sorted(numbering.items(), key=lambda kvp: kvp[1])
    ]
    lines += ["", f"*Drafted by mlplan {plan.meta.mlplan_version} ({plan.meta.drafter} mode).*", ""]
    lines += _llm_note(plan)
    return "\n".join(lines)


def _llm_note(plan: Plan) -> list[str]:
    """How the LLM drafted: which sections fell back to the expert draft, and what it cost."""
    run = plan.meta.llm
    if run is None:
        return []
    cost = "unpriced" if run.cost_usd is None else f"${run.cost_usd:.4f}"
    out = [
        f"*LLM: {run.model} via {run.provider}, prompts {run.prompt_version} "
        f"({run.prompt_hash[:12]}); {len(run.calls)} calls in {run.rounds} rounds, "
        f"{run.input_tokens:,} input + {run.output_tokens:,} output tokens, {cost}, "
        f"{run.cache_hits} from cache.*",
    ]
    for section, reason in sorted(run.fallbacks.items()):
        out.append(f"*{section}: expert draft kept — {reason}.*")
    if run.redactions:
        masked = ", ".join(f"{n} {kind}" for kind, n in sorted(run.redactions.items()))
        out.append(f"*Masked before sending: {masked}.*")
    return [*out, ""]
