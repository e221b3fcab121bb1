"""Data files shared in Slack ground plans: the next version in a plan's thread, a new plan
with `@mlplan plan` or a DM brief, a how-to elsewhere; limits and failures are friendly."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest

from mlplan.errors import ConfigError
from mlplan.service import PlanService
from mlplan.testing import ScriptedChatClient

from .conftest import CHURN, Bot, MakeBot, new_ts
from .stub import BOT_USER, SlackStub
from .test_llm import _DownClient, _live_progress, _llm_service
from .test_plan_flow import _texts
from .test_reviews import _warning

PII = "person17@example.com"
"""A value of the e-mail column: it must never reach Slack."""


def churn_csv(n: int = 300, seed: int = 3) -> bytes:
    """Churn rows with a planted leak (`refund_issued`, the label with 2 % noise), a
    repeating customer key, a date and an e-mail column."""
    rng = random.Random(seed)
    rows = [
        "customer_id,signup_date,email,plan_type,monthly_spend,support_calls,refund_issued,churned"
    ]
    for i in range(n):
        churned = rng.random() < 0.2
        leak = int(churned) if rng.random() < 0.98 else 1 - int(churned)
        rows.append(
            f"C{i % 120:04d},2023-{1 + i % 12:02d}-{1 + i % 28:02d},person{i}@example.com,"
            f"{rng.choice(['basic', 'pro'])},{rng.gauss(50, 10) + 10 * churned:.2f},"
            f"{rng.randint(0, 3) + 2 * churned},{leak},{int(churned)}"
        )
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary folders of this test go here, so the test sees them deleted."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _plan_thread(bot: Bot) -> tuple[str, str]:
    ts = bot.mention(f"plan {CHURN}")
    bot.stub.wait_uploads(1)
    plan_id = bot.store.plan_for_thread("C1", ts)
    assert plan_id is not None
    return ts, plan_id


def _answers(bot: Bot) -> list[dict[str, Any]]:
    return [p for p in bot.stub.posted() if p.get("blocks") and "ML plan" in p["text"]]


def _everything_sent(bot: Bot) -> str:
    """All the bot sent to Slack: messages, edits, uploads (not the download requests)."""
    return "\n".join(
        json.dumps(c.params) + c.body.decode("utf-8", "replace")
        for c in bot.stub.calls
        if c.method != "GET file"
    )


def _progress(bot: Bot) -> list[str]:
    return [p["text"] for p in bot.stub.posted() if not p.get("blocks")] + [
        c.params["text"] for c in bot.stub.calls_to("chat.update")
    ]


def test_a_csv_in_the_plan_thread_grounds_the_next_version(bot: Bot, private_tmp: Path) -> None:
    ts, plan_id = _plan_thread(bot)
    file = bot.stub.add_file("churn.csv", churn_csv(), content_type="text/csv")
    bot.message("target=churned", thread_ts=ts, files=[file])
    bot.stub.wait_uploads(2)

    versions = bot.store.plan_versions(plan_id)
    assert [v.version for v in versions] == [1, 2]
    v2 = versions[1]
    assert v2.parent_version == 1
    assert v2.changes[0] == "data: (none) -> churn.csv (300 rows)", v2.changes
    profile = v2.plan.data.profile
    assert profile is not None and profile.total_rows == 300 and not profile.sampled
    assert profile.target is not None and profile.target.column == "churned"
    assert "refund_issued" in [s.column for s in profile.leakage]
    assert v2.plan.evaluation.measured_baselines is not None
    assert bot.store.plan_for_thread("C1", ts) == plan_id  # the thread stays linked

    downloads = bot.stub.calls_to("GET file")
    assert len(downloads) == 1 and downloads[0].authorization == "Bearer xoxb-test-token"
    answer = _texts(_answers(bot)[-1]["blocks"])
    assert "What changed (v1 → v2)" in answer and "data: (none) -&gt; churn.csv" in answer
    assert "300 rows profiled" in answer and "Data Quality Index" in answer
    assert "Leakage suspects" in answer and "`refund_issued`" in answer
    assert "Personal data" in answer and "`email` (email)" in answer
    assert "Target `churned`: binary" in answer and "Best baseline" in answer
    progress = _progress(bot)
    assert any("Profiling `churn.csv`" in t for t in progress), progress
    assert any("Measuring baselines" in t for t in progress), progress
    assert bot.stub.calls_to("files.getUploadURLExternal")[-1].params["filename"] == (
        f"{plan_id}-v2.md"
    )
    # personal data: the column is named, its values never leave the server
    sent = _everything_sent(bot)
    assert "email" in sent and PII not in sent and "@example.com" not in sent
    assert list(private_tmp.iterdir()) == []  # the downloaded file is gone

    # a text reply afterwards keeps the measured grounding
    bot.message("make it real-time, p99 under 50 ms", thread_ts=ts)
    bot.stub.wait_uploads(3)
    v3 = bot.store.plan_versions(plan_id)[2]
    assert v3.plan.data.profile is not None and v3.plan.data.profile.source == "churn.csv"


def test_without_a_target_the_answer_asks_for_one(bot: Bot) -> None:
    ts, plan_id = _plan_thread(bot)
    file = bot.stub.add_file("churn.csv", churn_csv(120), content_type="text/csv")
    bot.message("", thread_ts=ts, files=[file])
    bot.stub.wait_uploads(2)
    v2 = bot.store.plan_versions(plan_id)[1]
    assert v2.plan.data.profile is not None and v2.plan.data.profile.target is None
    assert v2.plan.evaluation.measured_baselines is None
    answer = _texts(_answers(bot)[-1]["blocks"])
    assert "`target=&lt;column&gt;`" in answer and "`churned`" in answer


def test_options_are_read_forgivingly_and_other_text_is_feedback(bot: Bot) -> None:
    ts, plan_id = _plan_thread(bot)
    file = bot.stub.add_file("churn.tsv", churn_csv(200).replace(b",", b"\t"))
    bot.message(
        "Target: Churned, time-column=signup_date group=customer_id; make it real-time, p99 "
        "under 50 ms",
        thread_ts=ts,
        files=[file],
    )
    bot.stub.wait_uploads(2)
    v2 = bot.store.plan_versions(plan_id)[1]
    profile = v2.plan.data.profile
    assert profile is not None and profile.target is not None
    assert profile.target.column == "churned"
    assert profile.time is not None and profile.time.column == "signup_date"
    assert profile.group_key is not None and profile.group_key.column == "customer_id"
    assert "serving mode: batch -> realtime" in v2.changes, v2.changes
    assert "make it real-time" in v2.brief_text and "Target:" not in v2.brief_text


def test_a_data_file_in_an_unlinked_channel_thread_gets_the_how_to(bot: Bot) -> None:
    file = bot.stub.add_file("churn.csv", churn_csv(50), content_type="text/csv")
    bot.message("", files=[file])  # top level, no mention: not for the bot
    thread = new_ts()
    bot.message("here is the data", thread_ts=thread, files=[file])
    text = bot.stub.wait_for(
        lambda: [p["text"] for p in bot.stub.posted() if "/mlplan plan" in p["text"]],
        what="the how-to message",
    )[0]
    assert "churn.csv" in text and "target=&lt;column&gt;" in text and "50 MB" in text
    posted = bot.stub.posted()
    assert len(posted) == 1 and posted[0]["thread_ts"] == thread
    assert bot.stub.calls_to("GET file") == []
    assert bot.store.plan_for_thread("C1", thread) is None


def test_an_oversized_data_file_is_refused_without_downloading(bot: Bot) -> None:
    ts, plan_id = _plan_thread(bot)
    file = bot.stub.add_file("big.csv", churn_csv(20), size=60 * 1024 * 1024)
    bot.message("target=churned", thread_ts=ts, files=[file])
    text = _warning(bot)
    assert "big.csv" in text and "at most 52,428,800 bytes (50 MB)" in text
    assert bot.stub.calls_to("GET file") == []
    assert len(bot.store.plan_versions(plan_id)) == 1


def test_a_data_file_larger_than_declared_is_cut_off_while_reading(
    make_bot: MakeBot, private_tmp: Path
) -> None:
    with make_bot(max_data_bytes=2048) as bot:
        ts, plan_id = _plan_thread(bot)
        file = bot.stub.add_file("churn.csv", churn_csv(300), size=100)
        bot.message("target=churned", thread_ts=ts, files=[file])
        text = _warning(bot)
        assert "over 2,048 bytes" in text
        assert len(bot.stub.calls_to("GET file")) == 1
        assert len(bot.store.plan_versions(plan_id)) == 1
    assert list(private_tmp.iterdir()) == []


def test_an_unknown_target_column_is_named_in_a_friendly_message(bot: Bot) -> None:
    ts, plan_id = _plan_thread(bot)
    file = bot.stub.add_file("churn.csv", churn_csv(50), content_type="text/csv")
    bot.message("target=churn_flag", thread_ts=ts, files=[file])
    text = _warning(bot)
    assert "I couldn't ground a plan on that data file" in text
    assert "`target=churn_flag`" in text and "`churned`" in text
    assert len(bot.store.plan_versions(plan_id)) == 1


def test_an_unreadable_data_file_gets_a_friendly_message(bot: Bot) -> None:
    ts, _ = _plan_thread(bot)
    file = bot.stub.add_file("broken.parquet", b"PAR1 this is not parquet at all" * 10)
    bot.message("target=churned", thread_ts=ts, files=[file])
    text = _warning(bot)
    assert "broken.parquet" in text
    assert "mlplan-slack-" not in text and str(tempfile.gettempdir()) not in text


def test_without_the_data_extra_the_thread_says_what_to_install(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise ConfigError("profiling needs the data extra: pip install 'mlplan[data]'")

    monkeypatch.setattr("mlplan.service._need_data_extra", missing)
    ts, plan_id = _plan_thread(bot)
    file = bot.stub.add_file("churn.csv", churn_csv(50), content_type="text/csv")
    bot.message("target=churned", thread_ts=ts, files=[file])
    assert "mlplan[data]" in _warning(bot)
    assert len(bot.store.plan_versions(plan_id)) == 1


def test_a_data_file_with_mention_plan_makes_a_new_grounded_plan(bot: Bot) -> None:
    file = bot.stub.add_file("churn.csv", churn_csv(), content_type="text/csv")
    ts = new_ts()
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": f"<@{BOT_USER}> plan Predict churn for our subscription service target=churned",
        "ts": ts,
        "channel": "C1",
        "event_ts": ts,
        "files": [file],
    }
    response, _ = bot.event(event)
    assert response.status_code == 200
    bot.stub.wait_uploads(1)
    plan_id = bot.store.plan_for_thread("C1", ts)
    assert plan_id is not None
    record = bot.store.get_plan(plan_id)
    assert record is not None and record.version == 1
    profile = record.plan.data.profile
    assert profile is not None and profile.total_rows == 300
    assert profile.target is not None and profile.target.column == "churned"
    assert "target=" not in record.brief_text
    answer = _texts(_answers(bot)[0]["blocks"])
    assert "`refund_issued`" in answer and "*Data: `churn.csv`*" in answer
    assert PII not in _everything_sent(bot)


def test_a_dm_brief_with_a_data_file_makes_a_grounded_plan(bot: Bot) -> None:
    file = bot.stub.add_file("churn.csv", churn_csv(150), content_type="text/csv")
    ts = bot.message(
        "Predict churn for our subscription service. target: churned",
        channel="D1",
        channel_type="im",
        files=[file],
    )
    bot.stub.wait_uploads(1)
    plan_id = bot.store.plan_for_thread("D1", ts)
    assert plan_id is not None
    record = bot.store.get_plan(plan_id)
    assert record is not None and record.plan.data.profile is not None
    assert record.plan.data.profile.target is not None


def test_a_dm_data_file_without_a_brief_says_how(bot: Bot) -> None:
    file = bot.stub.add_file("churn.csv", churn_csv(50), content_type="text/csv")
    bot.message("", channel="D1", channel_type="im", files=[file])
    text = bot.stub.wait_for(
        lambda: [p["text"] for p in bot.stub.posted() if "Send me the brief" in p["text"]],
        what="the DM how-to",
    )[0]
    assert "churn.csv" in text
    assert bot.stub.calls_to("GET file") == []


def test_a_plan_document_next_to_data_is_still_reviewed(bot: Bot) -> None:
    from .conftest import PLAN_MD

    ts, plan_id = _plan_thread(bot)
    data = bot.stub.add_file("churn.csv", churn_csv(100), content_type="text/csv")
    doc = bot.stub.add_file("plan.md", PLAN_MD.encode())
    bot.message("target=churned", thread_ts=ts, files=[data, doc])
    bot.stub.wait_uploads(3)
    assert len(bot.store.plan_versions(plan_id)) == 2
    assert any("Plan review: plan.md" in p["text"] for p in bot.stub.posted())


def test_llm_drafting_with_data_reports_each_phase(
    make_bot: MakeBot, slack_service: PlanService, stub: SlackStub, tmp_path: Path
) -> None:
    service = _llm_service(slack_service, ScriptedChatClient(delay_s=0.01))
    with make_bot(**_live_progress(service, stub, tmp_path)) as bot:
        ts, plan_id = _plan_thread(bot)
        first = len(bot.stub.calls_to("chat.update"))
        file = bot.stub.add_file("churn.csv", churn_csv(), content_type="text/csv")
        bot.message("target=churned", thread_ts=ts, files=[file])
        bot.stub.wait_uploads(2)
        updates = [c.params["text"] for c in bot.stub.calls_to("chat.update")][first:]
        drafting = [i for i, u in enumerate(updates) if "sections done" in u]
        measuring = [i for i, u in enumerate(updates) if "Measuring baselines" in u]
        assert drafting and measuring and drafting[-1] < measuring[0] and "is ready" in updates[-1]
        v2 = bot.store.plan_versions(plan_id)[1]
        assert v2.plan.evaluation.measured_baselines is not None


def test_an_llm_that_is_down_still_gives_a_grounded_plan(
    make_bot: MakeBot, slack_service: PlanService
) -> None:
    service = _llm_service(slack_service, _DownClient())
    with make_bot(service=service) as bot:
        ts, plan_id = _plan_thread(bot)
        file = bot.stub.add_file("churn.csv", churn_csv(), content_type="text/csv")
        bot.message("target=churned", thread_ts=ts, files=[file])
        bot.stub.wait_uploads(2)
        v2 = bot.store.plan_versions(plan_id)[1]
        assert v2.plan.data.profile is not None
        text = _texts(_answers(bot)[-1]["blocks"])
        assert "drafted offline" in text and "`refund_issued`" in text
