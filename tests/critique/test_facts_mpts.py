"""Metrics, privacy, training-practice and structure facts read from plan wording.

Each case is a short plan a person could write; the positive cases must be read, and the
careful variants next to them must not be flagged.
"""

from __future__ import annotations

from mlplan.domain import MetricName
from mlplan.validate import validate_plan

from ._reading import parse as _parse


def _fired(text: str, rule_id: str) -> list[str]:
    draft = _parse(text)
    return [f.message for f in validate_plan(draft.plan, rules=[rule_id])]


# --------------------------------------------------------------------------- metrics

_CALIBRATED = """# Bid shading model

## Data
- 60 days of auction logs; win rate about 3%.

## Evaluation
- Metrics: Brier score (primary), ROC-AUC, reliability curve per exchange.
"""


def test_primary_cue_after_the_metric_names_that_metric() -> None:
    draft = _parse(_CALIBRATED)
    assert draft.plan.evaluation.primary_metric.name is MetricName.BRIER


def test_primary_cue_introducing_the_next_metric_is_not_read_backwards() -> None:
    text = _CALIBRATED.replace(
        "Brier score (primary), ROC-AUC", "ROC-AUC for reference, primary metric: PR-AUC"
    )
    assert _parse(text).plan.evaluation.primary_metric.name is MetricName.PR_AUC


def test_m02_silent_when_a_scoring_rule_is_primary() -> None:
    assert _fired(_CALIBRATED, "M02") == []


def test_m02_still_fires_when_roc_auc_carries_the_plan() -> None:
    text = _CALIBRATED.replace("Brier score (primary), ROC-AUC", "ROC-AUC (primary)")
    assert _fired(text, "M02")


_QUEUE = """# Prioritising supplier invoices for audit

## Overview
We will rank the invoices in each auditor's queue by the likelihood that an audit finds an error,
so that auditors open the riskiest invoices first.

## Evaluation
- Primary: share of erroneous invoices found in the top 10% of each queue (recall in the top 10%).
- Also reported: precision in the top 10% and NDCG over the whole queue.
"""


def test_m03_allows_ranking_metrics_for_a_probability_ranked_queue() -> None:
    assert not [m for m in _fired(_QUEUE, "M03") if "ndcg" in m]


def test_m03_still_flags_ranking_metrics_for_a_plain_classifier() -> None:
    text = _QUEUE.replace(
        "We will rank the invoices in each auditor's queue by the likelihood that an audit finds "
        "an error,\nso that auditors open the riskiest invoices first.",
        "We will classify each invoice as erroneous or not.",
    )
    assert [m for m in _fired(text, "M03") if "ndcg" in m]


_WATER = """# Reservoir inflow forecast

## Success criteria
- Daily inflow WAPE per catchment of 8% or better over the season.

## Evaluation
- Metrics: WAPE and MAE per catchment.
- Sign-off: operations switch over if the backtest WAPE is below 12% on the large catchments.
"""


def test_m10_reads_the_acceptance_bar_as_the_primary_target() -> None:
    draft = _parse(_WATER)
    assert draft.plan.evaluation.primary_metric.name is MetricName.WAPE
    assert draft.plan.evaluation.primary_metric.target == 0.12
    assert _fired(_WATER, "M10")


def test_m10_silent_when_both_sections_quote_the_same_bar() -> None:
    assert _fired(_WATER.replace("below 12%", "below 8%"), "M10") == []


def test_relative_goal_is_not_a_metric_target() -> None:
    text = _WATER.replace("backtest WAPE is below 12%", "WAPE is at least 10% lower than today's")
    assert _parse(text).plan.evaluation.primary_metric.minimum is None


_PILOT = """# Dynamic delivery fees

## Evaluation
- Offline: MAE of predicted order value.

## Launch
- Fees switch on for 15% of postcodes selected at random, the other postcodes keep today's fees.
"""


def test_m06_randomised_share_is_an_online_test() -> None:
    draft = _parse(_PILOT)
    assert draft.plan.evaluation.validation_strategy.ab_test is not None
    assert _fired(_PILOT, "M06")


def test_m06_design_stated_in_the_goals_counts() -> None:
    text = """# Recipe suggestions

## Goals
- Target: +2% recipes saved per visit, measured in an A/B test (user-level randomisation;
  guardrails: unsubscribe rate and page speed; ~250k users per arm for a 1% MDE).

## Launch
- 2% canary for three days, then the A/B test.
"""
    test = _parse(text).plan.evaluation.validation_strategy.ab_test
    assert test is not None and test.sample_size_per_arm == 250_000
    assert test.guardrail_metrics
    assert _fired(text, "M06") == []


def test_m06_sample_size_written_after_per_arm() -> None:
    text = """# Feed test

## Evaluation
- A/B test: account-level randomisation, guardrails: crash rate; 2% per arm is ~1.5M accounts.
"""
    test = _parse(text).plan.evaluation.validation_strategy.ab_test
    assert test is not None and test.sample_size_per_arm == 1_500_000


def test_m11_impact_section_under_its_own_heading() -> None:
    text = """PRICING ASSISTANT

1. EVALUATION
- Primary: MAE of the suggested price on the test quarter.

2. EXPECTED BENEFITS
- In the test quarter the suggestions were 9% closer to the sold price. That is worth
  about +USD 2.4M a year in margin.

3. DEPLOYMENT
- Replaces the price table in May.
"""
    draft = _parse(text)
    assert "2.4M" in draft.plan.overview.expected_impact or "9%" in (
        draft.plan.overview.expected_impact
    )
    assert _fired(text, "M11")


