"""Bolt listeners: acknowledge at once, then decide what a request asks for and hand it on.

Slack wants an answer to every request within 3 seconds, and a plan can take longer, so
each listener is split the Bolt way: `ack` runs while Slack waits (and for `/mlplan`
shows the user an ephemeral "on it"), the lazy function does the work on a worker thread
afterwards. Routing lives here; the work itself is `Conversations`'.

Who answers what: `/mlplan …` (slash command), `@mlplan …` (app_mention), a DM
(message.im), and a reply or a shared file in a thread linked to a plan (message.channels
/ message.groups). A channel message that @-mentions the bot also arrives as a plain
message event; only the app_mention listener answers it. Files arrive with their message
(subtype `file_share`, which carries the thread), so `file_shared` is only acknowledged.

A data file (CSV, TSV, Parquet, JSON Lines) grounds a plan: in a plan's thread it makes the
next version, with `@mlplan plan <brief>` or a DM brief a new plan. Shared in a channel
thread that has no plan (and no plan request), it gets one message saying how to use it;
shared at the top level of a channel without a mention, it is none of the bot's business.
Plan documents (.md, .txt, .docx, .json) are reviewed as before.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from mlplan.adapters.slack import blocks as bk
from mlplan.adapters.slack.commands import (
    Intent,
    mentions,
    parse,
    parse_data_options,
    strip_mentions,
)
from mlplan.adapters.slack.conversation import Conversations
from mlplan.adapters.slack.dedupe import EventDeduper
from mlplan.adapters.slack.files import file_name, is_data_file
from mlplan.adapters.slack.reply import ThreadReply, slack_error

log = logging.getLogger("mlplan.slack")

MAX_FILES_PER_MESSAGE = 3
"""Files reviewed from one message; more would flood the thread."""
_ACK = {
    "plan": ":hourglass_flowing_sand: On it: your plan will appear in a thread in this channel.",
    "review": ":hourglass_flowing_sand: On it: the review will appear in a thread in this channel.",
}


class Listeners:
    def __init__(
        self, conv: Conversations, dedupe: EventDeduper, *, interval_s: float = 1.0
    ) -> None:
        self.conv = conv
        self.dedupe = dedupe
        self.interval_s = interval_s

    # -- /mlplan -------------------------------------------------------------------------------
    def ack_command(self, ack: Ack, command: Mapping[str, Any]) -> None:
        intent = parse(str(command.get("text") or ""))
        if intent.kind in _ACK:
            ack(text=_ACK[intent.kind])
            return
        lead = "" if intent.kind == "help" else "I didn't get that. "
        ack(text=lead + bk.HELP_TEXT, blocks=bk.section(lead + bk.HELP_TEXT))

    def run_command(self, command: Mapping[str, Any], client: WebClient, respond: Respond) -> None:
        intent = parse(str(command.get("text") or ""))
        if intent.kind not in _ACK:
            return  # help was the acknowledgement itself
        channel, user = str(command["channel_id"]), str(command["user_id"])
        if intent.kind == "plan":
            excerpt = bk.escape(intent.text[:500]) + ("…" if len(intent.text) > 500 else "")
            root = f"<@{user}> asked for an ML plan:\n>{excerpt.replace(chr(10), chr(10) + '>')}"
        else:
            root = f"<@{user}> asked for a plan review."
        try:
            reply = ThreadReply.new_thread(client, channel, root, interval_s=self.interval_s)
        except SlackApiError as exc:
            respond(
                text=f":warning: I can't post in this channel ({slack_error(exc)}). "
                "Invite me with `/invite @mlplan`, or send me a DM.",
                response_type="ephemeral",
            )
            return
        if intent.kind == "plan":
            self.conv.plan(reply, brief=intent.text, user=user)
        elif intent.text:
            self.conv.review_text(reply, text=intent.text, user=user)
        else:
            self.conv.review_latest(reply, user=user)

    # -- events --------------------------------------------------------------------------------
    @staticmethod
    def ack_event(ack: Ack) -> None:
        ack()

    def on_mention(
        self,
        event: Mapping[str, Any],
        body: Mapping[str, Any],
        request: BoltRequest,
        client: WebClient,
    ) -> None:
        if not self.dedupe.first_delivery(body, _headers(request)):
            return
        channel, thread = str(event["channel"]), event.get("thread_ts")
        plan_id = self.conv.store.plan_for_thread(channel, str(thread)) if thread else None
        reply = ThreadReply(client, channel, str(thread or event["ts"]), interval_s=self.interval_s)
        self._act(reply, event, plan_id=plan_id, dm=False)

    def on_message(
        self,
        event: Mapping[str, Any],
        body: Mapping[str, Any],
        request: BoltRequest,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        if event.get("subtype") not in (None, "file_share") or event.get("bot_id"):
            return  # edits, joins, bot posts (our own progress messages among them)
        user = event.get("user")
        if not user or user == context.bot_user_id:
            return
        dm = event.get("channel_type") == "im"
        if not dm and mentions(str(event.get("text") or ""), context.bot_user_id):
            return  # the app_mention listener answers it
        channel, thread = str(event["channel"]), event.get("thread_ts")
        plan_id = self.conv.store.plan_for_thread(channel, str(thread)) if thread else None
        shares_data = any(is_data_file(f) for f in event.get("files") or [])
        if not dm and plan_id is None and not (thread and shares_data):
            return  # channel conversation that is not about one of our plans
        if not self.dedupe.first_delivery(body, _headers(request)):
            return
        reply = ThreadReply(client, channel, str(thread or event["ts"]), interval_s=self.interval_s)
        self._act(reply, event, plan_id=plan_id, dm=dm)

    def _act(
        self, reply: ThreadReply, event: Mapping[str, Any], *, plan_id: str | None, dm: bool
    ) -> None:
        """One message's request: data to ground a plan on, a file to review, help, a review,
        a revision or a plan."""
        user = str(event.get("user") or "")
        intent = parse(str(event.get("text") or ""))
        files = [self._named(reply, f) for f in event.get("files") or []]
        data = [f for f in files if is_data_file(f)]
        if data:
            self._ground(reply, event, intent, data, plan_id=plan_id, dm=dm)
            files = [f for f in files if not is_data_file(f)]
            if not (files and (intent.kind == "review" or plan_id or dm)):
                return
        if files and (intent.kind in ("review", "help", "other") or plan_id or dm):
            for file in files[:MAX_FILES_PER_MESSAGE]:
                self.conv.review_file(reply, file=file, user=user, token=str(reply.client.token))
            if len(files) > MAX_FILES_PER_MESSAGE:
                reply.say(
                    f"I reviewed the first {MAX_FILES_PER_MESSAGE} files; share the rest separately."
                )
        elif intent.kind == "help":
            self.conv.help(reply)
        elif intent.kind == "review":
            if intent.text:
                self.conv.review_text(reply, text=intent.text, user=user)
            else:
                self.conv.review_latest(reply, user=user)
        elif intent.kind == "plan":
            self.conv.plan(reply, brief=intent.text, user=user)
        elif plan_id is not None:
            feedback = strip_mentions(str(event.get("text") or ""))
            self.conv.revise(reply, plan_id=plan_id, feedback=feedback, user=user)
        elif dm:
            self.conv.plan(reply, brief=intent.text, user=user)
        else:
            _say_help(reply)

    def _ground(
        self,
        reply: ThreadReply,
        event: Mapping[str, Any],
        intent: Intent,
        data: list[Mapping[str, Any]],
        *,
        plan_id: str | None,
        dm: bool,
    ) -> None:
        """A shared data file: a new grounded plan (`plan <brief>`, a DM brief), the next
        version of the thread's plan, or a note on how to use it."""
        user, token = str(event.get("user") or ""), str(reply.client.token)
        text = strip_mentions(str(event.get("text") or ""))
        file = data[0]
        if intent.kind == "plan":
            options, brief = parse_data_options(intent.text)
            self.conv.plan_with_data(
                reply, brief=brief, file=file, options=options, user=user, token=token
            )
        elif intent.kind == "help" and text:
            self.conv.data_howto(reply, file=file, dm=dm)  # asked for help, not for a plan
        elif plan_id is not None:
            options, feedback = parse_data_options(intent.text if intent.kind == "review" else text)
            self.conv.revise_with_data(
                reply,
                plan_id=plan_id,
                file=file,
                options=options,
                feedback=feedback,
                user=user,
                token=token,
            )
        elif dm and intent.kind == "other":
            options, brief = parse_data_options(intent.text)
            if brief:
                self.conv.plan_with_data(
                    reply, brief=brief, file=file, options=options, user=user, token=token
                )
            else:
                self.conv.data_howto(reply, file=file, dm=dm)
        else:
            self.conv.data_howto(reply, file=file, dm=dm)
        if len(data) > 1:
            _say(
                reply,
                f"I used the first data file, `{bk.escape(file_name(file))}`; "
                "share the others one at a time.",
            )

    @staticmethod
    def _named(reply: ThreadReply, file: Mapping[str, Any]) -> Mapping[str, Any]:
        """A file as Slack describes it; events may carry a stub only ("file_access":
        "check_file_info"), which is looked up so its name says what it is."""
        if file.get("name") or "url_private" in file or not file.get("id"):
            return file
        try:
            found: Mapping[str, Any] = reply.client.files_info(file=str(file["id"]))["file"]
        except SlackApiError as exc:
            log.warning("slack: files.info failed: %s", slack_error(exc))
            return file
        return found


def _say(reply: ThreadReply, text: str) -> None:
    try:
        reply.say(text)
    except SlackApiError as exc:
        log.warning("slack: could not post: %s", slack_error(exc))


def _say_help(reply: ThreadReply) -> None:
    try:
        reply.post_blocks(
            bk.section("I didn't get that. " + bk.HELP_TEXT), text="How to use mlplan"
        )
    except SlackApiError as exc:
        log.warning("slack: could not post help: %s", slack_error(exc))


def _headers(request: BoltRequest) -> Mapping[str, Sequence[str]]:
    return request.headers


def register(app: App, listeners: Listeners) -> None:
    """Wire the listeners: each acknowledges, then works lazily on a Bolt worker thread."""
    app.command("/mlplan")(ack=listeners.ack_command, lazy=[listeners.run_command])
    app.event("app_mention")(ack=listeners.ack_event, lazy=[listeners.on_mention])
    app.event("message")(ack=listeners.ack_event, lazy=[listeners.on_message])
    app.event("file_shared")(listeners.ack_event)
