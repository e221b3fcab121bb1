"""Markdown body of each plan section (headings and citations are added by the caller)."""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import Metric, Plan
from mlplan.render._md import bullets, kv, table


def _metric(m: Metric) -> str:
    text = m.display or m.name.value
    bounds = [
        f"min {m.minimum:g}" if m.minimum is not None else "",
        f"target {m.target:g}" if m.target is not None else "",
    ]
    extra = ", ".join(x for x in bounds if x)
    return f"{text} ({extra})" if extra else text


def overview_lines(plan: Plan) -> list[str]:
    o = plan.overview
    lines = kv(
        [
            ("Business problem", o.business_problem),
            ("ML objective", o.ml_objective),
            ("Prediction point", o.prediction_point),
            ("Action on each prediction", o.action),
            ("Stakeholders", ", ".join(o.stakeholders)),
            ("Expected impact", o.expected_impact),
        ]
    )
    return lines + ["**Success criteria**", ""] + bullets(o.success_criteria)


def framing_lines(plan: Plan) -> list[str]:
    f = plan.problem_framing
    lines = kv(
        [
            ("Problem statement", f.problem_statement),
            ("Severity and impact", f.severity_and_impact),
            ("Unique value", f.unique_value),
            ("Interaction mode", f.interaction_mode.value),
            ("Intended use", f.intended_use),
            ("Out of scope", "; ".join(f.out_of_scope_use)),
        ]
    )
    if f.current_solutions:
        lines += ["**Current solutions**", ""] + bullets(
            f"{c.name}: limits: {', '.join(c.limits)}" for c in f.current_solutions
        )
    lines += ["**Stakeholders**", ""] + table(
        ["Role", "Needs"], [(s.role, s.needs) for s in f.stakeholders]
    )
    lines += ["**Personas**", ""] + table(
        ["Persona", "Role", "Goals", "Pain points", "Uses output via"],
        [
            (p.name, p.role, "; ".join(p.goals), "; ".join(p.pain_points), p.uses_output_via)
            for p in f.personas
        ],
    )
    lines += ["**Alternatives considered**", ""] + table(
        ["Option", "Kind", "Pros", "Cons", "Verdict"],
        [(a.name, a.kind, a.pros, a.cons, a.verdict) for a in f.alternatives],
    )
    lines += ["**Impact goals**", ""] + table(
        ["KPI", "Baseline", "Target", "Horizon"],
        [(g.kpi, g.baseline, g.target, g.horizon) for g in f.impact_goals],
    )
    lines += (
        ["**User journey**", ""]
        + [f"{i}. {step}" for i, step in enumerate(f.user_journey, 1)]
        + [""]
    )
    lines += ["**Functional requirements**", ""] + bullets(f.functional_requirements)
    lines += ["**Non-functional requirements**", ""] + bullets(f.non_functional_requirements)
    d = f.data_landscape
    lines += ["**Data landscape**", ""] + kv(
        [
            ("Volume", d.volume),
            ("Velocity", d.velocity),
            ("Variety", d.variety),
            ("Veracity", d.veracity),
            ("Gaps", "; ".join(d.gaps)),
            ("Acquisition", "; ".join(d.acquisition)),
        ]
    )
    lines += ["**Benefits**", ""] + bullets(f.benefits)
    lines += ["**Market trends**", ""] + bullets(f.trends)
    lines += ["**Regulations and bias**", ""] + bullets(f.regulations_and_bias)
    lines += ["**Feedback methods**", ""] + bullets(f.feedback_methods)
    lines += ["**Validation KPIs**", ""] + bullets(f.validation_kpis)
    return lines


