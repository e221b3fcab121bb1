"""The LLM drafter with a scripted model: merge, repair loop, fallbacks, rounds, usage."""

from __future__ import annotations

import json

import pytest

from mlplan.domain import MetricName, Severity
from mlplan.draft.llm import Completion
from mlplan.errors import LLMError, LLMUnavailable
from mlplan.testing import ScriptedChatClient

from .conftest import CHURN, run_plan

ACCURACY = {"primary_metric": {"name": "accuracy", "rationale": "simple to explain"}}
PR_AUC = {
    "primary_metric": {"name": "pr_auc", "rationale": "4 % churn: PR-AUC tracks the rare class"},
    "slices": ["tenure band", "plan type"],
}


def _user_messages(client: ScriptedChatClient, section: str) -> list[str]:
    for req in reversed(client.requests):
        if req["section"] == section:
            return [m["content"] for m in req["messages"] if m["role"] == "user"]  # type: ignore[attr-defined]
    return []


def test_model_fields_replace_the_expert_draft_and_the_rest_is_kept(make_service) -> None:
    client = ScriptedChatClient({"evaluation": [PR_AUC]})
    service = make_service(client)
    plan = run_plan(service)
    expert = service.plan(
        "Predict churn for our subscription service; 10M CRM rows of monthly customer "
        "snapshots; ~4% churn; GDPR applies. Questions to jane.doe@example.com.",
        llm="none",
    )
    assert plan.evaluation.primary_metric.rationale.startswith("4 % churn")
    assert plan.evaluation.slices == ["tenure band", "plan type"]
    # Fields the model was not asked for come from the expert draft, unchanged.
    assert plan.evaluation.validation_strategy == expert.evaluation.validation_strategy
    assert plan.training == expert.training
    assert plan.meta.drafter == "llm:scripted"
    assert plan.meta.llm is not None and plan.meta.llm.fallbacks == {}


def test_a_wrong_metric_is_sent_back_with_the_finding_and_the_repair_is_kept(
    make_service,
) -> None:
    client = ScriptedChatClient({"evaluation": [ACCURACY, PR_AUC]})
    plan = run_plan(make_service(client))
    assert plan.evaluation.primary_metric.name is MetricName.PR_AUC
    repair = _user_messages(client, "evaluation")[-1]
    assert "M01" in repair and "Fix:" in repair
    calls = [c for c in plan.meta.llm.calls if c.section == "evaluation"]  # type: ignore[union-attr]
    assert [(c.attempt, c.outcome) for c in calls] == [(1, "findings"), (2, "accepted")]
    assert calls[0].detail == "M01"
    assert not [f for f in plan.findings if f.severity is Severity.ERROR]


def test_a_section_that_never_passes_falls_back_to_the_expert_and_says_so(make_service) -> None:
    client = ScriptedChatClient({"evaluation": [ACCURACY]})
    service = make_service(client, llm_max_attempts=3)
    plan = run_plan(service)
    assert client.calls_for("evaluation") == 3
    assert plan.evaluation.primary_metric.name is not MetricName.ACCURACY
    assert "evaluation" in plan.meta.llm.fallbacks  # type: ignore[union-attr]
    assert "M01" in plan.meta.llm.fallbacks["evaluation"]  # type: ignore[union-attr]
    assert not any(f.rule_id == "M01" for f in plan.findings)


def test_broken_json_is_repaired_with_the_parse_error(make_service) -> None:
    client = ScriptedChatClient({"model": ['{"primary": {"name": "x"', {}]})
    plan = run_plan(make_service(client))
    repair = _user_messages(client, "model")[-1]
    assert "not valid JSON" in repair
    outcomes = [c.outcome for c in plan.meta.llm.calls if c.section == "model"]  # type: ignore[union-attr]
    assert outcomes == ["invalid_json", "accepted"]


def test_wrong_shape_is_explained_field_by_field(make_service) -> None:
    client = ScriptedChatClient({"evaluation": [{"primary_metric": {"name": "vibes"}}, PR_AUC]})
    run_plan(make_service(client))
    repair = _user_messages(client, "evaluation")[-1]
    assert "primary_metric.name" in repair


def test_a_cut_off_answer_is_asked_again_shorter_not_repaired(make_service) -> None:
    cut = Completion(content='{"problem_statement": "Churn costs', finish_reason="length")
    client = ScriptedChatClient({"problem_framing": [cut, {"problem_statement": "Churn."}]})
    plan = run_plan(make_service(client))
    assert "cut off" in _user_messages(client, "problem_framing")[-1]
    retry = [r for r in client.requests if r["section"] == "problem_framing"][-1]
    # The truncated answer is not kept in the conversation: the retry starts clean.
    assert all(m["content"] != cut.content for m in retry["messages"])  # type: ignore[attr-defined]
    assert plan.problem_framing.problem_statement == "Churn."
    outcomes = [c.outcome for c in plan.meta.llm.calls if c.section == "problem_framing"]  # type: ignore[union-attr]
    assert outcomes == ["length", "accepted"]


def test_a_refusal_is_not_argued_with(make_service) -> None:
    refusal = Completion(content="", refusal="I can't help with that.")
    client = ScriptedChatClient({"data": [refusal, {}]})
    plan = run_plan(make_service(client))
    assert client.calls_for("data") == 1
    assert "refused" in plan.meta.llm.fallbacks["data"]  # type: ignore[union-attr]


def test_the_token_budget_stops_repairs(make_service) -> None:
    client = ScriptedChatClient({"evaluation": [ACCURACY]}, tokens=(900, 100))
    service = make_service(client, llm_token_budget=1_000, llm_max_attempts=5)
    plan = run_plan(service)
    run = plan.meta.llm
    assert run is not None
    assert any(c.outcome == "over_budget" for c in run.calls)
    assert "token budget" in " ".join(run.fallbacks.values())
    assert client.calls_for("evaluation") < 5


