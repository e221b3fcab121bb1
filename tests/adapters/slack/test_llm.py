"""LLM drafting in Slack: progress edited per section, and an offline fallback when it fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mlplan.adapters.slack import build_slack_app
from mlplan.errors import LLMUnavailable
from mlplan.service import PlanService
from mlplan.testing import MemoryStore, ScriptedChatClient

from .conftest import CHURN, MakeBot, slack_settings
from .stub import SlackStub
from .test_plan_flow import _texts


def _llm_service(base: PlanService, client: Any) -> PlanService:
    service = PlanService(
        settings=base.settings.model_copy(update={"llm": "local"}),
        drafter=base.drafter,
        max_brief_bytes=base.max_brief_bytes,
        llm_client=client,
    )
    service._kb = base.knowledge_index()
    return service


def _live_progress(service: PlanService, stub: SlackStub, tmp_path: Path) -> dict[str, Any]:
    """make_bot arguments for a bot that edits its progress message on every event."""
    store = MemoryStore()
    settings = slack_settings(service, stub, tmp_path)
    slack_app = build_slack_app(
        service=service, store=store, settings=settings, progress_interval_s=0.0
    )
    return {"store": store, "service": service, "slack_app": slack_app}


class _DownClient(ScriptedChatClient):
    async def complete(self, *args: Any, **kwargs: Any) -> object:
        raise LLMUnavailable("cannot reach the LLM server at http://127.0.0.1:9/v1")


def test_llm_progress_is_one_message_edited_as_sections_complete(
    make_bot: MakeBot, slack_service: PlanService, stub: SlackStub, tmp_path: Path
) -> None:
    service = _llm_service(slack_service, ScriptedChatClient(delay_s=0.01))
    with make_bot(**_live_progress(service, stub, tmp_path)) as bot:
        ts = bot.mention(f"plan {CHURN}")
        bot.stub.wait_uploads(1)
        progress = [p for p in bot.stub.posted() if "Planning" in p["text"]]
        assert len(progress) == 1 and progress[0]["thread_ts"] == ts
        updates = [c.params["text"] for c in bot.stub.calls_to("chat.update")]
        drafting = [u for u in updates if "sections done" in u]
        assert len(drafting) >= 3, updates
        assert "9/9 sections done" in drafting[-1]
        assert "is ready" in updates[-1]
        assert len({c.params["ts"] for c in bot.stub.calls_to("chat.update")}) == 1


def test_an_llm_that_is_down_falls_back_to_offline_and_says_so(
    make_bot: MakeBot, slack_service: PlanService
) -> None:
    service = _llm_service(slack_service, _DownClient())
    with make_bot(service=service) as bot:
        ts = bot.mention(f"plan {CHURN}")
        bot.stub.wait_uploads(1)
        summary = next(p for p in bot.stub.posted() if p.get("blocks"))
        text = _texts(summary["blocks"])
        assert "drafted offline" in text and "cannot reach the LLM server" in text
        updates = [c.params["text"] for c in bot.stub.calls_to("chat.update")]
        assert any("LLM is unavailable" in u for u in updates)
        assert bot.store.plan_for_thread("C1", ts) is not None