def data_lines(plan: Plan) -> list[str]:
    d = plan.data
    lines = table(
        ["Source", "Kind", "Modality", "Access", "Volume", "Refresh"],
        [
            (s.name, s.kind, s.modality.value, s.access_method, s.volume, s.refresh)
            for s in d.sources
        ],
    )
    lines += kv(
        [
            ("Volume", d.volume_summary),
            ("Time-ordered", "yes" if d.has_time_order else "no"),
            ("Group key", d.group_key),
            (
                "Positive class rate",
                fmt.pct(d.positive_class_rate) if d.positive_class_rate is not None else "unknown",
            ),
            ("Label source", d.labelling.source),
            ("Label definition", d.labelling.definition),
            ("Label delay", d.labelling.label_delay),
            ("De-duplication", d.deduplication),
            ("Storage", d.storage),
            ("Access control", d.access_control),
            ("Audit trail", d.audit_trail),
            ("Sampling bias", d.sampling_bias),
        ]
    )
    lines += ["**Quality targets**", ""] + table(
        ["Dimension", "Target", "Check"],
        [(q.dimension, q.target, q.check) for q in d.quality_targets],
    )
    g = d.governance
    lines += ["**Governance**", ""] + kv(
        [
            ("Owner", g.owner),
            ("Data dictionary", g.data_dictionary),
            ("Freshness", g.freshness),
            ("Lineage", g.lineage),
        ]
    )
    p = d.privacy
    if p.contains_personal_data:
        lines += (
            ["**Privacy and security**", ""]
            + kv(
                [
                    (
                        "Regulations",
                        ", ".join(r.value.upper() for r in p.regulations) or "none named",
                    ),
                    ("Lawful basis", p.lawful_basis),
                    ("Minimisation", p.minimisation),
                    ("Pseudonymisation", p.pseudonymisation),
                    ("Retention", p.retention),
                    ("Deletion", p.deletion),
                    ("Encryption", p.encryption),
                    ("Impact assessment", p.impact_assessment),
                ]
            )
            + bullets(p.measures)
        )
    a = d.acquisition
    lines += ["**Acquisition**", ""] + kv(
        [
            ("Initial pull", a.initial_pull),
            ("Ongoing ingestion", a.ongoing_ingestion),
            ("Tools", ", ".join(a.tools)),
        ]
    )
    if d.gaps:
        lines += ["**Known gaps**", ""] + bullets(d.gaps)
    if d.profile is not None:
        from mlplan.render.profile import availability_lines, profile_lines

        lines += ["**Measured in the data file**", ""] + profile_lines(d.profile, columns=False)
        if d.availability is not None:
            lines += availability_lines(d.availability)
    return lines


def features_lines(plan: Plan) -> list[str]:
    f = plan.features
    lines = ["**Cleaning**", ""] + table(
        ["Issue", "Applies to", "Method"], [(c.issue, c.applies_to, c.method) for c in f.cleaning]
    )
    lines += ["**Features**", ""] + table(
        ["Feature", "Technique", "Description"],
        [(x.name, x.technique, x.description) for x in f.features],
    )
    lines += ["**Transforms**", ""] + bullets(f.transforms)
    lines += kv(
        [
            ("Dimensionality reduction", f.dimensionality_reduction),
            ("Selection", f"{f.selection.method} — {f.selection.rationale}"),
            ("Preprocessing fitted on", f.preprocessing_fit_scope.value.replace("_", " ")),
            ("Train/serve feature code", f.shared_feature_code),
            ("Skew check", f.skew_check),
            ("Schema checks", f.schema_checks),
            ("Owners", f.owners),
        ]
    )
    return lines + ["**Leakage controls**", ""] + bullets(f.leakage_controls)


def model_lines(plan: Plan) -> list[str]:
    m = plan.model
    lines = table(
        ["Candidate", "Family", "Why"],
        [(c.name, c.family.value, c.justification) for c in m.candidates],
    )
    lines += kv(
        [
            ("Primary model", f"{m.primary.name} ({m.primary.family.value})"),
            ("Rationale", m.primary.rationale),
            ("Baseline", f"{m.baseline.name} — {m.baseline.description}"),
            ("Iteration order", " → ".join(m.iteration_order)),
            ("Ensembles", m.ensembles),
            ("Explanation method", m.explanation_method),
            ("Frameworks", ", ".join(m.frameworks)),
        ]
    )
    lines += ["**Hyper-parameters that matter**", ""] + table(
        ["Name", "Range", "Why"], [(h.name, h.range, h.why) for h in m.primary.hyperparameters]
    )
    return (
        lines
        + ["**Trade-offs**", ""]
        + table(["Axis", "Note"], [(t.axis, t.note) for t in m.tradeoffs])
    )


