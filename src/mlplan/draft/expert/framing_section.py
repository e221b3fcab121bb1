"""Problem framing, market research and the overview, from the brief and the framing table."""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import (
    Alternative,
    CurrentSolution,
    DataLandscape,
    Evaluation,
    ImpactGoal,
    InteractionMode,
    Overview,
    Persona,
    ProblemFraming,
    Section,
    ServingMode,
    Stakeholder,
    TaskType,
)
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.tables import first_row, load_table

_ACTIONS = {
    TaskType.BINARY_CLASSIFICATION: "cases above the threshold are acted on (offer, review, block or follow-up); the rest proceed as usual",
    TaskType.MULTICLASS_CLASSIFICATION: "each item is assigned to its predicted class; low-confidence items go to a human",
    TaskType.MULTILABEL_CLASSIFICATION: "suggested labels are applied automatically above a confidence, otherwise shown for confirmation",
    TaskType.REGRESSION: "the estimate is shown or used in pricing/planning with an uncertainty band",
    TaskType.FORECASTING: "forecasts feed ordering and staffing decisions; planners review exceptions",
    TaskType.RANKING: "results are ordered by the model's score",
    TaskType.RECOMMENDATION: "the top-k items are shown in the recommendation slots",
    TaskType.CLUSTERING: "each entity gets a segment used to tailor campaigns and reporting",
    TaskType.ANOMALY_DETECTION: "the top-k anomalies per day are sent to analysts for investigation",
}


def _prediction_point(ctx: DraftContext) -> str:
    b = ctx.brief
    if b.serving_mode is ServingMode.REALTIME:
        return "at request time, using only data available at that moment"
    if b.task_type is TaskType.FORECASTING:
        return f"at each forecast origin (weekly), for the next {b.forecast_horizon or 'planning horizon'}"
    return (
        "at each scheduled scoring date (e.g. weekly), using data up to the end of the previous day"
    )


def _severity(ctx: DraftContext, evaluation: Evaluation) -> str:
    b = ctx.brief
    today = (
        f"today this is handled by {b.current_solution}"
        if b.current_solution
        else "today no model supports this decision (current process: open question)"
    )
    if evaluation.cost_matrix:
        cost = "missed cases and false alarms both cost money; their relative cost is in the evaluation section's cost matrix"
    elif b.task_type is TaskType.FORECASTING:
        cost = "under-forecasts cause stock-outs and lost sales, over-forecasts cause excess stock and waste"
    elif b.task_type.is_ranking:
        cost = "poor ordering hides relevant items, costing engagement and revenue per session"
    else:
        cost = f"errors are measured by {evaluation.primary_metric.display or evaluation.primary_metric.name.value} and translated into {', '.join(evaluation.business_metrics[:2]) or 'the business KPI'}"
    scale = f"; the brief describes {fmt.count(b.total_rows)} records" if b.total_rows else ""
    return f"{today[:1].upper() + today[1:]}{scale}; {cost}."


