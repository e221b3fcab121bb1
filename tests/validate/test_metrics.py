"""M01-M05: the plan measures what matters for this task and this class balance."""

from __future__ import annotations

from mlplan.domain import FactSource, Metric, MetricName, Origin, Plan, TaskType

from ._plans import RuleProbe, as_task, balanced

# -- M01 accuracy under imbalance ------------------------------------------------------------


def test_m01_accuracy_primary_at_4_percent(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.primary_metric = Metric(name=MetricName.ACCURACY)
    findings = probe.fires(plan, "M01", "'accuracy'", "4 %", "96 %")
    assert findings[0].path == "evaluation.primary_metric.name"


def test_m01_rate_from_the_brief_only(plan: Plan, probe: RuleProbe) -> None:
    plan.data.positive_class_rate = None
    plan.brief.positive_class_rate = 0.02
    plan.evaluation.primary_metric = Metric(name=MetricName.ACCURACY)
    probe.fires(plan, "M01", "2 %", "brief.positive_class_rate is 0.02")


def test_m01_accuracy_on_balanced_classes_is_fine(plan: Plan, probe: RuleProbe) -> None:
    balanced(plan).evaluation.primary_metric = Metric(name=MetricName.ACCURACY)
    probe.silent(plan, "M01")


def test_m01_not_classification_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    as_task(plan, TaskType.REGRESSION).evaluation.primary_metric = Metric(name=MetricName.ACCURACY)
    probe.silent(plan, "M01")


def test_m01_unknown_rate_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    plan.data.positive_class_rate = None
    plan.brief.positive_class_rate = None
    plan.evaluation.primary_metric = Metric(name=MetricName.ACCURACY)
    probe.silent(plan, "M01")


# -- M02 ROC-AUC only ------------------------------------------------------------------------


def test_m02_only_roc_auc_under_imbalance(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.primary_metric = Metric(name=MetricName.ROC_AUC)
    plan.evaluation.secondary_metrics = [Metric(name=MetricName.BRIER)]
    plan.evaluation.model_selection_metric = MetricName.ROC_AUC
    probe.fires(plan, "M02", "'roc_auc', 'brier'", "4 %")


def test_m02_roc_auc_next_to_pr_auc_is_fine(plan: Plan, probe: RuleProbe) -> None:
    probe.silent(plan, "M02")  # the clean plan has ROC-AUC as a secondary metric


def test_m02_balanced_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    balanced(plan).evaluation.secondary_metrics = []
    plan.evaluation.primary_metric = Metric(name=MetricName.ROC_AUC)
    probe.silent(plan, "M02")


# -- M03 metric vs task ----------------------------------------------------------------------


def test_m03_rmse_for_classification(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.primary_metric = Metric(name=MetricName.RMSE)
    probe.fires(plan, "M03", "'rmse'", "binary_classification")


def test_m03_ndcg_secondary_for_classification(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.secondary_metrics.append(Metric(name=MetricName.NDCG_AT_K, k=10))
    findings = probe.fires(plan, "M03", "'ndcg_at_k'")
    assert findings[0].path == "evaluation.secondary_metrics[3].name"


def test_m03_ranking_judged_by_accuracy(plan: Plan, probe: RuleProbe) -> None:
    as_task(plan, TaskType.RANKING)
    plan.evaluation.primary_metric = Metric(name=MetricName.ACCURACY)
    plan.evaluation.secondary_metrics = []
    probe.fires(plan, "M03", "'accuracy'", "ranking")


def test_m03_ranking_with_ndcg_and_auc_is_fine(plan: Plan, probe: RuleProbe) -> None:
    as_task(plan, TaskType.RANKING)
    plan.evaluation.primary_metric = Metric(name=MetricName.NDCG_AT_K, k=10)
    plan.evaluation.secondary_metrics = [Metric(name=MetricName.ROC_AUC)]
    probe.silent(plan, "M03")


def test_m03_a_suggested_short_list_of_classes_is_judged_by_hit_rate(
    plan: Plan, probe: RuleProbe
) -> None:
    """Top-3 suggestions of a multiclass model: hit rate@3 is top-3 accuracy, MRR ranks them."""
    as_task(plan, TaskType.MULTICLASS_CLASSIFICATION)
    plan.evaluation.primary_metric = Metric(name=MetricName.HIT_RATE_AT_K, k=3)
    plan.evaluation.secondary_metrics = [Metric(name=MetricName.MRR)]
    probe.silent(plan, "M03")
    plan.evaluation.primary_metric = Metric(name=MetricName.RMSE)
    probe.fires(plan, "M03", "'rmse'")


def test_m03_a_forecast_may_report_recall_of_spikes_but_not_lead_with_it(
    plan: Plan, probe: RuleProbe
) -> None:
    as_task(plan, TaskType.FORECASTING)
    plan.evaluation.primary_metric = Metric(name=MetricName.MAE)
    plan.evaluation.secondary_metrics = [Metric(name=MetricName.RECALL)]
    probe.silent(plan, "M03")
    plan.evaluation.primary_metric = Metric(name=MetricName.RECALL)
    probe.fires(plan, "M03", "'recall'", "forecasting")


def test_m03_unstated_metric_is_left_to_s01(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.primary_metric = Metric(name=MetricName.OTHER)
    probe.silent(plan, "M03")


# -- M04 selection metric --------------------------------------------------------------------


def test_m04_selection_on_another_metric(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.model_selection_metric = MetricName.ROC_AUC
    probe.fires(plan, "M04", "'roc_auc'", "'pr_auc'")


def test_m04_tuning_metric_unstated_defaults_to_primary(plan: Plan, probe: RuleProbe) -> None:
    """Not naming the tuning metric is not selecting on another one (labelled-suite false positive)."""
    plan.training.tuning.metric = None
    probe.silent(plan, "M04")


def test_m04_no_tuning_and_no_metric_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.training.tuning.metric = None
    plan.training.tuning.method = ""
    plan.evaluation.model_selection_metric = None
    probe.silent(plan, "M04")


# -- M05 business link -----------------------------------------------------------------------


def test_m05_no_business_metric(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.business_metrics = []
    probe.fires(plan, "M05", "'Reduce monthly churn from 4.0 % to 3.6 %'")


def test_m05_business_metric_without_link(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.offline_online_link = ""
    findings = probe.fires(plan, "M05", "'Monthly churn among scored customers'", "'pr_auc'")
    assert findings[0].path == "evaluation.offline_online_link"


def test_m05_metric_and_link_are_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.business_metrics = ["Retained revenue per month"]
    plan.evaluation.offline_online_link = "Backtested: +0.05 PR-AUC ≈ +2 % retained revenue"
    probe.silent(plan, "M05")


def test_m02_scoring_rule_as_primary_does_not_rely_on_roc_auc(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.primary_metric = Metric(name=MetricName.LOG_LOSS)
    plan.evaluation.secondary_metrics = [Metric(name=MetricName.ROC_AUC)]
    probe.silent(plan, "M02")


def test_m03_ndcg_secondary_for_a_queue_ranked_by_probability(plan: Plan, probe: RuleProbe) -> None:
    plan.model.problem_type = None  # a parsed plan: the task comes from the brief
    plan.brief.facts["task_type"] = FactSource(
        origin=Origin.INFERRED, reason="entities ranked by a predicted probability"
    )
    plan.evaluation.secondary_metrics.append(Metric(name=MetricName.NDCG_AT_K, k=10))
    probe.silent(plan, "M03")
