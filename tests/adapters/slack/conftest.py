"""Slack bot tests: signed HTTP requests into the real API app, a local Slack Web API stub.

`bot` is the API app built by `create_app` with Slack settings (so /slack/events is
mounted the way production mounts it), signature verification on, over a fresh store,
talking to a `SlackStub` on 127.0.0.1. Requests are signed like Slack signs them.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from mlplan.adapters.api import create_app
from mlplan.config import Settings
from mlplan.service import PlanService, build_service
from mlplan.store.api import Store
from mlplan.testing import MemoryStore

from .stub import BOT_USER, SlackStub

TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret-0123456789"
CHURN = (
    "Predict churn for our subscription service; 10M CRM rows of monthly customer snapshots; "
    "~4% churn; GDPR applies."
)
PLAN_MD = """# Churn model plan

## Problem
Predict which customers cancel in the next 30 days.

## Data
10M rows of CRM snapshots, one per customer per month.

## Evaluation
We will measure accuracy on a random split.
"""


@pytest.fixture(scope="session")
def slack_service(tmp_path_factory: pytest.TempPathFactory) -> PlanService:
    settings = Settings(data_dir=tmp_path_factory.mktemp("slack-data"), llm="none", llm_cache="off")
    service = build_service(settings)
    service.knowledge_index()  # built once for the session
    return service


@pytest.fixture
def stub() -> Iterator[SlackStub]:
    server = SlackStub().start()
    try:
        yield server
    finally:
        server.stop()


def sign(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """The headers Slack sends: X-Slack-Request-Timestamp and the v0 HMAC-SHA256 signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


_ts = itertools.count(1)


def new_ts() -> str:
    return f"1690000000.{next(_ts):06d}"


@dataclass
class Bot:
    client: TestClient
    store: Store
    stub: SlackStub

    def post(
        self, body: str, content_type: str, headers: dict[str, str] | None = None, **sign_kw: Any
    ) -> Any:
        return self.client.post(
            "/slack/events",
            content=body.encode(),
            headers={"Content-Type": content_type, **sign(body, **sign_kw), **(headers or {})},
        )

    def command(self, text: str, *, channel: str = "C1", user: str = "U1") -> Any:
        form = {
            "token": "legacy-verification-token",
            "team_id": "T1",
            "channel_id": channel,
            "user_id": user,
            "command": "/mlplan",
            "text": text,
            "response_url": f"{self.stub.root}/respond/{uuid.uuid4().hex}",
            "trigger_id": uuid.uuid4().hex,
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any
    ) -> tuple[Any, str]:
        event_id = event_id or f"Ev{uuid.uuid4().hex[:10].upper()}"
        body = {
            "token": "legacy-verification-token",
            "team_id": "T1",
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}],
        }
        return self.post(json.dumps(body), "application/json", **kw), event_id

    def mention(self, text: str, *, channel: str = "C1", thread_ts: str | None = None) -> str:
        ts = new_ts()
        event = {
            "type": "app_mention",
            "user": "U1",
            "text": f"<@{BOT_USER}> {text}",
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        response, _ = self.event(event)
        assert response.status_code == 200, response.text
        return ts

    def message(
        self,
        text: str,
        *,
        channel: str = "C1",
        thread_ts: str | None = None,
        channel_type: str = "channel",
        files: list[dict[str, Any]] | None = None,
    ) -> str:
        ts = new_ts()
        event: dict[str, Any] = {
            "type": "message",
            "user": "U1",
            "text": text,
            "ts": ts,
            "channel": channel,
            "channel_type": channel_type,
            "event_ts": ts,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        if files:
            event["subtype"] = "file_share"
            event["files"] = files
        response, _ = self.event(event)
        assert response.status_code == 200, response.text
        return ts


MakeBot = Callable[..., AbstractContextManager[Bot]]


@pytest.fixture
def make_bot(slack_service: PlanService, stub: SlackStub, tmp_path: Path) -> MakeBot:
    @contextmanager
    def make(
        store: Store | None = None,
        service: PlanService | None = None,
        slack_app: Any = None,
        **overrides: Any,
    ) -> Iterator[Bot]:
        service = service or slack_service
        store = store if store is not None else MemoryStore()
        settings = slack_settings(service, stub, tmp_path, **overrides)
        app = create_app(service=service, store=store, settings=settings, slack_app=slack_app)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Bot(client=client, store=store, stub=stub)

    return make


def slack_settings(
    service: PlanService, stub: SlackStub, tmp_path: Path, **overrides: Any
) -> Settings:
    return service.settings.model_copy(
        update={
            "data_dir": tmp_path,
            "slack_bot_token": SecretStr(TOKEN),
            "slack_signing_secret": SecretStr(SECRET),
            "slack_api_base_url": stub.base_url,
            **overrides,
        }
    )


@pytest.fixture
def bot(make_bot: MakeBot) -> Iterator[Bot]:
    with make_bot() as b:
        yield b