def draft_framing(ctx: DraftContext, evaluation: Evaluation) -> ProblemFraming:
    b = ctx.brief
    row = first_row("framing", ctx.facts)
    rate = (
        f"; the positive class is {fmt.pct(b.positive_class_rate)} of rows"
        if b.positive_class_rate
        else ""
    )
    volume = f"{fmt.count(b.total_rows)} rows" if b.total_rows else "volume not stated"
    current = (
        [
            CurrentSolution(
                name=b.current_solution,
                limits=["not measured against a holdout", "does not adapt as behaviour changes"],
            )
        ]
        if b.current_solution
        else []
    )
    if not b.current_solution:
        ctx.ask(
            "What is done today without a model, and how well does it work?",
            Section.PROBLEM_FRAMING,
            "The current process is the baseline the model must beat and the fallback when it fails.",
        )
    goals = [
        ImpactGoal(
            kpi=k,
            baseline="current value to be measured in discovery",
            target="as stated in the brief",
            horizon="6 months after launch",
        )
        for k in b.success_kpis
    ]
    if not goals:
        # Claim a tested effect only where the plan randomises; otherwise say what is observed.
        target = (
            "statistically significant improvement in the A/B test"
            if evaluation.validation_strategy.ab_test
            else "compared with the current process during the shadow period and pilot; "
            "reported as observed, not as a tested causal effect"
        )
        goals = [
            ImpactGoal(
                kpi=evaluation.business_metrics[0]
                if evaluation.business_metrics
                else "primary business KPI",
                baseline="to be measured in discovery",
                target=target,
                horizon="first quarter after launch",
            )
        ]
        ctx.ask(
            "Which business KPI defines success, and by how much must it move?",
            Section.OVERVIEW,
            "Without a target the project cannot be judged or stopped.",
        )
    mode = InteractionMode(row["interaction_mode"])
    if b.serving_mode is ServingMode.REALTIME:
        mode = InteractionMode.API
    elif b.serving_mode is ServingMode.EDGE:
        mode = InteractionMode.EMBEDDED
    regs = ", ".join(r.value.upper().replace("_", " ") for r in b.regulations)
    reg_notes = [f"{regs} applies: see the data section's privacy plan"] if regs else []
    if b.affects_people:
        reg_notes.append(
            "outputs affect individuals: fairness assessment, explanations and a human appeal path are required"
        )
    if b.personal_data and not regs:
        reg_notes.append(
            "personal data without a named regulation: confirm the jurisdiction (GDPR/CCPA/...) with legal"
        )
        ctx.ask(
            "Which data-protection regimes apply (jurisdictions of the people in the data)?",
            Section.DATA,
            "They determine lawful basis, retention, deletion and impact-assessment duties.",
        )
    latency = (
        f"p99 latency under {b.latency_p99_ms:g} ms"
        if b.latency_p99_ms
        else "scoring completes before the business day starts"
    )
    nfr = [
        latency,
        "availability 99.9 % for online paths"
        if b.serving_mode is not ServingMode.BATCH
        else "daily job succeeds 99 % of runs; yesterday's scores remain valid on failure",
        "every prediction traceable to model version and input snapshot",
    ]
    if b.throughput_rps:
        nfr.append(f"sustain {b.throughput_rps:g} requests/s at peak")
    return ProblemFraming(
        problem_statement=f"{b.business_problem.rstrip('.')}. ML framing: {b.task_type.value.replace('_', ' ')} of {b.target or b.objective} ({volume}{rate}).",
        severity_and_impact=_severity(ctx, evaluation),
        current_solutions=current,
        stakeholders=[Stakeholder.model_validate(s) for s in row["stakeholders"]],
        unique_value=str(row["unique_value"]),
        benefits=list(row["benefits"]),
        impact_goals=goals,
        alternatives=[Alternative.model_validate(a) for a in row["alternatives"]],
        personas=[Persona.model_validate(p) for p in row["personas"]],
        user_journey=[
            "data is refreshed",
            f"the model scores ({b.serving_mode.value})",
            "the user sees the prediction with its reasons in their tool",
            "the user acts or overrides",
            "the outcome is recorded and becomes a label",
        ],
        interaction_mode=mode,
        functional_requirements=[
            f"produce a {b.task_type.value.replace('_', ' ')} output for every eligible {b.group_key.replace('_id', '') if b.group_key else 'record'}",
            "expose the top drivers of each prediction",
            "record the user's action and the eventual outcome",
        ],
        non_functional_requirements=nfr,
        feedback_methods=[
            "in-tool 'wrong prediction' button with reason",
            "outcome labels captured from the system of record",
            "monthly review with the business owner",
        ],
        data_landscape=DataLandscape(
            volume=volume,
            velocity=", ".join(s.velocity for s in b.data_sources if s.velocity)
            or (
                "streaming"
                if b.serving_mode is ServingMode.STREAMING
                else "daily updates (assumed)"
            ),
            variety=", ".join(m.value for m in b.modalities),
            veracity="label quality and completeness to be profiled in the first two weeks",
            gaps=["label delay unknown"]
            if not b.label_delay and b.task_type.is_classification
            else [],
            acquisition=[f"{s.name} ({s.kind})" for s in b.data_sources],
        ),
        regulations_and_bias=reg_notes
        or ["no regulated personal data stated; confirm in discovery"],
        trends=list(row["trends"]),
        validation_kpis=[
            evaluation.primary_metric.display or evaluation.primary_metric.name.value,
            *(evaluation.business_metrics[:1]),
        ],
        intended_use=f"support {b.domain} decisions described in the brief: {b.objective[:120]}",
        out_of_scope_use=[
            "fully automated decisions with legal effect without human review"
            if b.affects_people
            else "decisions outside the population the model was trained on",
            "use on new markets or products before re-validation",
        ],
        citations=ctx.cite(
            load_table("framing").get("cites", []), "stakeholders, personas, alternatives and value"
        ),
    )


def draft_overview(ctx: DraftContext, evaluation: Evaluation) -> Overview:
    b = ctx.brief
    metric = evaluation.primary_metric
    floor = (
        " (ship only above the baseline by a margin beyond the bootstrap interval)"
        if metric.minimum is None
        else f" (minimum {metric.minimum})"
    )
    return Overview(
        title=b.title,
        business_problem=b.business_problem,
        ml_objective=f"{b.task_type.value.replace('_', ' ')} of '{b.target or b.objective}', judged by {metric.display or metric.name.value}{floor}",
        prediction_point=_prediction_point(ctx),
        action=_ACTIONS[b.task_type],
        stakeholders=[s["role"] for s in first_row("framing", ctx.facts)["stakeholders"]],
        expected_impact="; ".join(b.success_kpis)
        if b.success_kpis
        else "to be quantified in discovery (open question)",
        success_criteria=[
            f"offline: {metric.display or metric.name.value} beats the baseline on the untouched test split",
            f"online: {evaluation.validation_strategy.ab_test.primary_metric} improves significantly in the A/B test"
            if evaluation.validation_strategy.ab_test
            else "online: pilot confirms the business KPI moves",
            "operational: monitoring, rollback and retraining in place before 100 % rollout",
        ],
        citations=ctx.cite(
            ["problem-framing-and-objectives"],
            "business objective mapped to an ML objective and success criteria",
        ),
    )
