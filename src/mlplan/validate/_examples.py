"""A complete, rule-clean plan, shared by the validator tests and the benchmark.

It deliberately makes every rule *applicable* (time-ordered, grouped, imbalanced, personal
data, decisions about people, real-time under 100 ms, a feedback-prone domain), so each
test can break exactly one thing and see exactly one rule fire.
"""

from __future__ import annotations

from mlplan.domain import (
    ABTest,
    Acquisition,
    Alert,
    Alternative,
    ApiSpec,
    Baseline,
    Candidate,
    Citation,
    CleaningStep,
    CrossValidation,
    CVMethod,
    DataRequirements,
    DataSource,
    DecisionThreshold,
    Deployment,
    Evaluation,
    FactSource,
    Fairness,
    FeatureEngineering,
    FeatureSelection,
    FeatureSpec,
    Governance,
    ImbalanceHandling,
    ImpactGoal,
    Labelling,
    Metric,
    MetricName,
    Milestone,
    ModelFamily,
    ModelSelection,
    Monitoring,
    Origin,
    Overview,
    Phase,
    Plan,
    PlanMeta,
    PrimaryModel,
    PrivacyPlan,
    ProblemFraming,
    ProjectBrief,
    Regulation,
    Retraining,
    Risk,
    Rollback,
    Rollout,
    RolloutStrategy,
    Scaling,
    ServingMode,
    SourcePlan,
    Span,
    Split,
    SplitRatios,
    SplitSizes,
    SplitStrategy,
    TaskType,
    Timeline,
    TrainingPipeline,
    Tuning,
    ValidationStrategy,
    Versioning,
)

_RAW = (
    "We run a subscription video service with about 1.2M customers. Predict which customers "
    "will cancel in the next 30 days so the retention team can target offers. We have 3 years "
    "of monthly snapshots; about 4% of customers churn each month. The app scores customers at "
    "login, so p99 must stay under 50 ms at 200 requests per second. EU customers, GDPR applies."
)


def _cite(doc_id: str, heading: str, claim: str) -> Citation:
    return Citation(doc_id=doc_id, chunk_id=f"{doc_id}#{heading}", claim=claim)


def good_brief() -> ProjectBrief:
    """The churn brief the good plan answers."""
    span_start = _RAW.index("3 years")
    span_text = "3 years of monthly snapshots"
    return ProjectBrief(
        title="Subscription churn prediction",
        raw_text=_RAW,
        domain="subscription",
        business_problem="Too many subscribers cancel; retention offers are sent untargeted.",
        objective="Predict which active customers will cancel within 30 days.",
        task_type=TaskType.BINARY_CLASSIFICATION,
        target="churned_30d",
        n_classes=2,
        data_sources=[
            DataSource(name="billing", kind="warehouse", rows=2_400_000),
            DataSource(name="app_events", kind="event_stream", velocity="streaming"),
        ],
        total_rows=2_400_000,
        n_entities=1_200_000,
        history="3 years",
        positive_class_rate=0.04,
        time_ordered=True,
        group_key="customer_id",
        label_delay="30 days",
        personal_data=True,
        regulations=[Regulation.GDPR],
        sensitive_attributes=["age", "gender"],
        affects_people=True,
        latency_p99_ms=50,
        throughput_rps=200,
        serving_mode=ServingMode.REALTIME,
        team_size=4,
        deadline_weeks=16,
        success_kpis=["Reduce monthly churn from 4.0 % to 3.6 %"],
        current_solution="Offers to every customer with two failed payments",
        facts={
            "time_ordered": FactSource(
                origin=Origin.STATED,
                span=Span(start=span_start, end=span_start + len(span_text), text=span_text),
            )
        },
    )


def _framing() -> tuple[ProblemFraming, Overview]:
    framing = ProblemFraming(
        problem_statement="Monthly churn is 4 % and untargeted offers cost more than they save.",
        alternatives=[
            Alternative(name="Failed-payment rule", kind="heuristic", verdict="baseline"),
            Alternative(name="Churn-risk model", kind="ml", verdict="build"),
        ],
        impact_goals=[ImpactGoal(kpi="monthly churn", baseline="4.0 %", target="3.6 %")],
        validation_kpis=["PR-AUC of at least 0.35 on the last three months"],
        intended_use="Rank active subscribers by 30-day churn risk for retention offers.",
        out_of_scope_use=["Pricing or credit decisions", "Scoring customers outside the EU"],
        citations=[_cite("problem-framing-and-objectives", "objectives", "KPI mapping")],
    )
    overview = Overview(
        title="Subscription churn prediction",
        business_problem="Too many subscribers cancel; offers are untargeted.",
        ml_objective="P(cancel within 30 days) per active customer, scored at each login.",
        prediction_point="At login, using data up to the end of the previous day.",
        action="Customers above the threshold are shown a retention offer.",
        stakeholders=["Retention team", "Finance"],
        expected_impact="Reduce monthly churn from 4.0 % to 3.6 % (about 4,800 customers).",
        success_criteria=["PR-AUC ≥ 0.45 on the last three months held out"],
    )
    return framing, overview


