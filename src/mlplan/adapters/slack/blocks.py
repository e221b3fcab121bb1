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

from mlplan.adapters.slack.files import megabytes
from mlplan.domain import DataProfile, Finding, MeasuredBaselines, Plan, Review

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
MAX_COLUMNS_SHOWN = 8
"""Column names listed per line of the data summary; the rest are counted."""

_ORDER = {"error": 0, "warning": 1, "info": 2}
_ICON = {"error": ":red_circle:", "warning": ":large_orange_circle:", "info": ":large_blue_circle:"}
_VERDICT = {"ready": "Ready", "needs_work": "Needs work", "not_ready": "Not ready"}

HELP_TEXT = """*mlplan* plans ML projects from a brief and reviews ML plans.
• `/mlplan plan <brief>`: a complete, validated plan in a thread (e.g. `/mlplan plan Predict churn from 10M CRM rows, GDPR applies`)
• `/mlplan review <plan text>`: review a plan you paste
• `/mlplan review` on its own: review the latest .md, .txt or .docx file shared in this channel
• `@mlplan plan …` or `@mlplan review` in a channel, or just write to me in a DM
• Reply in a plan's thread to revise it ("make it real-time, p99 under 50 ms", "we have no labels"): each reply makes a new version and I say what changed
• Share a data file (CSV, TSV, Parquet, JSON Lines) in a plan's thread with `target=&lt;column&gt;` (optionally `time=&lt;column&gt;`, `group=&lt;column&gt;`) and I ground the plan on it: a new version with measured facts, leakage suspects and baselines. Or attach it to `@mlplan plan &lt;brief&gt;` or a DM brief
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
    if plan.data.profile is not None:
        blocks += data_blocks(plan)
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


def _col(name: str) -> str:
    """A column name (user data) as inline code in mrkdwn."""
    short = name if len(name) <= 60 else name[:59] + "…"
    return "`" + escape(short.replace("`", "'")) + "`"


def _cols(names: list[str], limit: int = MAX_COLUMNS_SHOWN) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", +{len(names) - limit} more" if len(names) > limit else "")


def _rows(profile: DataProfile) -> str:
    if profile.sampled:
        return f"{profile.sample_rows:,} of {profile.total_rows:,} rows profiled (uniform sample)"
    return f"{profile.total_rows:,} rows profiled"


def _target(profile: DataProfile) -> str:
    target = profile.target
    assert target is not None
    head = f"Target {_col(target.column)}: {target.kind}"
    if target.kind == "binary" and target.positive_rate is not None:
        return f"{head}, {target.positive_rate:.1%} positive ({_col(str(target.positive_class))})"
    if target.kind == "multiclass":
        largest = max(target.class_shares.values(), default=0.0)
        return f"{head}, {target.n_classes} classes, the largest {largest:.1%} of rows"
    if target.mean is not None and target.median is not None:
        skew = f", skew {target.skew:.2f}" if target.skew is not None else ""
        return f"{head}, mean {target.mean:,.4g}, median {target.median:,.4g}{skew}"
    return head


def _baseline(plan: Plan, measured: MeasuredBaselines) -> str:
    metric = plan.evaluation.primary_metric
    label = escape(metric.display or metric.name.value)
    best = measured.best(metric.name)
    value = best.score(metric.name) if best is not None else None
    if best is None or value is None:
        why = f" ({escape('; '.join(measured.skipped))[:300]})" if measured.skipped else ""
        return f"No baseline was scored on {label}{why}"
    trivial = next((r for r in measured.results if r.kind == "trivial"), None)
    floor = trivial.score(metric.name) if trivial is not None and trivial is not best else None
    versus = f" (trivial baseline {floor:.3f})" if floor is not None else ""
    skipped = f"; {len(measured.skipped)} skipped (see the file)" if measured.skipped else ""
    return (
        f"Best baseline: {escape(best.name)}, {label} {value:.3f}{versus} on "
        f"{measured.test_rows:,} held-out rows, {measured.split.value} split; "
        f"the metric thresholds start there{skipped}"
    )


def data_blocks(plan: Plan) -> list[Block]:
    """What the plan measured in the user's data: rows, target, leakage suspects, personal
    data (columns only, never values), quality and the best baseline."""
    profile = plan.data.profile
    if profile is None:
        return []
    parts = [_rows(profile), f"{len(profile.columns)} columns"]
    quality = plan.data.quality or profile.quality
    if quality is not None:
        parts.append(f"Data Quality Index {quality.index:.0f}/100")
    if plan.data.availability is not None:
        parts.append(f"availability {plan.data.availability.score:.0%} of what the plan needs")
    lines = [f"*Data: {_col(profile.source)}*: " + " · ".join(parts)]
    if profile.target is not None:
        lines.append(_target(profile))
    else:
        names = [_col(c.name) for c in profile.columns]
        lines.append(
            ":information_source: No target column, so no leakage check and no measured "
            "baselines: share the file again with `target=&lt;column&gt;` (columns: "
            f"{_cols(names, 12)})"
        )
    leaks = [s for s in profile.leakage if s.kind != "identifier"]
    if leaks:
        named = [
            f"{_col(s.column)} ({s.kind.replace('_', '-')}"
            + (f", score {s.score:.2f}" if s.score is not None else "")
            + ")"
            for s in leaks
        ]
        lines.append(
            f":rotating_light: *Leakage suspects*: {_cols(named)}; kept out of the baselines"
        )
    ids = [_col(s.column) for s in profile.leakage if s.kind == "identifier"]
    if ids:
        lines.append(f"Identifiers (not used as inputs): {_cols(ids)}")
    if profile.personal_data:
        pii = [f"{_col(p.column)} ({p.kind.replace('_', ' ')})" for p in profile.personal_data]
        lines.append(f":lock: *Personal data*: {_cols(pii)}; values are never copied")
    measured = plan.evaluation.measured_baselines
    if measured is not None:
        lines.append(_baseline(plan, measured))
    return section("\n".join(f"• {line}" if i else line for i, line in enumerate(lines)))


def data_howto(name: str, max_bytes: int, *, dm: bool) -> str:
    """What to do with a data file shared where there is nothing to ground."""
    where = (
        "Send me the brief with the file (e.g. “Predict churn for our subscriptions "
        "target=churned”), or share it in a plan's thread"
        if dm
        else "Start a plan with `/mlplan plan &lt;brief&gt;` (or `@mlplan plan &lt;brief&gt;` with "
        "the file "
        "attached), then share the file in the plan's thread"
    )
    return (
        f":bar_chart: I can ground a plan on `{escape(name)}`, but there is no plan here to "
        f"ground. {where}, with `target=&lt;column&gt;` (and optionally `time=&lt;column&gt;`, "
        f"`group=&lt;column&gt;`). CSV, TSV, Parquet or JSON Lines, up to {megabytes(max_bytes)}."
    )


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
