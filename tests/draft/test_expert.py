"""End-to-end expert drafting: plans must be specific to their brief, with computed numbers."""

from __future__ import annotations

import pytest

from mlplan.domain import MetricName, ModelFamily, Plan, ServingMode, SplitStrategy, TaskType
from mlplan.draft.expert import ExpertDrafter
from mlplan.draft.expert.quantities import (
    replicas_needed,
    scaled_weeks,
    split_sizes,
)
from mlplan.stats import ab_sample_size_per_arm, two_proportion_sample_size
from mlplan.understand import parse_text

CHURN = "Predict churn for our subscription service; 10M CRM rows; ~4 % churn; GDPR applies"
FRAUD = (
    "Card-payment fraud detection at checkout: 0.1% of ~2.5M daily transactions are fraudulent "
    "(chargebacks arrive within 60 days). 40M labelled transactions. p99 under 80ms, 30k req/min peak. "
    "PCI DSS. Team of 4, 10 weeks."
)
FORECAST = (
    "Forecast weekly demand for 3,000 SKUs across 120 stores, 12 weeks ahead, using 3 years of sales "
    "history. Currently planners use spreadsheets."
)
BRIEFS = {
    "churn": CHURN,
    "fraud": FRAUD,
    "forecast": FORECAST,
    "multiclass": "Route support tickets into one of 14 queues; 800k labelled tickets in Zendesk; English and German.",
    "regression": "Estimate the sale price of houses from 120k past listings with 40 attributes; agents want an explanation for each estimate.",
    "ranking": "Rank search results for our e-commerce site; 5M queries per month with click logs.",
    "recommendation": "Recommend products on the home page for 2M users; 50k items in the catalogue; realtime, p99 under 150 ms.",
    "anomaly": "Detect anomalies in vibration sensor readings from 400 turbines without labels; readings every second.",
    "clustering": "Segment our 1.2M retail customers into groups for targeted campaigns using purchase history.",
    "text": "Classify customer reviews as positive, negative or neutral; 300k reviews.",
    "image": "Classify chest X-ray images as normal or pneumonia; 40k images from 3 hospitals; HIPAA.",
}


def _plan(text: str) -> Plan:
    return ExpertDrafter().draft(parse_text(text))


@pytest.mark.parametrize("name", sorted(BRIEFS))
def test_every_task_gets_a_complete_plan(name: str) -> None:
    plan = _plan(BRIEFS[name])
    assert plan.training.split.ratios is not None
    r = plan.training.split.ratios
    assert abs(r.train + r.validation + r.test - 1.0) < 1e-9
    assert plan.model.candidates and plan.model.primary.name and plan.model.baseline.name
    assert plan.evaluation.primary_metric.name is not MetricName.OTHER
    assert plan.deployment.rollback is not None and plan.deployment.monitoring.data_drift
    assert plan.timeline.phases and plan.timeline.total_weeks
    for section in (
        "data",
        "features",
        "model",
        "training",
        "evaluation",
        "deployment",
        "timeline",
    ):
        assert getattr(plan, section).citations, f"{section} cites nothing"


def test_rare_fraud_and_weekly_forecast_differ_where_an_expert_would() -> None:
    fraud, forecast = _plan(FRAUD), _plan(FORECAST)
    assert fraud.brief.task_type is TaskType.BINARY_CLASSIFICATION
    assert forecast.brief.task_type is TaskType.FORECASTING
    assert fraud.evaluation.primary_metric.name is MetricName.RECALL_AT_PRECISION
    assert forecast.evaluation.primary_metric.name is MetricName.WAPE
    assert fraud.deployment.serving_mode is ServingMode.REALTIME
    assert forecast.deployment.serving_mode is ServingMode.BATCH
    assert fraud.training.imbalance is not None and forecast.training.imbalance is None
    assert fraud.training.split.strategy is SplitStrategy.GROUP_TIME_BASED
    assert forecast.training.cross_validation.method.value == "rolling_origin"
    assert fraud.deployment.scaling.replicas and not forecast.deployment.scaling.replicas
    assert fraud.data.privacy.pseudonymisation and "PAN" in fraud.data.privacy.pseudonymisation
    assert fraud.deployment.monitoring.feedback_loop_mitigation
    assert forecast.evaluation.validation_strategy.ab_test is None
    assert forecast.evaluation.decision_threshold is None and fraud.evaluation.decision_threshold