def training_lines(plan: Plan) -> list[str]:
    t = plan.training
    s = t.split
    lines = kv(
        [
            (
                "Split strategy",
                s.strategy.value.replace("_", " ")
                + (f" (group: {s.group_key})" if s.group_key else ""),
            ),
            (
                "Ratios",
                f"{s.ratios.train:.0%} / {s.ratios.validation:.0%} / {s.ratios.test:.0%} (train / validation / test)"
                if s.ratios
                else "",
            ),
            ("Gap", s.gap),
            ("Why", s.rationale),
            (
                "Cross-validation",
                f"{t.cross_validation.method.value.replace('_', ' ')}, {t.cross_validation.folds} folds — {t.cross_validation.rationale}",
            ),
        ]
    )
    if s.sizes:
        z = s.sizes
        lines += table(
            ["Split", "Rows", "Expected positives"],
            [
                (
                    "train",
                    f"{z.train_rows:,}",
                    "" if z.train_positives is None else f"{z.train_positives:,}",
                ),
                (
                    "validation",
                    f"{z.validation_rows:,}",
                    "" if z.validation_positives is None else f"{z.validation_positives:,}",
                ),
                (
                    "test",
                    f"{z.test_rows:,}",
                    "" if z.test_positives is None else f"{z.test_positives:,}",
                ),
            ],
        )
    lines += (
        ["**Pipeline steps**", ""] + [f"{i}. {step}" for i, step in enumerate(t.steps, 1)] + [""]
    )
    return lines + kv(
        [
            ("Preprocessing fitted on", t.preprocessing_fit_scope.value.replace("_", " ")),
            (
                "Tuning",
                f"{t.tuning.method}; budget {t.tuning.budget}; optimises {t.tuning.metric.value if t.tuning.metric else 'n/a'} on {t.tuning.on}",
            ),
            (
                "Imbalance",
                f"{t.imbalance.method} ({t.imbalance.applied_to})" if t.imbalance else None,
            ),
            ("Regularisation", t.regularisation),
            ("Early stopping", t.early_stopping),
            ("Infrastructure", t.infrastructure),
            ("Orchestration", t.orchestration),
            ("Containers", t.containers),
            ("Experiment tracking", t.experiment_tracking),
            ("Model registry", t.model_registry),
            (
                "Versioning",
                f"code: {t.versioning.code}; data: {t.versioning.data}; models: {t.versioning.models}",
            ),
            ("Seeds", t.seeds),
            ("Reproducibility", t.reproducibility),
        ]
    )


def evaluation_lines(plan: Plan) -> list[str]:
    e = plan.evaluation
    lines = kv([("Primary metric", _metric(e.primary_metric)), ("Why", e.primary_metric.rationale)])
    lines += ["**Secondary metrics**", ""] + bullets(_metric(m) for m in e.secondary_metrics)
    lines += kv(
        [
            (
                "Model selection metric",
                e.model_selection_metric.value if e.model_selection_metric else None,
            ),
            ("Business metrics", "; ".join(e.business_metrics)),
            ("Offline → online link", e.offline_online_link),
            ("Baseline", e.baseline),
            ("Holdout", e.validation_strategy.holdout),
            ("Cross-validation", e.validation_strategy.cross_validation),
            ("Backtesting", e.validation_strategy.backtesting),
            ("Test-set policy", e.test_set_policy),
            (
                "Decision threshold",
                f"{e.decision_threshold.method} — {e.decision_threshold.rationale}"
                if e.decision_threshold
                else None,
            ),
            ("Calibration", e.calibration),
            ("Confidence intervals", e.confidence_intervals),
            ("Interpretability", e.interpretability),
            ("Latency target", f"{e.latency_target_ms:g} ms p99" if e.latency_target_ms else None),
            ("Resource targets", e.resource_targets),
        ]
    )
    if e.measured_baselines is not None:
        from mlplan.render.profile import baseline_lines

        lines += baseline_lines(e.measured_baselines)
    if e.cost_matrix:
        lines += ["**Cost matrix**", ""] + table(
            ["Outcome", "Meaning", "Value"],
            [(c.outcome.upper(), c.meaning, c.value) for c in e.cost_matrix],
        )
    ab = e.validation_strategy.ab_test
    if ab:
        lines += ["**A/B test**", ""] + kv(
            [
                ("Unit", ab.unit),
                ("Primary online metric", ab.primary_metric),
                (
                    "Baseline rate",
                    fmt.pct(ab.baseline_rate) if ab.baseline_rate is not None else None,
                ),
                (
                    "Minimum detectable effect",
                    fmt.pct(ab.minimum_detectable_effect) + " absolute"
                    if ab.minimum_detectable_effect
                    else None,
                ),
                (
                    "Sample size",
                    f"{ab.sample_size_per_arm:,} per arm (α = {ab.alpha}, power = {ab.power}, two-sided two-proportion z-test)"
                    if ab.sample_size_per_arm
                    else None,
                ),
                ("Duration", ab.duration),
                ("Guardrails", "; ".join(ab.guardrail_metrics)),
            ]
        )
    lines += ["**Slices**", ""] + bullets(e.slices)
    if e.fairness.applicable:
        lines += ["**Fairness**", ""] + kv(
            [
                ("Groups", ", ".join(e.fairness.groups)),
                ("Metrics", "; ".join(e.fairness.metrics)),
                ("Mitigations", "; ".join(e.fairness.mitigations)),
            ]
        )
    return lines


