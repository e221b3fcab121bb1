"""The real client (langchain-openai + openai + tenacity) against HTTP answers mocked by respx."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import respx

from mlplan.domain import MetricName
from mlplan.draft.llm import Completion
from mlplan.draft.llm.client import LangchainChatClient
from mlplan.errors import ConfigError, LLMError, LLMUnavailable

from .conftest import run_plan

BASE = "http://llm.test/v1"
URL = f"{BASE}/chat/completions"
FMT = {"type": "json_object", "schema": {"type": "object"}}


def _ok(content: str, finish: str = "stop", usage: tuple[int, int] = (120, 30)) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": "smol",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish,
                }
            ],
            "usage": {
                "prompt_tokens": usage[0],
                "completion_tokens": usage[1],
                "total_tokens": sum(usage),
            },
        },
    )


def _client(retries: int = 4) -> LangchainChatClient:
    return LangchainChatClient(
        provider="local",
        model="smol",
        base_url=BASE,
        api_key=None,
        timeout_s=5,
        retries=retries,
        backoff_s=0.01,
    )


def _ask(client: LangchainChatClient) -> Completion:
    return asyncio.run(
        client.complete(
            [{"role": "user", "content": "hi"}], response_format=FMT, max_tokens=50, temperature=0
        )
    )


@respx.mock
def test_429_then_success_is_retried_and_usage_is_read() -> None:
    route = respx.post(URL).mock(
        side_effect=[httpx.Response(429, json={"error": {"message": "slow down"}}), _ok("{}")]
    )
    answer = _ask(_client())
    assert route.call_count == 2
    assert answer.content == "{}" and answer.input_tokens == 120 and answer.output_tokens == 30
    body = json.loads(route.calls.last.request.content)
    assert body["response_format"] == FMT
    assert body.get("max_tokens", body.get("max_completion_tokens")) == 50


@respx.mock
def test_5xx_is_retried_but_a_400_is_not() -> None:
    route = respx.post(URL).mock(side_effect=[httpx.Response(503), httpx.Response(500), _ok("{}")])
    assert _ask(_client()).content == "{}"
    assert route.call_count == 3
    route = respx.post(URL).mock(
        return_value=httpx.Response(400, json={"error": {"message": "bad schema"}})
    )
    before = route.call_count
    with pytest.raises(LLMError, match="HTTP 400"):
        _ask(_client())
    assert route.call_count - before == 1


@respx.mock
def test_a_rejected_key_is_a_config_error() -> None:
    respx.post(URL).mock(return_value=httpx.Response(401, json={"error": {"message": "no"}}))
    with pytest.raises(ConfigError, match="API key"):
        _ask(_client())


@respx.mock
def test_timeouts_are_retried_then_reported_as_unavailable() -> None:
    route = respx.post(URL).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(LLMUnavailable, match="after 3 tries"):
        _ask(_client(retries=3))
    assert route.call_count == 3
    route = respx.post(URL).mock(side_effect=[httpx.ConnectTimeout("x"), _ok('{"a": 1}')])
    assert _ask(_client()).content == '{"a": 1}'


@respx.mock
def test_a_length_cut_off_is_reported_as_such() -> None:
    respx.post(URL).mock(return_value=_ok('{"problem_statement": "Ch', finish="length"))
    answer = _ask(_client())
    assert answer.finish_reason == "length"


def _by_section(responses: dict[str, list[str]]) -> Any:
    """A server that answers per section (read from the prompt), in turn."""
    turns: dict[str, int] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        section = next((s for s in responses if f"Write the `{s}` section" in user), None)
        if section is None:
            return _ok("{}")
        n = turns.get(section, 0)
        turns[section] = n + 1
        options = responses[section]
        return _ok(options[min(n, len(options) - 1)])

    return answer


@respx.mock
def test_malformed_json_then_repair_over_http(make_service) -> None:
    route = respx.post(URL).mock(
        side_effect=_by_section(
            {
                "evaluation": [
                    '{"primary_metric": {"name": "pr_auc"',  # cut mid-object: not JSON
                    '{"primary_metric": {"name": "pr_auc", "rationale": "rare churn"}}',
                ]
            }
        )
    )
    plan = run_plan(make_service(_client()))
    assert plan.evaluation.primary_metric.name is MetricName.PR_AUC
    assert plan.evaluation.primary_metric.rationale == "rare churn"
    outcomes = [c.outcome for c in plan.meta.llm.calls if c.section == "evaluation"]  # type: ignore[union-attr]
    assert outcomes == ["invalid_json", "accepted"]
    assert route.call_count == 10
    repair_body = json.loads(
        next(c.request.content for c in route.calls if b"not valid JSON" in c.request.content)
    )
    roles = [m["role"] for m in repair_body["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert plan.meta.llm.input_tokens == 120 * 10  # type: ignore[union-attr]


@respx.mock
def test_openai_style_sends_a_strict_json_schema(make_service) -> None:
    route = respx.post(URL).mock(return_value=_ok("{}"))
    run_plan(make_service(_client(), llm_response_format="json_schema"))
    body = json.loads(route.calls.last.request.content)
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
