"""Critique eval: precision / recall of `mlplan review` per rule family on the labelled plans.

Runs `PlanService.review()` on every plan in evals/critique/labels.yaml and scores the findings
against the labels (definitions in benchmarks/_critique_metrics.py):

- precision  flagged ∩ must_flag / flagged ∩ (must_flag ∪ must_not_flag); unlabelled rules
             do not count
- recall     flagged ∩ must_flag / must_flag
- line acc.  flagged must_flag entries with a labelled line whose finding points within ±2 lines
- verdict    share of plans whose review verdict equals the labelled verdict

The review caps findings per section ("+N more"), so a rule can be detected and still hidden.
Each plan is therefore reviewed twice: as shipped (what a user sees, the headline numbers) and
with the cap lifted (what the parser and rules detect); both tables are printed.

Goal (issue #5): precision >= 0.90 and recall >= 0.90 overall.

Run:  python benchmarks/eval_critique.py [--labels evals/critique/labels.yaml] [--json out.json]
      [--plan SUBSTRING] [--no-uncapped]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import inspect
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from _critique_metrics import (
    FAMILIES,
    FAMILY_NAMES,
    Flag,
    PlanLabel,
    PlanScore,
    Summary,
    Tally,
    catalog_rule_ids,
    failed_plan,
    fmt_ratio,
    load_labels,
    score_plan,
    summarise,
    validate_labels,
    verdict_confusion,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "evals" / "critique" / "labels.yaml"
RULES_MD = ROOT / "docs" / "rules.md"
GOAL = 0.90


@dataclass
class Outcome:
    score: PlanScore
    style: str
    ms: float
    directives: int
    """Reviewer-addressed passages the review reported (hostile plans should have some)."""
    omitted: int
    """Findings the review left out by its per-section cap."""
    messages: dict[str, str]
    """Rule id -> message of its first finding, for the false positives (to read the misses)."""


# --------------------------------------------------------------------------- run


def load_and_validate(labels_path: Path) -> list[PlanLabel]:
    labels = load_labels(labels_path)
    rule_ids = catalog_rule_ids(RULES_MD.read_text(encoding="utf-8"))
    problems = validate_labels(labels, labels_path.parent, rule_ids)
    if problems:
        sys.exit("invalid critique labels:\n  " + "\n  ".join(problems))
    return labels


@contextlib.contextmanager
def uncapped_reviews() -> Iterator[bool]:
    """Lift the review's per-section cap for the duration (yields False if that is not possible).

    `PlanService.review()` imports `review_draft` from `mlplan.critique` when it is called, so
    rebinding that name with a huge `cap_per_section` changes nothing else about the review.
    """
    import mlplan.critique as critique

    original = getattr(critique, "review_draft", None)
    if original is None or "cap_per_section" not in inspect.signature(original).parameters:
        yield False
        return
    critique.review_draft = functools.partial(original, cap_per_section=10**9)
    try:
        yield True
    finally:
        critique.review_draft = original


def review_plan(service: Any, label: PlanLabel, base_dir: Path) -> Outcome:
    t0 = time.perf_counter()
    review = service.review(str(base_dir / label.file))
    ms = (time.perf_counter() - t0) * 1000
    flags = [
        Flag(f.rule_id, f.evidence.line if f.evidence is not None else None)
        for f in review.findings
    ]
    score = score_plan(label, flags, str(review.verdict))
    messages: dict[str, str] = {}
    for f in review.findings:
        if f.rule_id in score.fp:
            messages.setdefault(f.rule_id, f.message)
    return Outcome(
        score=score,
        style=label.style,
        ms=ms,
        directives=len(review.reviewer_directives),
        omitted=sum(review.omitted.values()) if review.omitted else 0,
        messages=messages,
    )


def run(service: Any, labels: Sequence[PlanLabel], base_dir: Path) -> list[Outcome]:
    outcomes = []
    for label in labels:
        try:
            outcomes.append(review_plan(service, label, base_dir))
        except Exception as exc:  # a crash on one plan is a result, not the end of the run
            error = f"{type(exc).__name__}: {exc}"
            outcomes.append(Outcome(failed_plan(label, error), label.style, 0.0, 0, 0, {}))
    return outcomes


# --------------------------------------------------------------------------- report


def _row(name: str, t: Tally) -> str:
    return (
        f"| {name} | {t.must_flag} | {t.tp} | {t.fn} | {t.fp} | {fmt_ratio(t.precision)} "
        f"| {fmt_ratio(t.recall)} | {fmt_ratio(t.line_accuracy)} ({t.line_ok}/{t.line_total}) |"
    )


def family_table(summary: Summary) -> str:
    lines = [
        "| family | must flag | caught | missed | false positives | precision | recall "
        "| evidence line ±2 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in FAMILIES:
        lines.append(_row(f"{f} ({FAMILY_NAMES[f]})", summary.families[f]))
    lines.append(_row("**overall**", summary.overall))
    return "\n".join(lines)


def style_table(outcomes: Sequence[Outcome]) -> str:
    lines = [
        "| style | plans | precision | recall | verdict accuracy |",
        "|---|---:|---:|---:|---:|",
    ]
    for style in sorted({o.style for o in outcomes}):
        sub = [o.score for o in outcomes if o.style == style]
        s = summarise(sub)
        lines.append(
            f"| {style} | {s.plans} | {fmt_ratio(s.overall.precision)} "
            f"| {fmt_ratio(s.overall.recall)} | {fmt_ratio(s.verdict_accuracy)} |"
        )
    return "\n".join(lines)


def confusion_table(scores: Sequence[PlanScore]) -> str:
    counts = verdict_confusion(scores)
    got = ["ready", "needs_work", "not_ready", "error"]
    lines = [
        "| label \\ review | " + " | ".join(got) + " |",
        "|---|" + "---:|" * len(got),
    ]
    for expected in ("ready", "needs_work", "not_ready"):
        cells = [str(counts.get((expected, g), 0)) for g in got]
        lines.append(f"| {expected} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def misses_report(outcomes: Sequence[Outcome]) -> str:
    lines = []
    for o in outcomes:
        s = o.score
        parts = []
        if s.error:
            parts.append(f"review failed ({s.error})")
        if s.fn:
            parts.append("missed " + ", ".join(sorted(s.fn)))
        if s.fp:
            parts.append("false positive " + ", ".join(sorted(s.fp)))
        for m in s.line_misses:
            got = ", ".join("none" if g is None else str(g) for g in m.got)
            parts.append(f"{m.rule} evidence at line {got}, labelled {m.expected}")
        if not s.verdict_ok:
            parts.append(f"verdict {s.verdict_got or 'none'} (label {s.verdict_expected})")
        if parts:
            lines.append(f"- {s.file}: " + "; ".join(parts))
    return "\n".join(lines) if lines else "(none)"


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def goal_line(summary: Summary) -> str:
    p, r = summary.overall.precision, summary.overall.recall
    met = p is not None and r is not None and p >= GOAL and r >= GOAL
    return (
        f"Goal (overall precision >= {GOAL:.2f} and recall >= {GOAL:.2f}): "
        f"precision {fmt_ratio(p)}, recall {fmt_ratio(r)} -> {'met' if met else 'NOT met'}"
    )


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--plan", default=None, help="only plans whose file contains this text")
    parser.add_argument("--json", type=Path, default=None, help="also write results as JSON")
    parser.add_argument(
        "--no-uncapped", action="store_true", help="skip the second pass with the cap lifted"
    )
    args = parser.parse_args(argv)

    labels = load_and_validate(args.labels)
    if args.plan:
        labels = [p for p in labels if args.plan in p.file]
        if not labels:
            parser.error(f"no labelled plan matches {args.plan!r}")
    styles = Counter(p.style for p in labels)
    print(
        f"Critique suite: {len(labels)} plans from {args.labels} ("
        + ", ".join(f"{n} {s}" for s, n in sorted(styles.items()))
        + f"); {sum(len(p.must_flag) for p in labels)} must_flag and "
        f"{sum(len(p.must_not_flag) for p in labels)} must_not_flag labels\n"
    )

    from mlplan.service import build_service

    service = build_service()
    outcomes = run(service, labels, args.labels.parent)
    scores = [o.score for o in outcomes]
    summary = summarise(scores)
    uncapped: list[Outcome] | None = None
    if not args.no_uncapped:
        with uncapped_reviews() as lifted:
            if lifted:
                uncapped = run(service, labels, args.labels.parent)
            else:
                print("(cannot lift the review's per-section cap; second pass skipped)\n")

    print("Review as shipped (findings capped per section):\n")
    print(family_table(summary))
    print()
    if uncapped is not None:
        print("Cap lifted (everything the parser and rules detect):\n")
        print(family_table(summarise([o.score for o in uncapped])))
        print()
    print(style_table(outcomes))
    print()
    print(
        f"Verdict accuracy: {fmt_ratio(summary.verdict_accuracy)} "
        f"({summary.verdict_ok}/{summary.plans}); reviews that raised: {summary.errors}"
    )
    print()
    print(confusion_table(scores))
    print()
    times = [o.ms for o in outcomes if o.score.error is None]
    if times:
        print(
            f"Review time per plan, first pass (includes opening the knowledge index on the "
            f"first call): p50 {percentile(times, 50):.1f} ms, max {max(times):.1f} ms"
        )
    warm = [o.ms for o in uncapped or [] if o.score.error is None]
    if warm:
        print(
            f"Review time per plan, second pass (warm): p50 {percentile(warm, 50):.1f} ms, "
            f"max {max(warm):.1f} ms"
        )
    hostile = [o for o in outcomes if o.style == "hostile"]
    if hostile:
        seen = sum(1 for o in hostile if o.directives)
        print(f"Reviewer-addressed text reported in {seen}/{len(hostile)} hostile plans")
    omitted = sum(o.omitted for o in outcomes)
    if omitted:
        print(f"Findings hidden by the per-section cap: {omitted} over {len(outcomes)} plans")
    print(goal_line(summary))
    if uncapped is not None:
        print(goal_line(summarise([o.score for o in uncapped])).replace("Goal", "Cap lifted"))
    print()
    print("Per-plan misses (review as shipped):")
    print(misses_report(outcomes))
    if uncapped is not None:
        print()
        print("Per-plan misses with the cap lifted:")
        print(misses_report(uncapped))

    if args.json is not None:
        payload = {
            "labels": str(args.labels),
            "plans": len(labels),
            "goal": GOAL,
            "families": {f: asdict(t) | _ratios(t) for f, t in summary.families.items()},
            "overall": asdict(summary.overall) | _ratios(summary.overall),
            "verdict_accuracy": summary.verdict_accuracy,
            "verdict_confusion": [
                {"label": e, "review": g, "plans": n}
                for (e, g), n in sorted(verdict_confusion(scores).items())
            ],
            "outcomes": [_outcome_json(o) for o in outcomes],
        }
        if uncapped is not None:
            u = summarise([o.score for o in uncapped])
            payload["uncapped"] = {
                "families": {f: asdict(t) | _ratios(t) for f, t in u.families.items()},
                "overall": asdict(u.overall) | _ratios(u.overall),
                "verdict_accuracy": u.verdict_accuracy,
                "outcomes": [_outcome_json(o) for o in uncapped],
            }
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


def _ratios(t: Tally) -> dict[str, float | None]:
    return {"precision": t.precision, "recall": t.recall, "line_accuracy": t.line_accuracy}


def _outcome_json(o: Outcome) -> dict[str, Any]:
    s = o.score
    return {
        "file": s.file,
        "style": o.style,
        "caught": sorted(s.tp),
        "missed": sorted(s.fn),
        "false_positives": sorted(s.fp),
        "unlabelled": sorted(s.unlabelled),
        "line_misses": [asdict(m) for m in s.line_misses],
        "verdict": {"label": s.verdict_expected, "review": s.verdict_got},
        "ms": round(o.ms, 2),
        "directives": o.directives,
        "omitted": o.omitted,
        "false_positive_messages": o.messages,
        "error": s.error,
    }


if __name__ == "__main__":
    raise SystemExit(main())
