"""Timeline scaled from the phase table and team size; risks specific to the brief."""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import Level, Milestone, Phase, Risk, Section, TaskType, Timeline
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.quantities import scaled_weeks
from mlplan.draft.expert.tables import load_table, matches


def _phases(ctx: DraftContext) -> list[Phase]:
    table = load_table("timeline")
    team = ctx.brief.team_size or int(table["reference_team"])
    phases: list[Phase] = []
    cursor = 0.0
    previous: str | None = None
    for row in table["rows"]:
        if not matches(row.get("when", {}), ctx.facts):
            continue
        weeks = scaled_weeks(
            float(row["effort"]), team_size=team, reference_team=int(table["reference_team"])
        )
        if row.get("parallel") and phases:
            start = phases[-1].start_week
            depends = list(phases[-1].depends_on)
        else:
            start = cursor
            depends = [previous] if previous else []
        phase = Phase(
            name=row["name"],
            start_week=start,
            weeks=weeks,
            deliverables=list(row["deliverables"]),
            depends_on=depends,
        )
        phases.append(phase)
        if not row.get("parallel"):
            previous = phase.name
        cursor = max(cursor, start + weeks)
    return phases


def _risks(ctx: DraftContext) -> list[Risk]:
    b = ctx.brief
    risks = [
        Risk(
            risk="data access approvals take longer than planned",
            likelihood=Level.HIGH if b.personal_data else Level.MEDIUM,
            impact=Level.HIGH,
            mitigation="file access requests in week 1; start with a pseudonymised sample",
        )
    ]
    if ctx.facts["time_ordered"]:
        risks.append(
            Risk(
                risk="temporal leakage inflates offline scores",
                likelihood=Level.MEDIUM,
                impact=Level.HIGH,
                mitigation="time-based split with a gap; point-in-time feature joins; leakage review before model selection",
            )
        )
    if b.positive_class_rate is not None and b.positive_class_rate < 0.01:
        risks.append(
            Risk(
                risk=f"only {fmt.pct(b.positive_class_rate)} positives: unstable metrics and thresholds",
                likelihood=Level.HIGH,
                impact=Level.MEDIUM,
                mitigation="longer test window, bootstrap intervals, thresholds set on validation by expected cost",
            )
        )
    if b.label_delay:
        risks.append(
            Risk(
                risk=f"labels arrive {b.label_delay} late, so drift is detected late",
                likelihood=Level.HIGH,
                impact=Level.MEDIUM,
                mitigation="monitor input and score drift daily; proxy labels where available",
            )
        )
    if b.latency_p99_ms is not None and b.latency_p99_ms < 100:
        risks.append(
            Risk(
                risk=f"the {b.latency_p99_ms:g} ms p99 budget is missed under load",
                likelihood=Level.MEDIUM,
                impact=Level.HIGH,
                mitigation="load test at 2x peak before canary; precompute features; fallback rules on timeout",
            )
        )
    if b.affects_people:
        risks.append(
            Risk(
                risk="disparate error rates across groups",
                likelihood=Level.MEDIUM,
                impact=Level.HIGH,
                mitigation="fairness assessment before launch, human review of adverse decisions, appeal path",
            )
        )
    if b.task_type is TaskType.FORECASTING:
        risks.append(
            Risk(
                risk="stock-outs and promotions distort the demand history",
                likelihood=Level.HIGH,
                impact=Level.MEDIUM,
                mitigation="flag censored periods; promotion calendar as a feature",
            )
        )
    if ctx.facts.get("needs_labelling"):
        risks.append(
            Risk(
                risk="labels are inconsistent or too few",
                likelihood=Level.MEDIUM,
                impact=Level.HIGH,
                mitigation="labelling guideline, agreement checks, active learning to focus effort",
            )
        )
    risks.append(
        Risk(
            risk="the model works offline but does not move the business KPI",
            likelihood=Level.MEDIUM,
            impact=Level.HIGH,
            mitigation="A/B test or pilot with a pre-registered success metric before full rollout",
        )
    )
    return risks


def draft_timeline(ctx: DraftContext) -> Timeline:
    b = ctx.brief
    phases = _phases(ctx)
    total = max(p.start_week + p.weeks for p in phases)
    team = b.team_size or 3
    fit = "no deadline stated"
    if b.deadline_weeks:
        if total <= b.deadline_weeks:
            fit = f"fits the {fmt.weeks(b.deadline_weeks)} deadline with {fmt.weeks(b.deadline_weeks - total)} of slack"
        else:
            fit = (
                f"{fmt.weeks(total)} exceeds the {fmt.weeks(b.deadline_weeks)} deadline by {fmt.weeks(total - b.deadline_weeks)}: "
                "ship the baseline model behind the same serving and monitoring path first, and move iteration to a second release"
            )
    else:
        ctx.ask(
            "Is there a deadline or launch date?",
            Section.TIMELINE,
            "It decides whether the first release ships the baseline or the full model.",
        )
    milestones = [
        Milestone(
            name="Baseline on validation",
            week=next(p.start_week + p.weeks for p in phases if p.name.startswith("Baseline")),
            exit_criteria="baseline metric reported with the evaluation harness",
        ),
        Milestone(
            name="Model selected",
            week=next(p.start_week + p.weeks for p in phases if p.name.startswith("Feature")),
            exit_criteria="challenger beats baseline on the primary metric beyond the CV spread",
        ),
        Milestone(
            name="Production-ready",
            week=next(
                p.start_week + p.weeks for p in phases if p.name.startswith("Productionisation")
            ),
            exit_criteria="quality gate, monitoring and rollback tested",
        ),
        Milestone(
            name="Rollout decision",
            week=total,
            exit_criteria="A/B or canary result reviewed with stakeholders",
        ),
    ]
    return Timeline(
        phases=phases,
        milestones=milestones,
        total_weeks=total,
        team=f"{team} people" + (" (assumed)" if not b.is_known("team_size") else ""),
        deadline_fit=fit,
        risks=_risks(ctx),
        citations=ctx.cite(
            list(load_table("timeline").get("cites", [])), "phases, durations and risks"
        ),
    )