def test_churn_numbers_are_computed_from_the_brief() -> None:
    plan = _plan(CHURN)
    sizes = plan.training.split.sizes
    assert sizes is not None
    assert sizes.train_rows + sizes.validation_rows + sizes.test_rows == 10_000_000
    assert sizes.test_positives == round(sizes.test_rows * 0.04)
    ab = plan.evaluation.validation_strategy.ab_test
    assert ab is not None and ab.baseline_rate == 0.04
    assert ab.sample_size_per_arm == ab_sample_size_per_arm(0.04, 0.004)
    assert ab.sample_size_per_arm == two_proportion_sample_size(
        0.04, 0.044
    )  # the larger-variance side
    assert plan.evaluation.primary_metric.name is MetricName.PR_AUC
    assert plan.training.split.strategy.respects_time
    privacy = plan.data.privacy
    assert privacy.pseudonymisation and privacy.retention and privacy.deletion
    assert "Art. 17" in (privacy.deletion or "")


def test_fraud_capacity_uses_littles_law() -> None:
    plan = _plan(FRAUD)
    s = plan.deployment.scaling
    assert s.peak_rps == pytest.approx(500)
    assert s.latency_ms == 80
    assert s.replicas == replicas_needed(500, 80, concurrency_per_replica=8)
    assert "500 req/s" in s.computation


def test_unknowns_become_assumptions_and_questions_not_facts() -> None:
    plan = _plan("We want to use ML to predict which customers will buy a warranty.")
    fields = {a.field for a in plan.assumptions}
    assert "brief.team_size" in fields and "brief.serving_mode" in fields
    questions = " ".join(q.question for q in plan.open_questions)
    assert "class balance" in questions and "How many labelled rows" in questions
    assert plan.training.split.sizes is None  # no volume given: nothing invented


def test_latency_budget_with_heavy_model_brings_optimisation() -> None:
    plan = _plan(
        "Classify incoming support emails into 8 intents in real time, p99 under 50 ms; 200k labelled emails."
    )
    assert plan.model.primary.family in (ModelFamily.TRANSFORMER, ModelFamily.LINEAR)
    assert plan.deployment.optimisation, "a 50 ms budget needs a latency plan"
    assert any("quantis" in o for o in plan.deployment.optimisation)


def test_drafting_is_deterministic() -> None:
    assert _plan(CHURN).model_dump_json() == _plan(CHURN).model_dump_json()


def test_split_sizes_and_sample_size_math() -> None:
    from mlplan.domain import SplitRatios

    z = split_sizes(1001, SplitRatios(train=0.7, validation=0.15, test=0.15), 0.1)
    assert (z.train_rows, z.validation_rows, z.test_rows) == (701, 150, 150)
    # Textbook value: p1=0.10 -> p2=0.11 needs ~14,750 per arm (alpha 0.05, power 0.8).
    assert 14_700 <= two_proportion_sample_size(0.10, 0.11) <= 14_800
    assert replicas_needed(1, 10, concurrency_per_replica=8) == 2  # floor of 2 for availability
    assert (
        scaled_weeks(4, team_size=6, reference_team=3)
        < 4
        < scaled_weeks(4, team_size=1, reference_team=3)
    )


def test_plans_for_different_briefs_do_not_share_boilerplate() -> None:
    """Framing, metric rationale and monitoring must be specific to the brief, not one template."""
    plans = {name: _plan(BRIEFS[name]) for name in ("churn", "fraud", "forecast", "ranking")}

    def texts(p: Plan) -> set[str]:
        return {
            p.problem_framing.unique_value,
            *p.problem_framing.trends,
            *(f"{s.role}: {s.needs}" for s in p.problem_framing.stakeholders),
            p.evaluation.offline_online_link,
            p.evaluation.primary_metric.rationale,
            p.deployment.monitoring.feedback_loop_mitigation or "",
            *(
                a.threshold
                for a in p.deployment.monitoring.alerts
                if a.signal == "prediction distribution"
            ),
        }

    names = sorted(plans)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = texts(plans[a]) & texts(plans[b])
            assert not shared, f"{a} and {b} share {shared}"
