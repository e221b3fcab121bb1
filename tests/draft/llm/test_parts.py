"""Schema dialects, answer reading, prompt versions, the response cache, brief understanding."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest

from mlplan.domain import Evaluation, Origin, TaskType
from mlplan.draft.llm import Completion, load_prompts
from mlplan.draft.llm.cache import CachingClient
from mlplan.draft.llm.redact import redact
from mlplan.draft.llm.schema import InvalidAnswer, draft_model, read_answer, response_format
from mlplan.draft.llm.understand import merge_brief
from mlplan.errors import ConfigError
from mlplan.resources import prompts_dir
from mlplan.testing import ScriptedChatClient
from mlplan.understand import load_brief

from .conftest import CHURN, run_plan

MODEL = draft_model(Evaluation, ("primary_metric", "slices"))


def _objects(node: Any) -> list[dict[str, Any]]:
    out = []
    if isinstance(node, dict):
        if "properties" in node:
            out.append(node)
        for v in node.values():
            out += _objects(v)
    elif isinstance(node, list):
        for v in node:
            out += _objects(v)
    return out


def test_strict_schema_requires_every_property_and_allows_no_extras() -> None:
    fmt, text = response_format(MODEL, "json_schema")
    assert text is None and fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    for obj in _objects(schema):
        assert sorted(obj["required"]) == sorted(obj["properties"])
        assert obj["additionalProperties"] is False
    assert '"default"' not in str(schema).replace("'", '"')


def test_llama_cpp_dialect_carries_the_schema_in_json_object() -> None:
    fmt, _ = response_format(MODEL, "json_object_schema")
    assert fmt["type"] == "json_object" and "properties" in fmt["schema"]
    fmt, text = response_format(MODEL, "json_object")
    assert fmt == {"type": "json_object"} and text and "primary_metric" in text


def test_answers_drop_nulls_unfence_and_reject_bad_shapes() -> None:
    got = read_answer(
        '```json\n{"primary_metric": {"name": "pr_auc", "k": null}, "slices": null}\n```', MODEL
    )
    assert got == {"primary_metric": {"name": "pr_auc"}}
    with pytest.raises(InvalidAnswer, match="not valid JSON"):
        read_answer("{'single': 'quotes'}", MODEL)
    with pytest.raises(InvalidAnswer, match="one JSON object"):
        read_answer("[1, 2]", MODEL)
    with pytest.raises(InvalidAnswer, match=r"primary_metric\.name"):
        read_answer('{"primary_metric": {"name": "vibes"}}', MODEL)
    with pytest.raises(InvalidAnswer, match="extra_field"):
        read_answer('{"extra_field": 1}', MODEL)
    # Raw newlines inside strings (common from small models) are read, not rejected.
    assert read_answer('{"slices": ["a\nb"]}', MODEL) == {"slices": ["a\nb"]}


def test_prompt_version_loads_with_waves_and_a_content_hash(tmp_path: Path) -> None:
    prompts = load_prompts("v1")
    waves = prompts.waves()
    assert len(waves) == 2
    assert set(waves[0]) == {"problem_framing", "data", "features", "model", "evaluation"}
    copy = tmp_path / "v1"
    shutil.copytree(prompts_dir() / "v1", copy)
    assert load_prompts("v1", base=tmp_path).hash == prompts.hash
    (copy / "evaluation.md.j2").write_text("changed {{ section }}", encoding="utf-8")
    assert load_prompts("v1", base=tmp_path).hash != prompts.hash


def test_bad_prompt_versions_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="available: v1"):
        load_prompts("v0")
    copy = tmp_path / "v1"
    shutil.copytree(prompts_dir() / "v1", copy)
    manifest = copy / "manifest.yaml"
    manifest.write_text(
        manifest.read_text().replace("[deadline_fit]", "[deadline_fits]"), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="deadline_fits"):
        load_prompts("v1", base=tmp_path)
    manifest.write_text(
        manifest.read_text().replace("after: [model, data]", "after: [timeline]"),
        encoding="utf-8",
    )
    manifest.write_text(
        manifest.read_text().replace("[deadline_fits]", "[deadline_fit]"), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="depend on each other"):
        load_prompts("v1", base=tmp_path)


def test_a_template_variable_that_is_not_given_is_an_error() -> None:
    prompts = load_prompts("v1")
    with pytest.raises(Exception, match="undefined"):
        prompts.render("evaluation.md.j2", section="evaluation")


def test_the_cache_answers_repeats_and_never_stores_failures(tmp_path: Path) -> None:
    cut = Completion(content="{", finish_reason="length")
    inner = ScriptedChatClient({"unknown": [{"a": 1}, {"a": 2}, cut, cut]})
    cache = CachingClient(inner, tmp_path)
    msgs = [{"role": "user", "content": "hello"}]

    def ask(repeat: int = 0, text: str = "hello") -> Completion:
        return asyncio.run(
            cache.complete(
                [{"role": "user", "content": text}],
                response_format={"type": "json_object"},
                max_tokens=10,
                temperature=0.0,
                repeat=repeat,
            )
        )

    first, second = ask(), ask()
    assert not first.cached and second.cached and second.content == first.content
    assert len(inner.requests) == 1
    assert ask(repeat=1).content == '{"a": 2}'  # a deliberate repeat is a new question
    assert ask(text="cut").finish_reason == "length"
    assert ask(text="cut").finish_reason == "length"
    assert len(inner.requests) == 4  # cut-off answers were asked again, not replayed
    assert msgs  # the caller's list is not mutated


def test_cache_setting_on_reuses_answers_across_plans(make_service) -> None:
    client = ScriptedChatClient({})
    service = make_service(client, llm_cache="on")
    first = run_plan(service)
    second = run_plan(service)
    assert first.meta.llm.cache_hits == 0  # type: ignore[union-attr]
    assert second.meta.llm.cache_hits == len(second.meta.llm.calls) == 9  # type: ignore[union-attr]
    assert second.meta.llm.cost_usd in (0.0, None)  # type: ignore[union-attr]


def test_redact_masks_contacts_and_ids_but_keeps_plan_figures() -> None:
    text, counts = redact(
        "Ping ana@corp.io or +44 20 7946 0958 about account AC-99812345 (IBAN-like "
        "DE44500105175407324931). 10M rows, 4% churn, 2019-2024, p99 50 ms, 10 000 000 rows."
    )
    assert "ana@corp.io" not in text and "7946" not in text and "AC-99812345" not in text
    assert "10M rows, 4% churn, 2019-2024, p99 50 ms, 10 000 000 rows." in text
    assert counts == {"email": 1, "phone": 1, "id": 2}


def test_llm_brief_reading_never_replaces_a_stated_fact() -> None:
    brief = load_brief(CHURN)
    assert brief.facts["positive_class_rate"].origin is Origin.STATED
    merged, taken = merge_brief(
        brief,
        {"positive_class_rate": 0.5, "label_delay": "30 days", "task_type": "regression"},
        "m",
    )
    assert merged.positive_class_rate == brief.positive_class_rate
    assert merged.label_delay == "30 days" and "label_delay" in taken
    assert merged.facts["label_delay"].origin is Origin.INFERRED
    if brief.facts["task_type"].origin is Origin.STATED:
        assert merged.task_type is TaskType.BINARY_CLASSIFICATION
    # An out-of-range value drops the whole reading rather than half-applying it.
    same, none = merge_brief(brief, {"label_delay": "1 week", "latency_p99_ms": -5}, "m")
    assert same == brief and none == []


def test_llm_understanding_adds_one_round_and_records_the_fields(make_service) -> None:
    client = ScriptedChatClient({"unknown": [{"label_delay": "14 days", "target": None}]})
    plan = run_plan(make_service(client, llm_understand=True))
    run = plan.meta.llm
    assert run is not None
    assert run.brief_fields_from_llm == ["label_delay"]
    assert plan.brief.label_delay == "14 days"
    assert [c.section for c in run.calls if c.round == 1] == ["brief"]
    assert run.rounds <= 4