def deployment_lines(plan: Plan) -> list[str]:
    d = plan.deployment
    lines = kv(
        [
            ("Platform", d.platform),
            ("Serving mode", d.serving_mode.value),
            ("Latency target", f"{d.latency_ms_p99:g} ms p99" if d.latency_ms_p99 else None),
            ("Throughput", f"{d.throughput_rps:g} requests/s peak" if d.throughput_rps else None),
            ("Resources", d.resources),
            ("Cost", d.cost_estimate),
        ]
    )
    if d.api:
        lines += ["**Interface**", ""] + kv(
            [
                ("Endpoint", d.api.endpoint),
                ("Request", d.api.request_schema),
                ("Response", d.api.response_schema),
                ("Auth", d.api.auth),
                ("Errors", d.api.errors),
            ]
        )
    sc = d.scaling
    lines += ["**Scaling**", ""] + kv(
        [
            ("Replicas", sc.replicas),
            ("Computation", sc.computation),
            ("Autoscaling", sc.autoscaling),
            ("Load balancing", sc.load_balancing),
        ]
    )
    if d.optimisation:
        lines += ["**Model optimisation**", ""] + bullets(d.optimisation)
    mo = d.monitoring
    lines += ["**Monitoring**", ""] + kv(
        [
            ("Performance", mo.performance),
            ("Data drift", mo.data_drift),
            ("Concept drift", mo.concept_drift),
            ("Data quality", mo.data_quality),
            ("System health", mo.system_health),
            ("Label delay", mo.label_delay),
            ("Feedback loop", mo.feedback_loop_mitigation),
            ("Upstream dependencies", ", ".join(mo.upstream_dependencies)),
        ]
    )
    lines += table(
        ["Alert", "Threshold", "Owner", "Action"],
        [(a.signal, a.threshold, a.owner, a.action) for a in mo.alerts],
    )
    r = d.retraining
    lines += ["**Retraining, rollout and rollback**", ""] + kv(
        [
            ("Retraining", f"{r.frequency}; triggers: {'; '.join(r.triggers)}"),
            ("Retraining pipeline", r.pipeline),
            ("Quality gate", d.quality_gate),
            ("Versioning", d.versioning),
            ("Rollout", f"{d.rollout.strategy.value}: " + " → ".join(d.rollout.stages)),
            (
                "Rollback",
                f"{d.rollback.mechanism} (within {d.rollback.time_to_rollback}); automatic on: {'; '.join(d.rollback.automatic_triggers)}"
                if d.rollback
                else "none",
            ),
            ("Fallback", d.fallback),
            ("Redress", d.redress),
        ]
    )
    return lines


def timeline_lines(plan: Plan) -> list[str]:
    t = plan.timeline
    lines = table(
        ["Phase", "Weeks", "Start week", "Depends on", "Deliverables"],
        [
            (
                p.name,
                f"{p.weeks:g}",
                f"{p.start_week:g}",
                ", ".join(p.depends_on),
                "; ".join(p.deliverables),
            )
            for p in t.phases
        ],
    )
    lines += kv(
        [
            ("Total", fmt.weeks(t.total_weeks) if t.total_weeks else None),
            ("Team", t.team),
            ("Deadline", t.deadline_fit),
        ]
    )
    lines += ["**Milestones**", ""] + table(
        ["Milestone", "Week", "Exit criteria"],
        [(m.name, f"{m.week:g}", m.exit_criteria) for m in t.milestones],
    )
    return (
        lines
        + ["**Risks**", ""]
        + table(
            ["Risk", "Likelihood", "Impact", "Mitigation"],
            [(r.risk, r.likelihood.value, r.impact.value, r.mitigation) for r in t.risks],
        )
    )