def test_m07_slices_listed_under_the_model_heading() -> None:
    text = """# Basket add-ons

## Model
- Offline metrics: recall@5 on held-out items, by store region and loyalty tier.
"""
    assert _parse(text).plan.evaluation.slices


# --------------------------------------------------------------------------- privacy


def test_call_recordings_are_personal_data() -> None:
    text = """# Complaint themes

## Approach
- Call recordings from the customer hotline are transcribed; an LLM tags the topic of each call.
"""
    assert _fired(text, "P01")
    assert (
        _fired(text.replace("Call recordings from the customer hotline", "Pump sensor logs"), "P01")
        == []
    )


def test_organisations_as_customers_are_not_decisions_about_people() -> None:
    text = """# Supplier payment-delay model

## Overview
- Predict which supplier accounts pay late; the credit team calls them first.
- Our customers are companies; no individual is scored.
"""
    assert _fired(text, "P06") == []


def test_names_we_do_not_collect_are_minimisation() -> None:
    text = """# Tender classifier

## Data
- 8,000 tender documents; the only personal data are buyer names and phone numbers, which we
  do not extract.
"""
    assert _parse(text).plan.data.privacy.minimisation


def test_retention_and_deletion_wording() -> None:
    text = """# Churn

## Data
- Customer data; snapshots are retained per the analytics archive policy.
- An account's rows are deleted with the account on request.
"""
    privacy = _parse(text).plan.data.privacy
    assert privacy.retention and privacy.deletion


def test_unticked_retention_is_not_a_retention_schedule() -> None:
    text = """# Checklist

## Data
- [x] Customer order history, 2 years.
- [ ] Data retention for feature snapshots - to agree with legal
"""
    assert not _parse(text).plan.data.privacy.retention


def test_fairness_metric_is_what_is_compared_across_groups() -> None:
    text = """# Credit line increases

## Evaluation
- Fairness: we compare approved limit changes across age bands and regions.
"""
    fairness = _parse(text).plan.evaluation.fairness
    assert fairness.applicable and fairness.metrics


def test_p07_known_proxy_in_a_descriptive_feature_name() -> None:
    text = """# Tutor matching

## Features
- subjects taught
- year of birth of the tutor, to match students with tutors of a similar age
"""
    assert _fired(text, "P07")


def test_p09_training_and_evaluation_labels_from_different_processes() -> None:
    text = """# Defect detection

## Data
- Training labels: defects logged by line operators in the MES.
- Test label: a quality engineer inspects every sampled part under the microscope.
"""
    draft = _parse(text)
    assert "operators" in draft.plan.data.labelling.source
    assert _fired(text, "P09")


def test_p09_silent_when_the_difference_is_measured() -> None:
    text = """# Defect detection

## Data
- Training labels: defects logged by line operators in the MES.
- Test label: a quality engineer inspects sampled parts; agreement with operator labels is 94%.
"""
    assert _fired(text, "P09") == []


# --------------------------------------------------------------------------- training


def test_t02_logged_served_values_are_shared_features() -> None:
    text = """# Courier ETA

## Features
- All inputs come from the online feature service, which logs the values it served; training
  reads those logs.
"""
    features = _parse(text).plan.features
    assert features.shared_feature_code and features.skew_check


def test_t04_owner_with_per_feature_descriptions_elsewhere() -> None:
    text = """# Churn

## Features
- tenure, plan type, support calls in the last 90 days
- Every feature has an owner and a description in the team's feature catalogue.
"""
    assert _fired(text, "T04") == []


def test_t04_code_like_names_without_descriptions_still_flagged() -> None:
    text = """# Churn

## Features
- f_17, var_x3, cnt_tx_90
- Feature owner: retention analytics.
"""
    assert _fired(text, "T04")


# --------------------------------------------------------------------------- structure


def test_s01_success_criteria_for_the_model_name_the_primary_metric() -> None:
    text = (
        "Hi all, the plan in short. We forecast weekly parcel volumes per depot. The success "
        "criteria for the forecast are a MASE below 0.9 on the 4-week horizon.\n"
    )
    assert _parse(text).plan.evaluation.primary_metric.name is MetricName.MASE


def test_s03_two_base_rates_in_two_sections() -> None:
    text = """# Upgrade prompt

## Data
- Events from 200k accounts; about 3% of accounts upgrade within 60 days.

## Evaluation
- Since roughly 9% of accounts upgrade, a random list of 1,000 holds about 90 upgraders.
"""
    assert _fired(text, "S03")


def test_s03_silent_when_the_base_rate_agrees() -> None:
    text = """# Upgrade prompt

## Data
- Events from 200k accounts; about 3% of accounts upgrade within 60 days.

## Evaluation
- Since roughly 3% of accounts upgrade, a random list of 1,000 holds about 30 upgraders.
- Target: raise the upgrade rate to 5% in the treated group.
"""
    assert _fired(text, "S03") == []


def test_s03_latency_budget_restated_looser_in_deployment() -> None:
    text = """# Search reranker

## Requirements
- Reranking latency: p99 under 40 ms.

## Deployment
- The reranking stage gets a 90 ms p99 budget in the search service.
"""
    assert _fired(text, "S03")
