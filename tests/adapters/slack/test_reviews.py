"""Reviews in Slack: files shared in the bot's thread or DM, pasted text, `/mlplan review`."""

from __future__ import annotations

import io
import zipfile

from .conftest import CHURN, PLAN_MD, Bot
from .test_plan_flow import _texts


def _docx(paragraphs: list[tuple[str, str]]) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
        if style
        else f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        for style, text in paragraphs
    )
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def _review_messages(bot: Bot) -> list[dict]:
    return [p for p in bot.stub.posted() if p.get("blocks") and "Plan review" in p["text"]]


def test_a_file_shared_in_the_plan_thread_is_downloaded_and_reviewed(bot: Bot) -> None:
    ts = bot.mention(f"plan {CHURN}")
    bot.stub.wait_uploads(1)
    file = bot.stub.add_file("churn-plan.md", PLAN_MD.encode())
    bot.message("", thread_ts=ts, files=[file])
    bot.stub.wait_uploads(2)

    downloads = bot.stub.calls_to("GET file")
    assert len(downloads) == 1
    assert downloads[0].authorization == "Bearer xoxb-test-token"
    assert downloads[0].params["path"].endswith("/churn-plan.md")
    review = _review_messages(bot)[0]
    assert review["thread_ts"] == ts
    text = _texts(review["blocks"])
    assert "Plan review: churn-plan.md" in text and "*Verdict*" in text and "*Fix:*" in text
    assert "random" in text.lower() or "split" in text.lower()
    assert bot.stub.calls_to("files.getUploadURLExternal")[-1].params["filename"].startswith("rev_")
    # a review does not make a new plan version
    plan_id = bot.store.plan_for_thread("C1", ts)
    assert plan_id is not None and len(bot.store.plan_versions(plan_id)) == 1


def test_a_docx_in_a_dm_is_reviewed(bot: Bot) -> None:
    data = _docx([("Heading1", "Fraud model plan"), ("Heading2", "Evaluation"),
                  ("", "Accuracy on a random split of all transactions.")])  # fmt: skip
    file = bot.stub.add_file("fraud.docx", data, content_type="application/octet-stream")
    ts = bot.message("", channel="D1", channel_type="im", files=[file])
    bot.stub.wait_uploads(1)
    review = _review_messages(bot)[0]
    assert review["channel"] == "D1" and review["thread_ts"] == ts
    assert "fraud.docx" in _texts(review["blocks"])


def test_a_file_event_with_only_a_file_id_is_looked_up(bot: Bot) -> None:
    file = bot.stub.add_file("plan.txt", PLAN_MD.encode())
    stub_only = {"id": file["id"], "file_access": "check_file_info"}
    bot.message("", channel="D1", channel_type="im", files=[stub_only])
    bot.stub.wait_uploads(1)
    assert bot.stub.calls_to("files.info")[0].params["file"] == file["id"]


def _warning(bot: Bot) -> str:
    found = bot.stub.wait_for(
        lambda: (
            [p["text"] for p in bot.stub.posted() if ":warning:" in p["text"]]
            + [
                c.params["text"]
                for c in bot.stub.calls_to("chat.update")
                if ":warning:" in c.params["text"]
            ]
        ),
        what="a friendly warning",
    )
    return str(found[0])


def test_an_unsupported_file_gets_a_friendly_message_and_is_not_downloaded(bot: Bot) -> None:
    file = bot.stub.add_file("report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    bot.message("", channel="D1", channel_type="im", files=[file])
    text = _warning(bot)
    assert "I couldn't review that plan" in text and "report.pdf" in text and ".pdf" in text
    assert bot.stub.calls_to("GET file") == []
    assert bot.stub.calls_to("files.completeUploadExternal") == []


def test_a_binary_file_named_md_gets_a_friendly_message(bot: Bot) -> None:
    file = bot.stub.add_file("plan.md", b"\x00\x01\x02binary\x00" * 50)
    bot.message("", channel="D1", channel_type="im", files=[file])
    text = _warning(bot)
    assert "plan.md" in text and "binary" in text
    assert "/tmp" not in text and "mlplan-api-" not in text  # no server paths leak


def test_a_file_over_the_size_limit_is_refused_before_download(bot: Bot) -> None:
    file = bot.stub.add_file("big.md", b"# Plan\n", size=3_000_000)
    bot.message("", channel="D1", channel_type="im", files=[file])
    assert "at most 2,000,000" in _warning(bot)
    assert bot.stub.calls_to("GET file") == []


def test_a_file_url_outside_slack_is_never_fetched(bot: Bot) -> None:
    file = {"id": "F9", "name": "plan.md", "size": 10, "mode": "hosted",
            "url_private": "https://evil.example/plan.md"}  # fmt: skip
    bot.message("", channel="D1", channel_type="im", files=[file])
    assert "not hosted by Slack" in _warning(bot)


def test_a_redirect_is_not_followed_with_the_token(bot: Bot) -> None:
    bot.stub.redirect_files = True
    file = bot.stub.add_file("plan.md", PLAN_MD.encode())
    bot.message("", channel="D1", channel_type="im", files=[file])
    assert "HTTP 302" in _warning(bot)


def test_slash_review_of_pasted_text(bot: Bot) -> None:
    response = bot.command(f"review {PLAN_MD}")
    assert "On it" in response.text
    bot.stub.wait_uploads(1)
    review = _review_messages(bot)[0]
    assert "pasted-plan.md" in _texts(review["blocks"])


def test_slash_review_takes_the_latest_file_shared_in_the_channel(bot: Bot) -> None:
    old = bot.stub.add_file("old.md", b"# Old\n\nNothing.\n")
    mine = bot.stub.add_file("mine.md", PLAN_MD.encode())
    bot.stub.history["C1"] = [
        {"type": "message", "user": "U2", "text": "chat", "ts": "3"},
        {"type": "message", "user": "U1", "files": [mine], "ts": "2"},
        {"type": "message", "user": "U2", "files": [old], "ts": "1"},
    ]
    bot.command("review")
    bot.stub.wait_uploads(1)
    assert bot.stub.calls_to("GET file")[0].params["path"].endswith("/mine.md")


def test_slash_review_with_no_file_in_the_channel_says_what_to_do(bot: Bot) -> None:
    bot.command("review")
    assert "share the plan file" in _warning(bot)


def test_mention_review_with_pasted_text(bot: Bot) -> None:
    ts = bot.mention(f"review {PLAN_MD}")
    bot.stub.wait_uploads(1)
    assert _review_messages(bot)[0]["thread_ts"] == ts
