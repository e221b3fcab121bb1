"""`mlplan slack --socket` through the CLI's front door."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from mlplan.adapters.cli import app

from .stub import SlackStub

runner = CliRunner()


def test_without_socket_it_points_to_mlplan_serve() -> None:
    result = runner.invoke(app, ["slack"])
    assert result.exit_code == 2
    assert "/slack/events" in result.output and "--socket" in result.output


def test_socket_mode_needs_the_app_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    result = runner.invoke(app, ["slack", "--socket"])
    assert result.exit_code == 2
    assert "SLACK_APP_TOKEN" in result.output


def test_socket_mode_starts_the_bolt_handler(
    monkeypatch: pytest.MonkeyPatch, stub: SlackStub
) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    started: list[Any] = []
    monkeypatch.setattr(SocketModeHandler, "start", lambda self: started.append(self))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test-token")
    monkeypatch.setenv("MLPLAN_SLACK_API_BASE_URL", stub.base_url)
    result = runner.invoke(app, ["slack", "--socket"])
    assert result.exit_code == 0, result.output
    assert "Socket Mode" in result.output
    assert len(started) == 1
    assert "xapp-test-token" not in result.output and "xoxb-test-token" not in result.output
