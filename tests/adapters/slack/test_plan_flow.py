"""Planning through the front door: signed requests in, Slack Web API calls out (stubbed)."""

from __future__ import annotations

import time

from .conftest import CHURN, Bot


def _texts(blocks: list[dict]) -> str:
    out = []
    for b in blocks:
        if "text" in b:
            out.append(b["text"]["text"])
        out += [f["text"] for f in b.get("fields", [])]
        out += [e["text"] for e in b.get("elements", [])]
    return "\n".join(out)


def test_slash_plan_acks_at_once_then_answers_in_a_thread(bot: Bot) -> None:
    started = time.monotonic()
    response = bot.command(f"plan {CHURN}")
    assert response.status_code == 200
    assert time.monotonic() - started < 3.0
    assert "On it" in response.text  # shown to the user only (ephemeral)

    upload = bot.stub.wait_uploads()[0]
    posted = bot.stub.posted()
    root = posted[0]
    assert root["channel"] == "C1" and "thread_ts" not in root
    assert "asked for an ML plan" in root["text"] and "Predict churn" in root["text"]
    root_ts = bot.stub.calls_to("chat.postMessage")[0]  # the stub numbers ts in call order
    thread_ts = "1700000000.000001"
    assert root_ts.method == "chat.postMessage"
    replies = posted[1:]
    assert replies and all(p["thread_ts"] == thread_ts for p in replies)
    # one progress message, edited to its final state
    progress = replies[0]
    assert "Planning" in progress["text"]
    updates = bot.stub.calls_to("chat.update")
    assert updates and "is ready" in updates[-1].params["text"]
    # the Block Kit summary
    summary = next(p for p in replies if p.get("blocks"))
    text = _texts(summary["blocks"])
    for label in ("Task", "Primary metric", "Split", "Serving", "Findings"):
        assert f"*{label}*" in text
    assert summary["blocks"][0]["type"] == "header"
    assert len(summary["blocks"]) <= 50
    # the full plan as a Markdown file, in the thread
    assert upload.params["channel_id"] == "C1" and upload.params["thread_ts"] == thread_ts
    content = bot.stub.calls_to("POST upload")[0].body.decode()
    assert content.startswith("# ") and "Evaluation" in content
    assert bot.stub.calls_to("files.getUploadURLExternal")[0].params["filename"].endswith(".md")
    # the thread is linked to the stored plan
    plan_id = bot.store.plan_for_thread("C1", thread_ts)
    assert plan_id is not None
    record = bot.store.get_plan(plan_id)
    assert record is not None and record.version == 1 and record.owner == "slack:U1"
    # every Web API call carried the bot token
    assert all(
        c.authorization == "Bearer xoxb-test-token" for c in bot.stub.calls_to("chat.postMessage")
    )


def test_mention_plans_in_the_thread_and_replies_revise_it(bot: Bot) -> None:
    ts = bot.mention(f"plan {CHURN}")
    bot.stub.wait_uploads(1)
    plan_id = bot.store.plan_for_thread("C1", ts)
    assert plan_id is not None
    assert all(p.get("thread_ts") == ts for p in bot.stub.posted())

    bot.message("make it real-time, p99 under 50 ms", thread_ts=ts)
    bot.stub.wait_uploads(2)
    versions = bot.store.plan_versions(plan_id)
    assert [v.version for v in versions] == [1, 2]
    v2 = versions[1]
    assert v2.parent_version == 1 and v2.changes
    assert "serving mode: batch -> realtime" in v2.changes, v2.changes
    revised = [
        p for p in bot.stub.posted() if p.get("blocks") and "What changed" in _texts(p["blocks"])
    ]
    assert revised, bot.stub.summary()
    text = _texts(revised[0]["blocks"])
    assert "v1 → v2" in text
    assert any(c.split(":")[0] in text for c in v2.changes)
    assert any("Revising" in p["text"] for p in bot.stub.posted())
    uploads = bot.stub.calls_to("files.getUploadURLExternal")
    assert uploads[-1].params["filename"] == f"{plan_id}-v2.md"

    bot.message("we have no labels", thread_ts=ts)
    bot.stub.wait_uploads(3)
    assert [v.version for v in bot.store.plan_versions(plan_id)] == [1, 2, 3]
    v3 = bot.store.plan_versions(plan_id)[2]
    assert v3.parent_version == 2
    assert any(c.startswith("task type:") for c in v3.changes), v3.changes


def test_a_dm_is_planned_in_a_thread_of_the_message(bot: Bot) -> None:
    ts = bot.message(CHURN, channel="D1", channel_type="im")
    bot.stub.wait_uploads()
    assert all(p["channel"] == "D1" and p["thread_ts"] == ts for p in bot.stub.posted())
    assert bot.store.plan_for_thread("D1", ts) is not None


def test_channel_chatter_and_the_bots_own_messages_are_ignored(bot: Bot) -> None:
    bot.message("lunch anyone?")  # not in a linked thread
    response, _ = bot.event(
        {"type": "message", "bot_id": "BBOT", "user": "UBOT", "text": "progress", "ts": "1.1",
         "channel": "D1", "channel_type": "im"}
    )  # fmt: skip
    assert response.status_code == 200
    # a message that @-mentions the bot is answered once, by the app_mention listener
    bot.message(f"<@UBOT> plan {CHURN}")
    time.sleep(0.5)
    assert bot.stub.posted() == []


def test_help_is_the_acknowledgement(bot: Bot) -> None:
    response = bot.command("help")
    assert response.status_code == 200
    assert "/mlplan plan" in response.json()["text"]
    unknown = bot.command("frobnicate")
    assert "I didn't get that" in unknown.json()["text"]
    time.sleep(0.3)
    assert bot.stub.posted() == []


def test_an_empty_brief_ends_in_a_friendly_message(bot: Bot) -> None:
    bot.command("plan")
    bot.stub.wait_for(
        lambda: any(":warning:" in p["text"] for p in bot.stub.posted()), what="warning"
    )
    warning = next(p for p in bot.stub.posted() if ":warning:" in p["text"])
    assert "the brief is empty" in warning["text"]
    assert bot.stub.calls_to("files.completeUploadExternal") == []


def test_not_in_channel_answers_privately_through_the_response_url(bot: Bot) -> None:
    bot.stub.errors["chat.postMessage"] = "not_in_channel"
    bot.command(f"plan {CHURN}")
    respond = bot.stub.wait_for(lambda: bot.stub.calls_to("POST respond"), what="respond")
    assert "not_in_channel" in respond[0].params["text"]
    assert "/invite @mlplan" in respond[0].params["text"]
    assert respond[0].params["response_type"] == "ephemeral"


def test_a_reply_in_a_thread_whose_plan_is_gone_gets_a_friendly_message(bot: Bot) -> None:
    bot.store.link_thread("C1", "1600000000.000001", "pln_missing")
    bot.message("we have no labels", thread_ts="1600000000.000001")
    warning = bot.stub.wait_for(
        lambda: [p["text"] for p in bot.stub.posted() if ":warning:" in p["text"]],
        what="a warning",
    )
    assert "pln_missing no longer exists" in warning[0]


def test_file_shared_events_are_only_acknowledged(bot: Bot) -> None:
    response, _ = bot.event(
        {"type": "file_shared", "file_id": "F1", "user_id": "U1", "channel_id": "C1"}
    )
    assert response.status_code == 200
    time.sleep(0.3)
    assert bot.stub.posted() == [] and bot.stub.calls_to("GET file") == []
