"""Everything the bot says about one request, in one thread: progress, answer, file, or failure.

A request gets one progress message that is edited as work advances (not a stream of new
messages), then the answer as Block Kit (split over several messages when Slack's limits
demand it), then the full document as a Markdown file. Edits are throttled: Slack rate
limits `chat.update`, and LLM drafting reports many small steps.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_sdk import WebClient

from mlplan.adapters.slack.blocks import Block, split_messages

log = logging.getLogger("mlplan.slack")


class ThreadReply:
    def __init__(
        self, client: WebClient, channel: str, thread_ts: str, *, interval_s: float = 1.0
    ) -> None:
        self.client = client
        self.channel = channel
        self.thread_ts = thread_ts
        self.interval_s = interval_s
        self.progress_ts: str | None = None
        self._last_update = 0.0
        self._pending: str | None = None
        self._lock = threading.Lock()

    @classmethod
    def new_thread(
        cls, client: WebClient, channel: str, text: str, *, interval_s: float = 1.0
    ) -> ThreadReply:
        """Start a thread with a visible root message (slash commands have no message of
        their own to reply to)."""
        response = client.chat_postMessage(channel=channel, text=text)
        return cls(client, channel, str(response["ts"]), interval_s=interval_s)

    def progress(self, text: str, *, force: bool = False) -> None:
        """Post the progress message the first time, edit it afterwards (throttled)."""
        with self._lock:
            if self.progress_ts is None:
                response = self.client.chat_postMessage(
                    channel=self.channel, thread_ts=self.thread_ts, text=text
                )
                self.progress_ts = str(response["ts"])
                self._last_update = time.monotonic()
                return
            now = time.monotonic()
            if not force and now - self._last_update < self.interval_s:
                self._pending = text  # shown by the next update that is let through
                return
            self._pending = None
            self._last_update = now
            self.client.chat_update(channel=self.channel, ts=self.progress_ts, text=text)

    def post_blocks(self, blocks: list[Block], *, text: str) -> list[str]:
        """Post `blocks` in the thread as one message per 50 blocks; returns their ts."""
        messages = split_messages(blocks)
        out: list[str] = []
        for i, part in enumerate(messages, start=1):
            fallback = text if len(messages) == 1 else f"{text} ({i}/{len(messages)})"
            response = self.client.chat_postMessage(
                channel=self.channel, thread_ts=self.thread_ts, text=fallback, blocks=part
            )
            out.append(str(response["ts"]))
        return out

    def say(self, text: str) -> None:
        self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, text=text)

    def upload(self, *, content: str, filename: str, title: str) -> None:
        """Attach a document to the thread (files.getUploadURLExternal, upload, complete)."""
        self.client.files_upload_v2(
            channel=self.channel,
            thread_ts=self.thread_ts,
            content=content,
            filename=filename,
            title=title,
        )

    def fail(self, text: str) -> None:
        """End in the thread with a short message: on the progress message when there is one."""
        try:
            if self.progress_ts is not None:
                self.progress(text, force=True)
            else:
                self.say(text)
        except Exception as exc:  # Slack itself is failing: nothing more to say to anyone
            log.warning("slack: could not report a failure: %s", slack_error(exc))


def slack_error(exc: Exception) -> str:
    response: Any = getattr(exc, "response", None)
    if response is not None:
        try:
            return str(response.get("error") or type(exc).__name__)
        except Exception:
            pass
    return type(exc).__name__
