"""P01-P10: personal data, people affected by decisions, and where data and labels come from."""

from __future__ import annotations

import pytest

from mlplan.domain import FactSource, FeatureSpec, Origin, Plan, PrivacyPlan, Span, TaskType

from ._plans import RuleProbe, as_task, not_about_people, without_personal_data


def _strip_privacy(plan: Plan) -> Plan:
    plan.data.privacy = PrivacyPlan(contains_personal_data=True)
    return plan


# -- P01-P04 personal data -------------------------------------------------------------------


def test_p01_personal_data_without_protection(plan: Plan, probe: RuleProbe) -> None:
    probe.fires(_strip_privacy(plan), "P01", "personal data", "data.contains_personal_data")


def test_p01_quotes_the_brief(plan: Plan, probe: RuleProbe) -> None:
    without_personal_data(plan)
    plan.brief.personal_data = True
    plan.brief.facts["personal_data"] = FactSource(
        origin=Origin.STATED, span=Span(start=0, end=26, text="EU customers, GDPR applies")
    )
    plan.data.privacy = PrivacyPlan()
    probe.fires(plan, "P01", 'the brief says "EU customers, GDPR applies"')


def test_p01_measures_list_counts(plan: Plan, probe: RuleProbe) -> None:
    _strip_privacy(plan).data.privacy.measures = ["Emails are hashed with a keyed SHA-256"]
    probe.silent(plan, "P01")


def test_p01_to_p04_silent_without_personal_data(plan: Plan, probe: RuleProbe) -> None:
    not_about_people(without_personal_data(plan))
    plan.data.privacy = PrivacyPlan()
    for rule_id in ("P01", "P02", "P03", "P04"):
        probe.silent(plan, rule_id)


def test_p02_no_retention(plan: Plan, probe: RuleProbe) -> None:
    plan.data.privacy.retention = None
    probe.fires(plan, "P02", "data.privacy.retention is empty")


@pytest.mark.parametrize(
    ("retention", "fires"),
    [
        ("Data retention period: [e.g., 3 years, per records policy].", True),
        ("TBD", True),
        ("Retention: 3 years after the last order, then deleted", False),
        ("Raw events 90 days [e.g. per policy], features 1 year", False),
    ],
)
def test_p02_a_placeholder_is_not_a_retention_schedule(
    plan: Plan, probe: RuleProbe, retention: str, fires: bool
) -> None:
    plan.data.privacy.retention = retention
    if fires:
        probe.fires(plan, "P02", "data.privacy.retention is empty")
    else:
        probe.silent(plan, "P02")


def test_p03_no_deletion(plan: Plan, probe: RuleProbe) -> None:
    plan.data.privacy.deletion = "  "
    probe.fires(plan, "P03", "erased")


def test_p04_no_lawful_basis(plan: Plan, probe: RuleProbe) -> None:
    plan.data.privacy.lawful_basis = None
    probe.fires(plan, "P04", "lawful_basis is empty")


def test_p04_people_affected_without_personal_data_flag(plan: Plan, probe: RuleProbe) -> None:
    without_personal_data(plan)
    plan.data.privacy.lawful_basis = None
    probe.fires(plan, "P04", "brief.affects_people is true")


def test_p04_consent_in_measures_counts(plan: Plan, probe: RuleProbe) -> None:
    plan.data.privacy.lawful_basis = None
    plan.data.privacy.measures = ["Explicit consent collected at sign-up"]
    probe.silent(plan, "P04")


# -- P05 access control ----------------------------------------------------------------------


def test_p05_access_control_without_encryption_is_a_plan(plan: Plan, probe: RuleProbe) -> None:
    plan.data.privacy.encryption = None
    probe.silent(plan, "P05")


def test_p05_neither_access_nor_encryption(plan: Plan, probe: RuleProbe) -> None:
    plan.data.privacy.encryption = None
    plan.data.access_control = ""
    findings = probe.fires(plan, "P05", "no access control", "no encryption")
    assert findings[0].path == "data.access_control"


def test_p05_does_not_apply_to_data_not_about_people(plan: Plan, probe: RuleProbe) -> None:
    not_about_people(without_personal_data(plan)).data.access_control = ""
    plan.data.privacy.encryption = None
    probe.silent(plan, "P05")


# -- P06 fairness ----------------------------------------------------------------------------


