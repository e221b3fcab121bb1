"""What the bot does once a request is understood: plan, revise or review, in a thread.

The work is PlanService's; this module only moves it in and out of Slack: progress while
sections are drafted, the stored record (a thread is linked to its plan, so replies become
versions), the Block Kit answer and the attached document. Every failure ends as one short
message in the thread (`_answering`); an LLM that cannot be used falls back to the offline
drafter, and the answer says so.

A data file shared with a plan request, or in a plan's thread, grounds the plan on the data
(docs/data.md): it is streamed from Slack into a private temporary folder (at most
`Settings.max_data_bytes`), profiled, its baselines measured on the plan's split, and the
folder deleted. A text reply after that keeps the parent version's measured grounding.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Callable, Coroutine, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError

from mlplan.adapters.api.inputs import as_text, brief_argument, review_document, safe_filename
from mlplan.adapters.slack import blocks as bk
from mlplan.adapters.slack.commands import DataOptions
from mlplan.adapters.slack.files import REVIEWABLE, download, download_to, file_name
from mlplan.adapters.slack.reply import ThreadReply, slack_error
from mlplan.config import Settings
from mlplan.domain import Plan
from mlplan.domain.plan import SECTION_FIELDS
from mlplan.errors import (
    BriefError,
    ConfigError,
    DataFileError,
    MlplanError,
    PlanFileError,
    RunError,
    UserInputError,
)
from mlplan.revision import brief_as_text, plan_changes, revised_brief
from mlplan.service import DataRequest, PlanService
from mlplan.store.api import PlanRecord, Store

log = logging.getLogger("mlplan.slack")
T = TypeVar("T")


@dataclass
class Conversations:
    service: PlanService
    store: Store
    settings: Settings

    # -- plans ---------------------------------------------------------------------------------
    def plan(self, reply: ThreadReply, *, brief: str, user: str) -> None:
        """A new plan in this thread, and the thread linked to it for revisions."""
        with _answering(reply, "plan"):
            if not brief.strip():
                raise BriefError("the brief is empty; try `/mlplan plan Predict churn from …`")
            reply.progress(":hourglass_flowing_sand: Planning… reading the brief")
            plan, note = self._draft(reply, brief)
            record = self.store.save_plan(
                plan, brief_text=brief_as_text(brief), owner=f"slack:{user}"
            )
            self.store.link_thread(reply.channel, reply.thread_ts, record.plan_id)
            self._answer(reply, record, note=note)

    def revise(self, reply: ThreadReply, *, plan_id: str, feedback: str, user: str) -> None:
        """A new version of the thread's plan from the reply's feedback, and what changed."""
        with _answering(reply, "revision"):
            parent = self.store.get_plan(plan_id)
            if parent is None:
                raise UserInputError(f"plan {plan_id} no longer exists; start a new one")
            if not feedback.strip():
                raise BriefError("say what should change, e.g. “we have no labels”")
            reply.progress(
                f":hourglass_flowing_sand: Revising `{plan_id}` "
                f"(v{parent.version} → v{parent.version + 1})…"
            )
            brief = revised_brief(parent.brief_text, feedback=feedback)
            plan, note = self._draft(reply, brief, grounded_on=parent.plan)
            record = self.store.save_plan(
                plan,
                brief_text=brief_as_text(brief),
                plan_id=plan_id,
                parent_version=parent.version,
                changes=plan_changes(parent.plan, plan) or ["no planned field changed"],
                owner=f"slack:{user}",
            )
            self._answer(reply, record, note=note)

    def _draft(
        self, reply: ThreadReply, brief: str | dict[str, Any], *, grounded_on: Plan | None = None
    ) -> tuple[Plan, str | None]:
        """Draft with the configured LLM (progress per section), offline if it cannot be used.
        `grounded_on`: the parent of a revision, whose measured data grounding carries over."""
        mode = self.service.settings.llm
        with brief_argument(brief) as arg:
            if mode == "none":
                reply.progress(":hourglass_flowing_sand: Drafting the plan (offline)…")
                return self.service.plan(arg, llm="none", grounded_on=grounded_on), None
            tracker = _SectionProgress(reply)
            return _llm_or_offline(
                reply,
                lambda: self.service.plan(
                    arg, llm=mode, events=tracker.on_event, grounded_on=grounded_on
                ),
                lambda: self.service.plan(arg, llm="none", grounded_on=grounded_on),
            )

    # -- data ----------------------------------------------------------------------------------
    def plan_with_data(
        self,
        reply: ThreadReply,
        *,
        brief: str,
        file: Mapping[str, Any],
        options: DataOptions,
        user: str,
        token: str,
    ) -> None:
        """A new plan grounded on a shared data file, and the thread linked to it."""
        with _answering(reply, "data"):
            if not brief.strip():
                raise BriefError(
                    "say what to plan along with the file, e.g. "
                    "`@mlplan plan Predict churn for our subscriptions target=churned`"
                )
            with self._data_file(reply, file, token=token, purpose="") as path:
                request, data_note = self._data_request(path, options, brief=brief, parent=None)
                plan, note = self._draft_data(reply, brief, request)
            record = self.store.save_plan(
                plan, brief_text=brief_as_text(brief), owner=f"slack:{user}"
            )
            self.store.link_thread(reply.channel, reply.thread_ts, record.plan_id)
            self._answer(reply, record, note=_joined(data_note, note))

    def revise_with_data(
        self,
        reply: ThreadReply,
        *,
        plan_id: str,
        file: Mapping[str, Any],
        options: DataOptions,
        feedback: str,
        user: str,
        token: str,
    ) -> None:
        """A new version of the thread's plan grounded on a shared data file (plus any text
        in the message as feedback), and what changed."""
        with _answering(reply, "data"):
            parent = self.store.get_plan(plan_id)
            if parent is None:
                raise UserInputError(f"plan {plan_id} no longer exists; start a new one")
            brief = revised_brief(parent.brief_text, feedback=feedback)
            purpose = f" for `{plan_id}` v{parent.version + 1}"
            with self._data_file(reply, file, token=token, purpose=purpose) as path:
                request, data_note = self._data_request(
                    path, options, brief=brief, parent=parent.plan
                )
                plan, note = self._draft_data(reply, brief, request)
            changes = [_data_change(parent.plan, plan), *plan_changes(parent.plan, plan)]
            record = self.store.save_plan(
                plan,
                brief_text=brief_as_text(brief),
                plan_id=plan_id,
                parent_version=parent.version,
                changes=changes,
                owner=f"slack:{user}",
            )
            self._answer(reply, record, note=_joined(data_note, note))

    def data_howto(self, reply: ThreadReply, *, file: Mapping[str, Any], dm: bool) -> None:
        """A data file with nothing to ground: say how to use it, once."""
        with _answering(reply, "help"):
            reply.say(bk.data_howto(file_name(file), self.settings.max_data_bytes, dm=dm))

    @contextmanager
    def _data_file(
        self, reply: ThreadReply, file: Mapping[str, Any], *, token: str, purpose: str
    ) -> Iterator[Path]:
        """The shared file in a private temporary folder, deleted afterwards; messages about
        it never show the folder."""
        if "url_private" not in file and file.get("id"):
            file = reply.client.files_info(file=str(file["id"]))["file"]
        name = file_name(file)
        reply.progress(f":hourglass_flowing_sand: Profiling `{bk.escape(name)}`{purpose}…")
        with tempfile.TemporaryDirectory(prefix="mlplan-slack-") as folder:
            try:
                yield download_to(
                    file,
                    Path(folder),
                    name=safe_filename(name, b""),
                    token=token,
                    api_base_url=self.settings.slack_api_base_url,
                    max_bytes=self.settings.max_data_bytes,
                )
            except MlplanError as exc:
                _scrub(exc, folder)
                raise

    def _data_request(
        self, path: Path, options: DataOptions, *, brief: str | dict[str, Any], parent: Plan | None
    ) -> tuple[DataRequest, str | None]:
        """The profiling request: the file reads, and the columns the message names exist
        (matched regardless of case). Without `target=`, the parent's target or the brief's,
        when the file has that column; otherwise no target (and the answer says so)."""
        columns = self.service.check_data(DataRequest(path))
        named = {
            option: _match_column(column, columns, option=option, source=path.name)
            for option, column in options.named().items()
        }
        target, note = named.get("target"), None
        if target is None:
            target, note = self._inferred_target(columns, brief=brief, parent=parent)
        request = DataRequest(
            path, target=target, time_column=named.get("time"), group_column=named.get("group")
        )
        return request, note

    def _inferred_target(
        self, columns: list[str], *, brief: str | dict[str, Any], parent: Plan | None
    ) -> tuple[str | None, str | None]:
        candidates: list[tuple[str | None, str]] = []
        if parent is not None:
            profile = parent.data.profile
            if profile is not None and profile.target is not None:
                candidates.append((profile.target.column, "the target measured before"))
            candidates.append((parent.brief.target, "the plan's target"))
        else:
            with suppress(MlplanError):
                candidates.append((self.service.understand(brief).target, "the brief's target"))
        by_case = {c.lower(): c for c in columns}
        for name, why in candidates:
            column = by_case.get((name or "").strip().lower())
            if column is not None:
                return column, f"No `target=` was given, so I used `{column}` ({why})."
        return None, None

    def _draft_data(
        self, reply: ThreadReply, brief: str | dict[str, Any], request: DataRequest
    ) -> tuple[Plan, str | None]:
        """Profile, draft and measure (`aplan`, which reports each phase), offline if the LLM
        cannot be used."""
        mode = self.service.settings.llm
        tracker = _DataProgress(reply, llm=mode != "none")
        with brief_argument(brief) as arg:
            if mode == "none":
                plan = _run(
                    self.service.aplan(arg, llm="none", events=tracker.on_event, data=request)
                )
                return plan, None
            offline = _DataProgress(reply, llm=False)
            return _llm_or_offline(
                reply,
                lambda: _run(
                    self.service.aplan(arg, llm=mode, events=tracker.on_event, data=request)
                ),
                lambda: _run(
                    self.service.aplan(arg, llm="none", events=offline.on_event, data=request)
                ),
            )

    def _answer(self, reply: ThreadReply, record: PlanRecord, *, note: str | None) -> None:
        from mlplan.render import render_markdown

        plan = record.plan
        reply.progress(
            f":white_check_mark: Plan `{record.plan_id}` v{record.version} is ready "
            f"({bk.severity_counts(plan.findings)}). Reply in this thread to revise it.",
            force=True,
        )
        blocks = bk.plan_blocks(
            plan,
            plan_id=record.plan_id,
            version=record.version,
            changes=record.changes,
            note=note,
        )
        reply.post_blocks(blocks, text=f"ML plan: {plan.brief.title}")
        reply.upload(
            content=render_markdown(plan),
            filename=f"{record.plan_id}-v{record.version}.md",
            title=f"ML plan: {plan.brief.title} (v{record.version})",
        )

    # -- reviews -------------------------------------------------------------------------------
    def review_text(self, reply: ThreadReply, *, text: str, user: str) -> None:
        with _answering(reply, "review"):
            if not text.strip():
                raise PlanFileError("paste the plan after `review`, or share it as a file")
            reply.progress(":hourglass_flowing_sand: Reviewing the pasted plan…")
            data = as_text(text).encode("utf-8", "surrogatepass")
            self._review(reply, data, "pasted-plan.md", user=user)

    def review_file(
        self,
        reply: ThreadReply,
        *,
        file: Mapping[str, Any],
        user: str,
        token: str,
    ) -> None:
        """Review a shared file, downloaded from Slack with the bot token."""
        with _answering(reply, "review"):
            if "url_private" not in file and file.get("id"):
                # events may carry a stub only ("file_access": "check_file_info")
                file = reply.client.files_info(file=str(file["id"]))["file"]
            name = file_name(file)
            reply.progress(f":hourglass_flowing_sand: Reviewing `{name}`…")
            data = download(file, token=token, api_base_url=self.settings.slack_api_base_url)
            self._review(reply, data, safe_filename(name, data), user=user)

    def review_latest(self, reply: ThreadReply, *, user: str) -> None:
        """`/mlplan review` with no text: the newest plan file shared in the channel (the
        requester's own first)."""
        found: Mapping[str, Any] | None = None
        with _answering(reply, "review"):
            history = reply.client.conversations_history(channel=reply.channel, limit=50)
            mine: Mapping[str, Any] | None = None
            anyone: Mapping[str, Any] | None = None
            for message in history.get("messages") or []:
                for file in message.get("files") or []:
                    if file_name(file).lower().endswith(REVIEWABLE):
                        anyone = anyone or file
                        if message.get("user") == user:
                            mine = mine or file
            found = mine or anyone
            if found is None:
                raise PlanFileError(
                    "I found no .md, .txt or .docx file in this channel's recent messages; "
                    "share the plan file, or paste it after `/mlplan review`"
                )
        if found is not None:
            self.review_file(reply, file=found, user=user, token=str(reply.client.token))

    def _review(self, reply: ThreadReply, data: bytes, name: str, *, user: str) -> None:
        from mlplan.render import render_review_markdown

        review = review_document(self.service, data, name)
        record = self.store.save_review(review, source=name, owner=f"slack:{user}")
        verdict = review.verdict.replace("_", " ")
        reply.progress(
            f":white_check_mark: Reviewed `{name}`: {verdict}, score {review.score:.0f}/100 "
            f"({bk.severity_counts(review.findings)}).",
            force=True,
        )
        reply.post_blocks(
            bk.review_blocks(review, review_id=record.review_id), text=f"Plan review: {name}"
        )
        reply.upload(
            content=render_review_markdown(review),
            filename=f"{record.review_id}.md",
            title=f"Plan review: {name}",
        )

    def help(self, reply: ThreadReply) -> None:
        with _answering(reply, "help"):
            reply.post_blocks(bk.help_blocks(), text="How to use mlplan")


class _DataProgress:
    """Phases of a data-grounded plan on the progress message: profiling (said before the
    download), LLM drafting per section, then measuring the baselines."""

    def __init__(self, reply: ThreadReply, *, llm: bool) -> None:
        self.reply = reply
        self.sections = _SectionProgress(reply) if llm else None

    def on_event(self, event: str, section: str, detail: str) -> None:
        try:
            if event == "measuring":
                self.reply.progress(
                    ":hourglass_flowing_sand: Measuring baselines on the plan's split…", force=True
                )
            elif self.sections is not None:
                self.sections.on_event(event, section, detail)
        except Exception as exc:  # progress is a courtesy: never let it sink the plan
            log.warning("slack: progress update failed: %s", slack_error(exc))


def _llm_or_offline(
    reply: ThreadReply, online: Callable[[], Plan], offline: Callable[[], Plan]
) -> tuple[Plan, str | None]:
    """The LLM draft, or when the LLM cannot be used, the offline draft and a note saying so
    (the user gets a plan either way, and knows which kind)."""
    try:
        return online(), None
    except (RunError, ConfigError) as exc:
        log.warning("slack: LLM drafting failed (%s); drafting offline", exc.code)
        reply.progress(
            ":hourglass_flowing_sand: The LLM is unavailable; drafting offline…", force=True
        )
        note = f"The LLM could not be used ({exc.message}), so this plan was drafted offline."
        return offline(), note


def _run(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end from Bolt's worker thread (which has no event loop; should
    one be running here, on a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


def _match_column(column: str, columns: list[str], *, option: str, source: str) -> str:
    """The file's column a user named, forgiving case; DataFileError naming it otherwise."""
    if column in columns:
        return column
    same = [c for c in columns if c.lower() == column.lower()]
    if len(same) == 1:
        return same[0]
    shown = ", ".join(f"`{c}`" for c in columns[:15])
    more = f", … ({len(columns)} in all)" if len(columns) > 15 else ""
    raise DataFileError(
        f"`{option}={column}`: {source} has no column `{column}`; its columns are {shown}{more}"
    )


def _data_change(parent: Plan, plan: Plan) -> str:
    def shown(p: Plan) -> str:
        profile = p.data.profile
        return f"{profile.source} ({profile.total_rows:,} rows)" if profile else "(none)"

    return f"data: {shown(parent)} -> {shown(plan)}"


def _joined(*notes: str | None) -> str | None:
    return " ".join(n for n in notes if n) or None


def _scrub(exc: MlplanError, folder: str) -> None:
    """No temporary path in a message shown in Slack, and no page-long reader error."""
    message = exc.message.replace(folder + "/", "").replace(folder, "")
    if len(message) > 600:
        message = message[:599] + "…"
    exc.message = message
    exc.args = (message,)


class _SectionProgress:
    """Turns LLM drafting events into one edited progress line: sections done out of all."""

    def __init__(self, reply: ThreadReply) -> None:
        self.reply = reply
        self.done: list[str] = []
        self.fallbacks: list[str] = []

    def on_event(self, event: str, section: str, detail: str) -> None:
        if event not in ("drafted", "fallback", "repairing"):
            return
        if event in ("drafted", "fallback") and section in SECTION_FIELDS:
            if section not in self.done:
                self.done.append(section)
            if event == "fallback":
                self.fallbacks.append(section)
        marks = ", ".join(f"{s}{' (offline)' if s in self.fallbacks else ''}" for s in self.done)
        doing = f"; repairing {section}" if event == "repairing" else ""
        text = (
            f":hourglass_flowing_sand: Drafting with the LLM: "
            f"{len(self.done)}/{len(SECTION_FIELDS)} sections done"
            f"{': ' + marks if marks else ''}{doing}"
        )
        try:
            self.reply.progress(text)
        except Exception as exc:  # progress is a courtesy: never let it sink the plan
            log.warning("slack: progress update failed: %s", slack_error(exc))


_FRIENDLY = {
    "plan": "I couldn't make that plan",
    "data": "I couldn't ground a plan on that data file",
    "revision": "I couldn't revise the plan",
    "review": "I couldn't review that plan",
    "help": "I couldn't show the help",
}


@contextmanager
def _answering(reply: ThreadReply, what: str) -> Iterator[None]:
    """Domain errors become one short message in the thread, here and nowhere else."""
    lead = _FRIENDLY.get(what, "Something went wrong")
    try:
        yield
    except UserInputError as exc:
        reply.fail(f":warning: {lead}: {bk.escape(exc.message)}")
    except MlplanError as exc:
        log.warning("slack: %s failed: %s", what, exc.code)
        reply.fail(f":warning: {lead}: {bk.escape(exc.message)}. Please try again in a minute.")
    except SlackApiError as exc:
        log.warning("slack: %s: Slack refused a call: %s", what, slack_error(exc))
        reply.fail(f":warning: {lead}: Slack refused a request ({slack_error(exc)}).")
    except Exception:
        log.exception("slack: %s failed", what)
        reply.fail(f":warning: {lead}: something went wrong on my side; it has been logged.")
