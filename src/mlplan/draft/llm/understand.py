"""Optional LLM reading of the brief, merged under the deterministic extraction.

The deterministic reader quotes a span for every fact it states; those facts are never
replaced. The model may fill what the reader only inferred or assumed (a task type guessed
from a keyword, a class balance defaulted), and each value it fills is marked `inferred`
with the model named, so the plan's assumptions list shrinks only where the model read
something, and a reviewer can tell which facts came from where.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from mlplan.domain import FactSource, LlmCall, Origin, ProjectBrief
from mlplan.draft.llm.client import ChatClient, Completion, Message
from mlplan.draft.llm.schema import InvalidAnswer, draft_model, read_answer, response_format

BRIEF_FIELDS: tuple[str, ...] = (
    "task_type",
    "target",
    "positive_class_rate",
    "time_ordered",
    "group_key",
    "personal_data",
    "affects_people",
    "serving_mode",
    "latency_p99_ms",
    "interpretability",
    "label_delay",
    "forecast_horizon",
)
"""Brief fields the model is asked to read: the ones that change the plan's decisions."""


def merge_brief(
    brief: ProjectBrief, fields: dict[str, Any], model_name: str
) -> tuple[ProjectBrief, list[str]]:
    """The brief with the model's values where the reader did not state one; fields taken."""
    data = brief.model_dump(mode="python")
    facts = dict(brief.facts)
    taken: list[str] = []
    for name, value in fields.items():
        source = facts.get(name)
        if name not in BRIEF_FIELDS or (
            source is not None and source.origin in (Origin.STATED, Origin.MEASURED)
        ):
            continue
        if value == data.get(name):
            continue
        data[name] = value
        facts[name] = FactSource(
            origin=Origin.INFERRED, reason=f"read from the brief by the LLM ({model_name})"
        )
        taken.append(name)
    data["facts"] = facts
    try:
        return ProjectBrief.model_validate(data), taken
    except ValidationError:
        return brief, []  # an out-of-range reading is dropped whole, never half-applied


async def understand(
    brief: ProjectBrief,
    client: ChatClient,
    *,
    system: str,
    style: Any,
    max_tokens: int,
    temperature: float,
    seed: int | None,
) -> tuple[ProjectBrief, list[str], LlmCall, Completion]:
    """One call; returns the merged brief, the fields the model filled and the call record."""
    model = draft_model(ProjectBrief, BRIEF_FIELDS)
    fmt, schema_text = response_format(model, style)
    prompt = system + (
        "\nAnswer with JSON matching this JSON Schema:\n" + schema_text if schema_text else ""
    )
    messages: list[Message] = [
        {"role": "system", "content": prompt},
        {"role": "user", "content": brief.raw_text or brief.business_problem},
    ]
    answer = await client.complete(
        messages, response_format=fmt, max_tokens=max_tokens, temperature=temperature, seed=seed
    )
    outcome, detail = "accepted", ""
    taken: list[str] = []
    merged = brief
    if answer.finish_reason == "error":
        outcome, detail = "error", answer.content
    elif answer.refusal:
        outcome, detail = "refused", answer.refusal
    elif answer.finish_reason == "length":
        outcome = "length"
    else:
        try:
            fields = read_answer(answer.content, model)
            fields.pop("cited_ids", None)
            merged, taken = merge_brief(brief, fields, client.model)
            detail = ", ".join(taken)
        except InvalidAnswer as exc:
            outcome, detail = "invalid_json", str(exc)
    call = LlmCall(
        section="brief",
        attempt=1,
        round=1,
        input_tokens=answer.input_tokens,
        output_tokens=answer.output_tokens,
        cached=answer.cached,
        finish_reason=answer.finish_reason,
        outcome=outcome,
        detail=detail[:300],
        latency_ms=answer.latency_ms,
    )
    return merged, taken, call, answer
