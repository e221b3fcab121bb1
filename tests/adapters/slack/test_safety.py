"""Safety at the Slack door: signatures, stale requests, retries, secrets in logs."""

from __future__ import annotations

import json
import logging
import time

import pytest
from fastapi.testclient import TestClient

from mlplan.adapters.api import create_app
from mlplan.service import PlanService
from mlplan.store.api import Store
from mlplan.testing import MemoryStore

from .conftest import CHURN, SECRET, TOKEN, Bot, MakeBot, new_ts


def _url_verification() -> str:
    return json.dumps({"token": "t", "challenge": "c-123", "type": "url_verification"})


def test_a_signed_url_verification_is_answered(bot: Bot) -> None:
    response = bot.post(_url_verification(), "application/json")
    assert response.status_code == 200 and response.json() == {"challenge": "c-123"}


def test_a_bad_signature_is_refused_with_401(bot: Bot) -> None:
    response = bot.post(_url_verification(), "application/json", secret="not-the-secret")
    assert response.status_code == 401
    unsigned = bot.client.post("/slack/events", content=_url_verification().encode())
    assert unsigned.status_code == 401
    response = bot.command(f"plan {CHURN}")  # sanity: the same door works when signed
    assert response.status_code == 200


def test_a_stale_timestamp_is_refused_with_401(bot: Bot) -> None:
    body = _url_verification()
    stale = int(time.time()) - 10 * 60  # Slack's replay window is 5 minutes
    response = bot.post(body, "application/json", timestamp=stale)
    assert response.status_code == 401
    event = {"type": "app_mention", "user": "U1", "text": "<@UBOT> plan x y z", "ts": new_ts(),
             "channel": "C1"}  # fmt: skip
    response, _ = bot.event(event, timestamp=stale)
    assert response.status_code == 401
    time.sleep(0.3)
    assert bot.stub.posted() == []


def test_a_tampered_body_is_refused(bot: Bot) -> None:
    body = _url_verification()
    from .conftest import sign

    headers = {"Content-Type": "application/json", **sign(body)}
    response = bot.client.post(
        "/slack/events", content=body.replace("c-123", "c-999").encode(), headers=headers
    )
    assert response.status_code == 401


def test_a_retried_event_is_answered_once(make_bot: MakeBot, any_store: Store) -> None:
    with make_bot(store=any_store) as bot:
        ts = new_ts()
        event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> plan {CHURN}", "ts": ts,
                 "channel": "C1", "event_ts": ts}  # fmt: skip
        first, event_id = bot.event(event)
        retry, _ = bot.event(
            event,
            event_id=event_id,
            headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
        )
        assert first.status_code == 200 and retry.status_code == 200
        bot.stub.wait_uploads(1)
        again, _ = bot.event(event, event_id=event_id, headers={"X-Slack-Retry-Num": "2"})
        assert again.status_code == 200
        time.sleep(0.8)  # give a (wrong) second answer every chance to appear
        assert len(bot.stub.calls_to("files.completeUploadExternal")) == 1
        progress = [p for p in bot.stub.posted() if "Planning" in p["text"]]
        assert len(progress) == 1
        plan_id = any_store.plan_for_thread("C1", ts)
        assert plan_id is not None and len(any_store.plan_versions(plan_id)) == 1
        # a different event is not mistaken for a retry
        bot.mention(f"plan {CHURN}")
        bot.stub.wait_uploads(2)


def test_tokens_and_the_signing_secret_never_reach_the_logs(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bot.post(_url_verification(), "application/json", secret="wrong")  # logged as invalid
    ts = bot.mention(f"plan {CHURN}")
    bot.stub.wait_uploads(1)
    file = bot.stub.add_file("plan.md", b"# Plan\n\n## Evaluation\nAccuracy.\n")
    bot.message("", thread_ts=ts, files=[file])
    bot.stub.wait_uploads(2)
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "slack" in logged.lower()  # the debug logs were captured at all
    assert TOKEN not in logged
    assert SECRET not in logged


def test_slack_is_not_mounted_without_its_settings(slack_service: PlanService) -> None:
    app = create_app(service=slack_service, store=MemoryStore())
    with TestClient(app) as client:
        response = client.post("/slack/events", content=_url_verification().encode())
        assert response.status_code == 404
        assert "/slack/events" not in json.dumps(client.get("/openapi.json").json())
