"""T01-T07: reproducible training, shared features, simple first, a mapped objective."""

from __future__ import annotations

from mlplan.domain import Alternative, Baseline, Candidate, FeatureSpec, ModelFamily, Plan

from ._plans import RuleProbe


def test_t01_no_seeds_or_data_versioning(plan: Plan, probe: RuleProbe) -> None:
    plan.training.seeds = ""
    plan.training.versioning.data = ""
    findings = probe.fires(plan, "T01", "no seeds and no data versioning")
    assert findings[0].path == "training.seeds"


def test_t01_complete_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.training.seeds = "numpy and lightgbm seeds pinned"
    probe.silent(plan, "T01")


def test_t02_neither_shared_code_nor_skew_check(plan: Plan, probe: RuleProbe) -> None:
    plan.features.skew_check = None
    plan.features.shared_feature_code = ""
    probe.fires(plan, "T02", "no shared feature code and no train/serve skew check", "4 features")


def test_t02_shared_code_alone_is_enough(plan: Plan, probe: RuleProbe) -> None:
    plan.features.skew_check = None
    plan.features.shared_feature_code = "One Python package builds the columns for both jobs."
    probe.silent(plan, "T02")


def test_t02_skew_check_alone_is_enough(plan: Plan, probe: RuleProbe) -> None:
    plan.features.shared_feature_code = None
    plan.features.skew_check = "Served values are logged and diffed against recomputed ones daily."
    probe.silent(plan, "T02")


def test_t02_reimplemented_serving_code_is_not_shared(plan: Plan, probe: RuleProbe) -> None:
    plan.features.skew_check = None
    plan.features.shared_feature_code = "The Go service rewrites the same aggregations for serving."
    probe.fires(plan, "T02", "re-implements the features")


def test_t02_present_is_fine(plan: Plan, probe: RuleProbe) -> None:
    probe.silent(plan, "T02")


def test_t03_no_schema(plan: Plan, probe: RuleProbe) -> None:
    plan.features.schema_checks = "none"
    probe.fires(plan, "T03", "schema_checks is empty")


def test_t03_present_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.features.schema_checks = "pandera schema"
    probe.silent(plan, "T03")


def test_t04_undocumented_features(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(FeatureSpec(name="f_17"))
    findings = probe.fires(plan, "T04", "'f_17'")
    assert findings[0].path == "features.features[4].description"


def test_t04_no_owner_and_undocumented(plan: Plan, probe: RuleProbe) -> None:
    plan.features.owners = None
    plan.features.features.append(FeatureSpec(name="f_17"))
    probe.fires(plan, "T04", "'f_17'", "nobody owns")


def test_t04_documented_features_without_named_owner_is_fine(plan: Plan, probe: RuleProbe) -> None:
    """A described feature set is maintainable even if the plan names no owner."""
    plan.features.owners = None
    probe.silent(plan, "T04")


def test_t04_nothing_documented_and_no_owner(plan: Plan, probe: RuleProbe) -> None:
    plan.features.owners = None
    plan.features.features = []
    probe.fires(plan, "T04", "nobody owns")


def test_t05_transformer_first_without_simpler_model(plan: Plan, probe: RuleProbe) -> None:
    model = plan.model
    model.primary.name, model.primary.family = "BERT-large", ModelFamily.TRANSFORMER
    model.candidates = [Candidate(name="BERT-large", family=ModelFamily.TRANSFORMER)]
    model.iteration_order, model.baseline = [], Baseline()
    probe.fires(plan, "T05", "'BERT-large'", "'transformer'")


def test_t05_iteration_starting_with_the_complex_model(plan: Plan, probe: RuleProbe) -> None:
    model = plan.model
    model.primary.name, model.primary.family = "Two-tower", ModelFamily.TWO_TOWER
    model.iteration_order = ["Two-tower retrieval", "Popularity"]
    probe.fires(plan, "T05", "'Two-tower retrieval'")


def test_t05_complex_after_simple_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.model.primary.name, plan.model.primary.family = "MLP", ModelFamily.NEURAL_NET
    probe.silent(plan, "T05")  # the clean plan's iteration order starts with a rule


def test_t05_simple_primary_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    plan.model.iteration_order, plan.model.baseline = [], Baseline()
    probe.silent(plan, "T05")


def _no_rule_reference(plan: Plan) -> Plan:
    plan.evaluation.baseline = ""
    plan.model.baseline.name = ""
    plan.deployment.fallback = None
    return plan


def test_t06_only_ml_alternatives(plan: Plan, probe: RuleProbe) -> None:
    _no_rule_reference(plan)
    plan.problem_framing.alternatives = [
        Alternative(name="Churn-risk model", kind="ml"),
        Alternative(name="Vendor churn suite", kind="buy"),
    ]
    probe.fires(plan, "T06", "'Vendor churn suite' (buy)")


def test_t06_heuristic_candidate_counts(plan: Plan, probe: RuleProbe) -> None:
    plan.problem_framing.alternatives = []
    plan.model.candidates.append(Candidate(name="Rule", family=ModelFamily.HEURISTIC))
    probe.silent(plan, "T06")


def test_t07_no_ml_objective(plan: Plan, probe: RuleProbe) -> None:
    plan.overview.ml_objective = ""
    probe.fires(plan, "T07", "'Too many subscribers cancel", "no ML objective")


def test_t07_no_success_criteria(plan: Plan, probe: RuleProbe) -> None:
    plan.overview.success_criteria = []
    findings = probe.fires(plan, "T07", "no success criteria")
    assert findings[0].path == "overview.success_criteria"


def test_t04_owned_and_documented_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(FeatureSpec(name="plan_type", description="Current plan"))
    probe.silent(plan, "T04")


def test_t07_objective_and_criteria_are_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.overview.business_problem = ""
    probe.silent(plan, "T07")  # T07 is about the mapping, S01 about the missing problem


def test_t04_owner_who_documents_every_feature_elsewhere(plan: Plan, probe: RuleProbe) -> None:
    plan.features.owners = "Each feature has an owner and a description in the feature catalogue"
    plan.features.features.append(FeatureSpec(name="f_17"))
    probe.silent(plan, "T04")


def test_t04_owned_features_with_plain_names(plan: Plan, probe: RuleProbe) -> None:
    plan.features.owners = "Feature owner: support analytics"
    plan.features.features.append(FeatureSpec(name="requester department"))
    probe.silent(plan, "T04")


def test_t06_rule_baseline_counts_as_weighing_it(plan: Plan, probe: RuleProbe) -> None:
    _no_rule_reference(plan).problem_framing.alternatives = []
    plan.evaluation.baseline = "the dispatchers' same-hour-last-week table"
    probe.silent(plan, "T06")


def test_t06_ml_baseline_is_no_alternative(plan: Plan, probe: RuleProbe) -> None:
    _no_rule_reference(plan).problem_framing.alternatives = []
    plan.evaluation.baseline = "last quarter's gradient-boosted model v3"
    probe.fires(plan, "T06", "No non-ML or heuristic alternative")


def test_t06_rule_fallback_counts(plan: Plan, probe: RuleProbe) -> None:
    _no_rule_reference(plan).problem_framing.alternatives = []
    plan.deployment.fallback = "If scoring is down, planners use the reorder-point rule."
    probe.silent(plan, "T06")
