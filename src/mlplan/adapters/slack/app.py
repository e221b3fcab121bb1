"""The Bolt app: one per process, over the same PlanService and store as the HTTP API.

Built from settings: the bot token (SLACK_BOT_TOKEN), the signing secret
(SLACK_SIGNING_SECRET, required over HTTP so every request's signature and timestamp are
checked; Bolt answers 401 otherwise) and the Web API base URL (MLPLAN_SLACK_API_BASE_URL,
for a local stub in tests). The token is not checked against Slack at construction (Bolt
does it on the first request), so building the API app never touches the network.
"""

from __future__ import annotations

import logging

from pydantic import SecretStr
from slack_bolt import App
from slack_sdk import WebClient

from mlplan.adapters.slack.conversation import Conversations
from mlplan.adapters.slack.dedupe import EventDeduper
from mlplan.adapters.slack.handlers import Listeners, register
from mlplan.config import Settings
from mlplan.errors import ConfigError
from mlplan.service import PlanService
from mlplan.store.api import Store

log = logging.getLogger("mlplan.slack")


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value().strip() if value is not None else ""


def api_base_url(settings: Settings) -> str:
    """The Slack Web API root with the trailing slash WebClient expects."""
    base = settings.slack_api_base_url or WebClient.BASE_URL
    return base if base.endswith("/") else base + "/"


def build_slack_app(
    *,
    service: PlanService,
    store: Store,
    settings: Settings | None = None,
    socket_mode: bool = False,
    progress_interval_s: float = 1.0,
) -> App:
    """The bot's Bolt app. Over HTTP a signing secret is required; Socket Mode needs none
    (its connection is authenticated by the app-level token)."""
    settings = settings or service.settings
    token = _secret(settings.slack_bot_token)
    signing_secret = _secret(settings.slack_signing_secret)
    if not token:
        raise ConfigError("the Slack bot needs SLACK_BOT_TOKEN (xoxb-…)")
    if not signing_secret and not socket_mode:
        raise ConfigError(
            "the Slack bot over HTTP needs SLACK_SIGNING_SECRET to verify Slack's requests"
        )
    client = WebClient(token=token, base_url=api_base_url(settings))
    app = App(
        client=client,
        signing_secret=signing_secret or None,
        request_verification_enabled=bool(signing_secret),
        token_verification_enabled=False,
        process_before_response=False,
        logger=logging.getLogger("mlplan.slack.bolt"),
    )
    conversations = Conversations(service=service, store=store, settings=settings)
    listeners = Listeners(conversations, EventDeduper(store), interval_s=progress_interval_s)
    register(app, listeners)
    return app
