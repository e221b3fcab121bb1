"""Slack's HTTP door inside the API process: POST /slack/events, same service and store.

Bolt's dispatch is synchronous (signature check, dedupe, `ack`), so it runs on the thread
pool rather than the event loop; the answer (the ack) goes back at once and the lazy
listener keeps working on Bolt's own worker thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from mlplan.adapters.slack.app import build_slack_app

if TYPE_CHECKING:
    from fastapi import FastAPI

    from mlplan.config import Settings
    from mlplan.service import PlanService
    from mlplan.store.api import Store

PATH = "/slack/events"


def mount_slack(
    app: FastAPI,
    slack_app: App | None = None,
    *,
    service: PlanService,
    store: Store,
    settings: Settings,
    path: str = PATH,
) -> App:
    """Serve `slack_app` (default: built from settings) at `path`; returns the Bolt app."""
    bolt = slack_app or build_slack_app(service=service, store=store, settings=settings)

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        response = await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body))
        return to_starlette_response(response)

    app.add_api_route(path, slack_events, methods=["POST"], include_in_schema=False)
    app.state.slack = bolt
    return bolt
