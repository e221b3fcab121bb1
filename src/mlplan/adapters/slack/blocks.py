"""Block Kit for plans, reviews and help, cut to Slack's limits without dropping anything.

Slack refuses a message with more than 50 blocks or a section text over 3,000 characters,
so long text is split at line ends into several blocks and long block lists into several
messages (`split_messages`). What is deliberately left out of the summary (findings past
`MAX_FINDINGS_SHOWN`) is announced as "+N more in the file": the full document is always
attached. Pure functions: no Slack client here, so the layout is tested without a network.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mlplan.domain import Finding, Plan, Review

Block = dict[str, Any]

MAX_BLOCKS = 50
"""Blocks per message (Slack's limit)."""
MAX_TEXT = 3000
"""Characters per section text (Slack's limit)."""
MAX_FIELD = 2000
"""Characters per section field (Slack's limit)."""
MAX_HEADER = 150
"""Characters per header (Slack's limit)."""
MAX_FINDINGS_SHOWN = 50
"""Findings listed in a summary; the rest are counted and are in the attached file."""

_ORDER = {"error": 0, "warning": 1, "info": 2}
_ICON = {"error": ":red_circle:", "warning": ":large_orange_circle:", "info": ":large_blue_circle:"}
_VERDICT = {"ready": "Ready", "needs_work": "Needs work", "not_ready": "Not ready"}

HELP_TEXT = """*mlplan* plans ML projects from a brief and reviews ML plans.
• `/mlplan plan <brief>`: a complete, validated plan in a thread (e.g. `/mlplan plan Predict churn from 10M CRM rows, GDPR applies`)
• `/mlplan review <plan text>`: review a plan you paste
• `/mlplan review` on its own: review the latest .md, .txt or .docx file shared in this channel
• `@mlplan plan …` or `@mlplan review` in a channel, or just write to me in a DM
• Reply in a plan's thread to revise it ("make it real-time, p99 under 50 ms", "we have no labels"): each reply makes a new version and I say what changed
• Share a .md, .txt or .docx file in my thread or DM and I review it"""


def escape(text: str) -> str:
    """User text in mrkdwn: Slack reads `&`, `<` and `>` as markup, so they are escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible; only
    whitespace between pieces is dropped."""
    if len(text) <= limit:
        return [text] if text.strip() else []
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:  # one over-long line: cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    pieces.append(current)
    return [p.rstrip("\n") for p in pieces if p.strip()]


def section(text: str) -> list[Block]:
    """One mrkdwn section per `MAX_TEXT` characters of `text`."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": t}} for t in split_text(text)]


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:MAX_TEXT]}]}


def header(text: str) -> Block:
    """A header; a title past Slack's 150 characters ends in '…' (the file has it whole)."""
    short = text if len(text) <= MAX_HEADER else text[: MAX_HEADER - 1] + "…"
    return {"type": "header", "text": {"type": "plain_text", "text": short, "emoji": True}}


def fields(pairs: Iterable[tuple[str, str]]) -> Block:
    """Label/value pairs shown two per row (at most 10 fields, Slack's limit)."""
    items = [
        {"type": "mrkdwn", "text": f"*{label}*\n{value}"[:MAX_FIELD]} for label, value in pairs
    ]
    return {"type": "section", "fields": items[:10]}


def split_messages(blocks: list[Block], limit: int = MAX_BLOCKS) -> list[list[Block]]:
    """Messages of at most `limit` blocks each, in order (a divider never starts one)."""
    out: list[list[Block]] = []
    for block in blocks:
        if not out or len(out[-1]) >= limit:
            if block.get("type") == "divider" and out:
                continue
            out.append([])
        out[-1].append(block)
    return out


def severity_counts(findings: list[Finding]) -> str:
    counts = {s: sum(f.severity.value == s for f in findings) for s in _ORDER}
    return ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items())


def _value(thing: object) -> str:
    if thing is None or thing == "":
        return "—"
    return str(getattr(thing, "value", thing))


def finding_blocks(findings: list[Finding], *, limit: int = MAX_FINDINGS_SHOWN) -> list[Block]:
    """Findings by severity, each with its fix (and evidence for reviews); past `limit` they
    are counted, not listed."""
    ranked = sorted(findings, key=lambda f: _ORDER.get(f.severity.value, 3))
    out: list[Block] = []
    for f in ranked[:limit]:
        text = (
            f"{_ICON.get(f.severity.value, '')} *{f.severity.value}* · `{f.rule_id}` · "
            f"{f.section.value}\n{escape(f.message)}"
        )
        if f.evidence is not None and f.evidence.line:
            quote = escape(f.evidence.quote)
            text += f"\n_line {f.evidence.line}_" + (f": “{quote}”" if quote else "")
        if f.fix:
            text += f"\n*Fix:* {escape(f.fix)}"
        out.extend(section(text))
    if len(ranked) > limit:
        out.append(context(f"+{len(ranked) - limit} more in the file"))
    return out


def plan_blocks(
    plan: Plan,
    *,
    plan_id: str,
    version: int,
    changes: list[str] | None = None,
    note: str | None = None,
) -> list[Block]:
    """The plan at a glance: what it decides, what changed, what the validators found."""
    blocks: list[Block] = [
        header(f"ML plan: {plan.brief.title}"),
        fields(
            [
                ("Task", _value(plan.brief.task_type)),
                ("Primary metric", _value(plan.evaluation.primary_metric.name)),
                ("Split", _value(plan.training.split.strategy)),
                ("Serving", _value(plan.deployment.serving_mode)),
                ("Plan", f"`{plan_id}` v{version}"),
                ("Findings", severity_counts(plan.findings)),
            ]
        ),
    ]
    if changes:
        listed = "\n".join(f"• {escape(c)}" for c in changes)
        blocks += section(f"*What changed (v{version - 1} → v{version})*\n{listed}")
    if note:
        blocks.append(context(f":information_source: {escape(note)}"))
    blocks.append({"type": "divider"})
    if plan.findings:
        blocks += section("*Findings*")
        blocks += finding_blocks(plan.findings)
    else:
        blocks += section(":white_check_mark: No validator findings.")
    blocks.append(
        context(
            "The full plan is in the attached Markdown file. Reply in this thread to revise it "
            "(e.g. “make it real-time, p99 under 50 ms”)."
        )
    )
    return blocks


def review_blocks(review: Review, *, review_id: str) -> list[Block]:
    """A review at a glance: verdict, score, missing sections, findings with evidence."""
    missing = [c.section.value for c in review.coverage if not c.present]
    blocks: list[Block] = [
        header(f"Plan review: {review.source}"),
        fields(
            [
                ("Verdict", _VERDICT.get(review.verdict, review.verdict)),
                ("Score", f"{review.score:.0f}/100"),
                ("Findings", severity_counts(review.findings)),
                ("Missing sections", ", ".join(missing) or "none"),
                ("Review", f"`{review_id}`"),
            ]
        ),
    ]
    blocks += section(escape(review.summary))
    if review.reviewer_directives:
        blocks.append(
            context(
                ":shield: The document contains text addressed to the reviewer; it was ignored "
                "and changed no finding."
            )
        )
    blocks.append({"type": "divider"})
    blocks += finding_blocks(review.findings) or section(":white_check_mark: No findings.")
    if review.omitted:
        more = ", ".join(f"{name}: +{n}" for name, n in sorted(review.omitted.items()))
        blocks.append(context(f"Lower-ranked findings left out by the per-section cap: {more}"))
    blocks.append(context("The full review is in the attached Markdown file."))
    return blocks


def help_blocks() -> list[Block]:
    return section(HELP_TEXT)