def test_p06_people_affected_and_fairness_off(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.fairness.applicable = False
    probe.fires(plan, "P06", "brief.affects_people is true", "applicable is false")


def test_p06_fairness_without_metrics(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.fairness.metrics = []
    probe.fires(plan, "P06", "no metrics")


def test_p06_not_about_people_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    not_about_people(plan).evaluation.fairness.groups = []
    probe.silent(plan, "P06")


# -- P07 sensitive features ------------------------------------------------------------------


def test_p07_declared_sensitive_attribute_as_feature(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(FeatureSpec(name="customer_age", description="Age"))
    probe.fires(plan, "P07", "'customer_age'")


def test_p07_known_proxy_and_sensitive_flag(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features += [
        FeatureSpec(name="postcode", description="Home postcode"),
        FeatureSpec(name="device_model", description="Phone model", sensitive=True),
    ]
    probe.fires(plan, "P07", "'postcode'", "known proxy")
    probe.fires(plan, "P07", "'device_model'", "marked sensitive")


def test_p07_near_miss_names_and_justified_use(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features += [
        FeatureSpec(name="account_age_days", description="Days since sign-up"),
        FeatureSpec(name="gender", justification="Required for the regulator's audit model"),
    ]
    probe.silent(plan, "P07")


# -- P08 provenance --------------------------------------------------------------------------


def test_p08_no_provenance_or_labelling(plan: Plan, probe: RuleProbe) -> None:
    plan.data.provenance = ""
    plan.data.labelling.source = ""
    probe.fires(plan, "P08", "no provenance and no labelling process")


def test_p08_clustering_needs_no_labels(plan: Plan, probe: RuleProbe) -> None:
    as_task(plan, TaskType.CLUSTERING).data.labelling.source = ""
    probe.silent(plan, "P08")


# -- P09 label processes ---------------------------------------------------------------------


def test_p09_different_processes_without_note(plan: Plan, probe: RuleProbe) -> None:
    plan.data.labelling.evaluation_labels = "Manual review of 2,000 accounts by analysts"
    probe.fires(plan, "P09", "'Cancellation events in the billing system'", "'Manual review")


def test_p09_proxy_training_labels_need_evaluation_labels(plan: Plan, probe: RuleProbe) -> None:
    plan.data.labelling.source = "Heuristic: no login for 60 days"
    probe.fires(plan, "P09", "'Heuristic: no login for 60 days'", "a proxy")


def test_p09_annotator_disagreements_do_not_explain_the_difference(
    plan: Plan, probe: RuleProbe
) -> None:
    """'disagreements' between annotators is about label quality, not about how evaluation
    labels relate to the training labels."""
    plan.data.labelling.evaluation_labels = "Analyst review; disagreements go to a senior analyst"
    probe.fires(plan, "P09", "'Analyst review")


def test_p09_difference_explained_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.data.labelling.evaluation_labels = (
        "Analyst review; agreement with billing labels measured on a 500-account audit"
    )
    probe.silent(plan, "P09")


# -- P10 sampling bias -----------------------------------------------------------------------


def test_p10_no_sampling_bias_statement(plan: Plan, probe: RuleProbe) -> None:
    plan.data.sampling_bias = None
    probe.fires(plan, "P10", "'billing'")


def test_p10_stated_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.data.sampling_bias = "Population is all active customers; no selection step"
    probe.silent(plan, "P10")


def test_p02_p03_stated_in_any_words_are_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.data.privacy.retention = "Raw events 90 days; features 13 months"
    plan.data.privacy.deletion = "Nightly erasure job driven by the DSAR queue"
    probe.silent(plan, "P02")
    probe.silent(plan, "P03")


def test_p05_access_and_encryption_stated_is_fine(plan: Plan, probe: RuleProbe) -> None:
    without_personal_data(plan).data.access_control = "IAM groups per team"
    probe.silent(plan, "P05")


def test_p07_proxy_named_in_a_descriptive_feature(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(FeatureSpec(name="years since graduation of the applicant"))
    probe.fires(plan, "P07", "years since graduation", "known proxy")


def test_p07_justified_proxy_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(
        FeatureSpec(name="first name", justification="Needed for identity matching; DPO approved")
    )
    probe.silent(plan, "P07")


def test_p07_reason_from_the_decision_rules_is_a_justification(
    plan: Plan, probe: RuleProbe
) -> None:
    plan.features.features.append(
        FeatureSpec(name="Applicant age, because the grant rules set an age limit", sensitive=True)
    )
    probe.silent(plan, "P07")


def test_p07_a_score_gain_is_not_a_justification(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(
        FeatureSpec(name="Applicant age, because it improved AUC by 0.01", sensitive=True)
    )
    probe.fires(plan, "P07", "marked sensitive")


def test_p07_attribute_kept_out_of_the_model(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(
        FeatureSpec(
            name="gender",
            sensitive=True,
            description="Gender is held back from the model and only joined for the bias audit.",
        )
    )
    probe.silent(plan, "P07")


def test_p07_proxy_inside_a_listed_feature_paragraph(plan: Plan, probe: RuleProbe) -> None:
    text = "Inputs are balances, tenure and the median household income of the client's postal area"
    plan.features.features.append(FeatureSpec(name=text[:60], description=text))
    probe.fires(plan, "P07", "known proxy")
