"""Put what was measured in the user's data into the drafted plan's data and evaluation sections.

Runs after any drafter (expert or LLM): the profile, Data Availability Score and Data Quality
Index go into the data section with the problems found; measured baselines go into evaluation
and the primary and secondary metrics' minimum and target are set relative to them.
"""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import (
    DataAvailability,
    DataProfile,
    MeasuredBaselines,
    Metric,
    OpenQuestion,
    Plan,
    Section,
)
from mlplan.understand.measured import disagreements

TARGET_GAP_SHARE = 0.25
"""The target closes this share of the gap between the best baseline and a perfect score."""
TARGET_ERROR_CUT = 0.10
"""For error metrics the target is this much below the best baseline's error."""


def ground_plan(
    plan: Plan,
    profile: DataProfile,
    *,
    availability: DataAvailability | None = None,
    baselines: MeasuredBaselines | None = None,
) -> Plan:
    """The plan with measured data facts, scores and thresholds (the brief is already grounded)."""
    data = plan.data.model_copy(
        update={
            "profile": profile,
            "availability": availability,
            "quality": profile.quality,
            "volume_summary": _volume(profile) + "; " + plan.data.volume_summary,
            "gaps": [*plan.data.gaps, *_gaps(profile)],
        }
    )
    questions = list(plan.open_questions)
    for text in disagreements(plan.brief, profile):
        questions.append(
            OpenQuestion(
                question=text + ": which is right for the population the model will score?",
                section=Section.DATA,
                why_it_matters="Stated and measured facts drive the metric, split and sample sizes; "
                "the plan keeps the stated value until this is settled.",
            )
        )
    evaluation = plan.evaluation
    if baselines is not None:
        evaluation = evaluation.model_copy(
            update={
                "measured_baselines": baselines,
                "primary_metric": _relative(evaluation.primary_metric, baselines, profile),
                "secondary_metrics": [
                    _relative(m, baselines, profile) for m in evaluation.secondary_metrics
                ],
                "baseline": _baseline_text(baselines) + "; " + evaluation.baseline,
            }
        )
    return plan.model_copy(
        update={"data": data, "evaluation": evaluation, "open_questions": questions}
    )


def _volume(profile: DataProfile) -> str:
    text = (
        f"{profile.source}: {fmt.count(profile.total_rows)} rows x {len(profile.columns)} columns"
    )
    if profile.sampled:
        text += f" (profiled on a {profile.sample_method})"
    return text


def _gaps(profile: DataProfile) -> list[str]:
    out: list[str] = []
    for s in profile.leakage:
        out.append(
            f"leakage suspect ({s.kind.replace('_', ' ')}): column '{s.column}' — {s.detail}"
        )
    suspects = {s.column for s in profile.leakage}
    for key in profile.group_keys:
        column = profile.column(key.column)
        if column is not None and column.id_like and key.column not in suspects:
            out.append(
                f"repeating identifier: column '{key.column}' ({fmt.count(key.n_groups)} values, "
                f"{key.rows_per_group:.1f} rows each) — the group key for the split, not a feature"
            )
    for p in profile.personal_data:
        out.append(
            f"personal data: column '{p.column}' looks like {p.kind.replace('_', ' ')} ({p.basis})"
        )
    constant = [c.name for c in profile.columns if c.constant]
    if constant:
        out.append("constant columns (drop): " + ", ".join(constant))
    dup = [f"{c.name} = {c.duplicate_of}" for c in profile.columns if c.duplicate_of]
    if dup:
        out.append("duplicate columns (keep one): " + ", ".join(dup))
    if profile.duplicate_rows:
        share = profile.duplicate_rows / max(profile.sample_rows, 1)
        out.append(
            f"{fmt.count(profile.duplicate_rows)} duplicate rows ({fmt.pct(share)} of the sample)"
        )
    major = [f"{d.column} (PSI {d.psi:.2f})" for d in profile.drift if d.level == "major"]
    if major:
        out.append(f"major drift between the first and last time slices: {', '.join(major)}")
    return out


def _relative(metric: Metric, baselines: MeasuredBaselines, profile: DataProfile) -> Metric:
    best = baselines.best(metric.name)
    if best is None:
        return metric
    value = best.score(metric.name)
    assert value is not None
    higher = next(s.higher_is_better for s in best.scores if s.metric is metric.name)
    if higher:
        ceiling = 1.0 if value <= 1.0 else value * 1.2
        target = value + TARGET_GAP_SHARE * (ceiling - value)
        how = f"closes {TARGET_GAP_SHARE:.0%} of the gap to a perfect score"
    else:
        target = value * (1 - TARGET_ERROR_CUT)
        how = f"is {TARGET_ERROR_CUT:.0%} below that error"
    minimum, target = round(value, 4), round(target, 4)
    note = (
        f" Thresholds set relative to baselines measured on {profile.source}: the minimum "
        f"({minimum:g}) is the best baseline ({best.name}) on the held-out {fmt.count(baselines.test_rows)} rows, "
        f"the target ({target:g}) {how}."
    )
    return metric.model_copy(
        update={"minimum": minimum, "target": target, "rationale": metric.rationale + note}
    )


def baseline_scores(b: MeasuredBaselines) -> str:
    """`majority: roc_auc 0.5, pr_auc 0.04; logistic: …` — each baseline's first three scores
    (the plan's text and the LLM's data block both quote them this way)."""
    parts = []
    for r in b.results:
        scores = ", ".join(f"{s.metric.value} {s.value:.3g}" for s in r.scores[:3])
        parts.append(f"{r.name}: {scores}" if scores else r.name)
    return "; ".join(parts)


def _baseline_text(b: MeasuredBaselines) -> str:
    return (
        f"measured on {fmt.count(b.train_rows)} train / {fmt.count(b.test_rows)} test rows "
        f"({b.split_note}) — " + baseline_scores(b)
    )