def _data() -> DataRequirements:
    return DataRequirements(
        sources=[
            SourcePlan(name="billing", kind="warehouse", volume="2.4M customer-month rows"),
            SourcePlan(name="app_events", kind="event_stream", refresh="streaming"),
        ],
        volume_summary="2.4M customer-month rows over 3 years",
        has_time_order=True,
        group_key="customer_id",
        positive_class_rate=0.04,
        contains_personal_data=True,
        sensitive_attributes=["age", "gender"],
        governance=Governance(owner="Data platform team", lineage="dbt lineage graph"),
        privacy=PrivacyPlan(
            contains_personal_data=True,
            regulations=[Regulation.GDPR],
            lawful_basis="Legitimate interest (retaining existing customers); LIA on file.",
            minimisation="Billing and usage fields only; no payment details or free text.",
            pseudonymisation="customer_id replaced by a keyed hash in the training store.",
            retention="Training snapshots kept 24 months, then deleted.",
            deletion="Erasure removes the customer from sources and the feature store and "
            "from the next monthly training snapshot.",
            encryption="AES-256 at rest, TLS in transit.",
        ),
        acquisition=Acquisition(initial_pull="Warehouse export of 36 monthly snapshots"),
        access_control="Role-based; only the churn team's service accounts; access audited.",
        labelling=Labelling(
            source="Cancellation events in the billing system",
            definition="churned_30d: subscription cancelled within 30 days of the snapshot.",
            label_delay="30 days",
        ),
        deduplication="One row per (customer_id, month); duplicates dropped before splitting.",
        provenance="First-party billing warehouse (system of record) and app event stream.",
        sampling_bias="Customers active under a month are excluded and reported as a slice.",
        citations=[_cite("data-quality-and-governance", "datasheets", "provenance")],
    )


def _features() -> FeatureEngineering:
    return FeatureEngineering(
        cleaning=[
            CleaningStep(
                issue="missing_values", applies_to="usage aggregates", method="median + flag"
            )
        ],
        features=[
            FeatureSpec(name="days_since_last_login", description="Recency of app use"),
            FeatureSpec(name="failed_payments_90d", description="Failed payments, 90 days"),
            FeatureSpec(name="watch_hours_30d", description="Hours watched, 30 days"),
            FeatureSpec(name="tenure_months", description="Months since sign-up"),
        ],
        transforms=["One-hot encode plan type", "Log-transform watch hours"],
        selection=FeatureSelection(method="Permutation importance", rationale="Drop noise"),
        leakage_controls=["Point-in-time joins as of the snapshot date"],
        shared_feature_code="One feature library used by training and the serving service.",
        skew_check="Daily PSI between logged served features and training features.",
        schema_checks="Great Expectations suite on the feature table.",
        owners="Churn ML team",
        citations=[_cite("feature-store-train-serve-skew", "shared-feature-code", "skew")],
    )


def _model() -> ModelSelection:
    return ModelSelection(
        problem_type=TaskType.BINARY_CLASSIFICATION,
        candidates=[
            Candidate(name="Logistic regression", family=ModelFamily.LINEAR),
            Candidate(name="LightGBM", family=ModelFamily.GBDT),
        ],
        primary=PrimaryModel(name="LightGBM", family=ModelFamily.GBDT, rationale="Tabular"),
        baseline=Baseline(name="Failed-payment rule", description="Current process"),
        iteration_order=["Failed-payment rule", "Logistic regression", "LightGBM"],
        explanation_method="TreeSHAP reason codes",
        citations=[_cite("model-families-tabular", "gbdt", "GBDT first for tabular data")],
    )


def _training() -> TrainingPipeline:
    return TrainingPipeline(
        split=Split(
            strategy=SplitStrategy.GROUP_TIME_BASED,
            ratios=SplitRatios(train=0.7, validation=0.15, test=0.15),
            sizes=SplitSizes(
                train_rows=1_680_000,
                validation_rows=360_000,
                test_rows=360_000,
                train_positives=67_200,
                validation_positives=14_400,
                test_positives=14_400,
            ),
            group_key="customer_id",
            time_column="snapshot_month",
            gap="30 days (the label window)",
        ),
        cross_validation=CrossValidation(method=CVMethod.EXPANDING_WINDOW, folds=4),
        steps=["Build point-in-time snapshots", "Split by time and customer", "Fit and tune"],
        tuning=Tuning(method="Bayesian search, 50 trials", metric=MetricName.PR_AUC),
        imbalance=ImbalanceHandling(method="class weights (scale_pos_weight)"),
        experiment_tracking="MLflow",
        model_registry="MLflow Model Registry",
        versioning=Versioning(code="git commit per run", data="Delta snapshot version"),
        seeds="Fixed seed 42 for splits and LightGBM",
        citations=[_cite("split-time-ordered", "gap-and-embargo", "time split with gap")],
    )