def test_sections_run_concurrently_in_waves_within_three_rounds(make_service) -> None:
    client = ScriptedChatClient(
        {"evaluation": [ACCURACY, PR_AUC], "training": [{"split": {"strategy": "random"}}, {}]},
        delay_s=0.01,
    )
    plan = run_plan(make_service(client, llm_concurrency=8))
    run = plan.meta.llm
    assert run is not None
    assert client.max_in_flight >= 4  # wave one is five independent sections
    assert run.rounds <= 3
    first_round = {c.section for c in run.calls if c.round == 1}
    assert first_round == {"problem_framing", "data", "features", "model", "evaluation"}
    # Training waits for evaluation's first answer, which failed: it is shown the expert's.
    training_prompt = _user_messages(client, "training")[0]
    assert "[evaluation]" in training_prompt and '"accuracy"' not in training_prompt


def test_usage_tokens_and_cost_are_recorded_per_call(make_service) -> None:
    client = ScriptedChatClient({}, tokens=(1_000, 200))
    service = make_service(client, llm_model="gpt-4o-mini")
    plan = service.plan(CHURN, llm="openai")
    run = plan.meta.llm
    assert run is not None
    n = len(run.calls)
    assert n == 9
    assert run.input_tokens == 1_000 * n and run.output_tokens == 200 * n
    assert run.cost_usd == pytest.approx(n * (1_000 * 0.15 + 200 * 0.60) / 1e6)
    assert run.tokens_by_section()["evaluation"] == (1_000, 200)
    assert run.prompt_version == "v1" and len(run.prompt_hash) == 64
    # The same model name on a local server costs nothing; an unlisted remote model is unpriced.
    assert run_plan(make_service(ScriptedChatClient({}))).meta.llm.cost_usd == 0.0  # type: ignore[union-attr]
    unpriced = make_service(ScriptedChatClient({}), llm_model="my-finetune")
    assert unpriced.plan(CHURN, llm="openai").meta.llm.cost_usd is None  # type: ignore[union-attr]


def test_cited_ids_become_citations_and_unknown_ones_are_reported(make_service) -> None:
    client = ScriptedChatClient({"evaluation": [{**PR_AUC, "cited_ids": ["made-up#nowhere"]}]})
    plan = run_plan(make_service(client))
    assert plan.evaluation.citations[0].chunk_id == "made-up#nowhere"
    assert any(f.rule_id == "S04" and "made-up" in f.message for f in plan.findings)


def test_prompts_carry_passages_rules_and_the_reference_draft(make_service) -> None:
    client = ScriptedChatClient({})
    run_plan(make_service(client))
    prompt = _user_messages(client, "evaluation")[0]
    assert "Knowledge passages" in prompt and "M01" in prompt and "Reference draft" in prompt
    system = client.requests[0]["messages"][0]["content"]  # type: ignore[index]
    assert "10M" in system and "4%" in system


def test_redaction_masks_contact_details_before_the_brief_leaves(make_service) -> None:
    client = ScriptedChatClient({})
    plan = run_plan(make_service(client, llm_redact="on"))
    sent = json.dumps([r["messages"] for r in client.requests])
    assert "jane.doe@example.com" not in sent and "[email]" in sent
    assert plan.meta.llm.redactions == {"email": 1}  # type: ignore[union-attr]
    # The plan keeps the user's own text.
    assert "jane.doe@example.com" in plan.brief.raw_text


def test_no_redaction_for_a_local_server_by_default(make_service) -> None:
    client = ScriptedChatClient({})
    plan = run_plan(make_service(client))
    assert plan.meta.llm.redactions == {}  # type: ignore[union-attr]


def test_a_failed_call_falls_back_for_that_section_only(make_service) -> None:
    class Failing(ScriptedChatClient):
        async def complete(self, messages, **kw):  # type: ignore[no-untyped-def,override]
            if "Write the `deployment` section" in messages[1]["content"]:
                raise LLMError("the LLM server answered HTTP 400: bad request")
            return await super().complete(messages, **kw)

    plan = run_plan(make_service(Failing({})))
    assert "HTTP 400" in plan.meta.llm.fallbacks["deployment"]  # type: ignore[union-attr]
    assert set(plan.meta.llm.fallbacks) == {"deployment"}  # type: ignore[union-attr]


def test_an_unreachable_server_fails_the_plan_clearly(make_service) -> None:
    class Down(ScriptedChatClient):
        async def complete(self, messages, **kw):  # type: ignore[no-untyped-def,override]
            raise LLMUnavailable("cannot reach the LLM server at http://x")

    with pytest.raises(LLMUnavailable):
        run_plan(make_service(Down({})))


def test_events_report_each_section(make_service) -> None:
    events: list[tuple[str, str, str]] = []
    client = ScriptedChatClient({"evaluation": [ACCURACY, PR_AUC]})
    run_plan(make_service(client), events=events)
    kinds = {(e, s) for e, s, _ in events}
    assert ("repairing", "evaluation") in kinds and ("drafted", "evaluation") in kinds
    assert events[-1][0] == "done"


def test_markdown_says_which_sections_fell_back_and_what_it_cost(make_service) -> None:
    from mlplan.render import render_markdown

    client = ScriptedChatClient({"evaluation": [ACCURACY]})
    text = render_markdown(run_plan(make_service(client, llm_redact="on")))
    assert "LLM: scripted via fake, prompts v1" in text
    assert "*evaluation: expert draft kept — still failing after 2 attempts" in text
    assert "Masked before sending: 1 email." in text