def _evaluation() -> Evaluation:
    return Evaluation(
        primary_metric=Metric(name=MetricName.PR_AUC, display="PR-AUC", minimum=0.35, target=0.45),
        secondary_metrics=[
            Metric(name=MetricName.RECALL_AT_PRECISION, at=0.6, target=0.5),
            Metric(name=MetricName.ROC_AUC),
            Metric(name=MetricName.BRIER),
        ],
        model_selection_metric=MetricName.PR_AUC,
        business_metrics=["Monthly churn among scored customers", "Offer cost per saved customer"],
        offline_online_link="Each +0.05 PR-AUC saves about 600 customers a month at fixed budget.",
        baseline="Failed-payment rule (current process)",
        validation_strategy=ValidationStrategy(
            holdout="Last 3 months, at production prevalence",
            cross_validation="Expanding window, 4 folds",
            ab_test=ABTest(
                unit="customer",
                primary_metric="30-day churn rate",
                baseline_rate=0.04,
                minimum_detectable_effect=0.004,
                sample_size_per_arm=40_000,
                duration="8 weeks",
                guardrail_metrics=["Offer cost per customer", "Support tickets"],
            ),
        ),
        test_set_policy="Scored once at the end, at production prevalence.",
        slices=["tenure band", "plan type", "country", "age band", "gender"],
        fairness=Fairness(
            applicable=True,
            groups=["age band", "gender"],
            metrics=["False-negative rate gap", "Offer rate ratio (four-fifths rule)"],
        ),
        decision_threshold=DecisionThreshold(
            method="Maximise expected net value from the cost matrix",
            rationale="An offer costs 5 EUR; a saved customer is worth 60 EUR.",
        ),
        confidence_intervals="Bootstrap 95 % CI over customers, 1,000 resamples.",
        latency_target_ms=50,
        citations=[_cite("metrics-imbalanced-classification", "pr-auc", "PR-AUC at 4 %")],
    )


def _deployment() -> Deployment:
    return Deployment(
        platform="Kubernetes (KServe)",
        serving_mode=ServingMode.REALTIME,
        latency_ms_p99=50,
        throughput_rps=200,
        api=ApiSpec(endpoint="POST /v1/churn-score", auth="mTLS"),
        scaling=Scaling(
            peak_rps=200,
            latency_ms=30,
            concurrency_per_replica=4,
            target_utilisation=0.6,
            replicas=3,
            max_replicas=8,
            computation="ceil(200 x 0.030 / 4 / 0.6) = 3",
        ),
        cost_estimate="About 900 EUR a month for serving, 200 EUR for training.",
        optimisation=["Precompute daily features in the online store", "Benchmark p99 at 2x peak"],
        monitoring=Monitoring(
            performance="PR-AUC on matured labels, weekly",
            data_drift="PSI per feature against the training window, daily",
            data_quality="Schema and null-rate checks on every request",
            label_delay="30 days",
            alerts=[Alert(signal="feature PSI", threshold="> 0.2", owner="ml-churn on-call")],
            upstream_dependencies=["billing warehouse", "app event stream"],
            feedback_loop_mitigation="A 5 % random holdout gets no offers; labels come from it.",
        ),
        retraining=Retraining(
            frequency="monthly", triggers=["PSI > 0.2 on three top features"], pipeline="Airflow"
        ),
        versioning="Service loads a pinned MLflow registry version.",
        quality_gate="PR-AUC ≥ 0.35 and no regression versus production on every slice.",
        rollout=Rollout(strategy=RolloutStrategy.CANARY, stages=["shadow", "5 %", "50 %", "100 %"]),
        rollback=Rollback(mechanism="Registry alias flip to the previous version"),
        fallback="Failed-payment rule when the model errors or exceeds 50 ms.",
        redress="Support can grant any offer and explain a decision on request.",
        citations=[_cite("rollout-and-rollback", "canary", "canary then full rollout")],
    )


def _timeline() -> Timeline:
    return Timeline(
        phases=[
            Phase(name="Data and baseline", start_week=0, weeks=4),
            Phase(name="Modelling", start_week=4, weeks=5),
            Phase(name="Serving and shadow", start_week=9, weeks=3),
            Phase(name="A/B test", start_week=12, weeks=4),
        ],
        milestones=[
            Milestone(name="Baseline report", week=4),
            Milestone(name="Model frozen", week=9),
            Milestone(name="Launch decision", week=16),
        ],
        total_weeks=16,
        team="2 ML engineers, 1 data engineer, 1 product manager",
        deadline_fit="Fits the 16-week deadline.",
        risks=[Risk(risk="Label delay slows iteration", mitigation="Backfill history")],
    )


def good_plan() -> Plan:
    """A fresh copy of the complete churn plan that every rule accepts."""
    framing, overview = _framing()
    return Plan(
        brief=good_brief(),
        problem_framing=framing,
        overview=overview,
        data=_data(),
        features=_features(),
        model=_model(),
        training=_training(),
        evaluation=_evaluation(),
        deployment=_deployment(),
        timeline=_timeline(),
        meta=PlanMeta(drafter="hand-written example"),
    )
