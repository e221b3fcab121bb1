"""Data requirements: sources, quality targets, privacy from the governance table, labels."""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import (
    Acquisition,
    DataRequirements,
    Governance,
    Labelling,
    Modality,
    PrivacyPlan,
    QualityTarget,
    Section,
    ServingMode,
    SourcePlan,
    TaskType,
)
from mlplan.draft.expert.context import DraftContext, merge_citations
from mlplan.draft.expert.tables import all_rows

_ACCESS = {
    "crm": "read replica or nightly export of the CRM tables into the warehouse",
    "transactions": "change-data-capture from the transaction store into the warehouse; request-time features from the online store",
    "event_stream": "event stream (Kafka/Kinesis) landed hourly into the lake",
    "documents": "export via the ticketing/document system API into object storage",
    "images": "object storage bucket with an index table (image id, source id, label, acquisition date)",
    "sensors": "time-series database export, partitioned by device and day",
    "warehouse": "SQL access through a service account scoped to the project schema",
}

_ENCRYPTION = "encrypted at rest (cloud KMS-managed keys) and in transit (TLS 1.2+)"


def _privacy(ctx: DraftContext) -> PrivacyPlan:
    b = ctx.brief
    if not ctx.facts["personal_data"]:
        return PrivacyPlan(contains_personal_data=False, encryption=_ENCRYPTION)
    plan: dict[str, object] = {"contains_personal_data": True, "regulations": list(b.regulations)}
    measures: list[str] = []
    for row in all_rows("governance", ctx.facts):
        for key in (
            "lawful_basis",
            "minimisation",
            "pseudonymisation",
            "retention",
            "deletion",
            "encryption",
            "impact_assessment",
        ):
            if row.get(key) and key not in plan:
                plan[key] = row[key]
        measures.extend(row.get("measures", []))
    plan.setdefault("encryption", _ENCRYPTION)
    plan["measures"] = list(dict.fromkeys(measures))
    return PrivacyPlan.model_validate(plan)


def _quality(ctx: DraftContext) -> list[QualityTarget]:
    b = ctx.brief
    freshness = (
        "features no older than 1 hour at scoring"
        if b.serving_mode is not ServingMode.BATCH
        else "snapshot complete by 06:00 before the daily scoring run"
    )
    targets = [
        QualityTarget(
            dimension="completeness",
            target=">= 98 % non-null for the top-20 features; label present for 100 % of training rows",
            check="null-rate checks per column in the pipeline; build fails above threshold",
        ),
        QualityTarget(
            dimension="uniqueness",
            target="0 duplicate entity-date keys; no record in more than one split",
            check="key uniqueness test before the split",
        ),
        QualityTarget(
            dimension="consistency",
            target="one unit, currency and time zone per field; categorical values within the data dictionary",
            check="schema + allowed-values expectations",
        ),
        QualityTarget(
            dimension="timeliness", target=freshness, check="freshness monitor on source tables"
        ),
        QualityTarget(
            dimension="accuracy",
            target="label error rate < 2 % on a 500-row audited sample",
            check="quarterly manual audit of labels against the system of record",
        ),
    ]
    return targets


def _labelling(ctx: DraftContext) -> Labelling:
    b = ctx.brief
    delay = b.label_delay or ""
    if not delay and b.task_type in (TaskType.BINARY_CLASSIFICATION, TaskType.REGRESSION):
        ctx.ask(
            "How long after a prediction is the true outcome known (label delay)?",
            Section.MONITORING,
            "It sets the label window, when live performance can be measured, and how fresh a retrained model can be.",
        )
    if b.task_type is TaskType.CLUSTERING:
        return Labelling(
            source="no labels: segments are validated by stakeholder review and campaign response",
            definition="not applicable",
            label_delay="not applicable",
        )
    if b.task_type is TaskType.ANOMALY_DETECTION:
        return Labelling(
            source="confirmed incidents from the incident/maintenance log (few); analyst feedback on alerts",
            definition=b.target or "",
            label_delay=delay or "days to weeks (investigation time)",
            evaluation_labels="differs from training, which is unsupervised: evaluation uses confirmed incidents from the incident/maintenance log; a monthly audit compares analyst alert reviews with the incident records (agreement rate reported)",
        )
    needs = ctx.facts.get("needs_labelling")
    source = (
        "human annotation with a written guideline, double-labelled 10 % to measure agreement (Cohen's kappa >= 0.7)"
        if needs
        else "outcome recorded in the system of record after the prediction point"
    )
    return Labelling(
        source=source,
        definition=b.target or "",
        label_delay=delay
        or (
            "not stated (open question)"
            if b.task_type in (TaskType.BINARY_CLASSIFICATION, TaskType.REGRESSION)
            else "immediate"
        ),
        evaluation_labels="same process and definition as training labels; the test period uses only matured labels",
    )


def draft_data(ctx: DraftContext) -> DataRequirements:
    b = ctx.brief
    sources = [
        SourcePlan(
            name=s.name,
            kind=s.kind,
            modality=s.modality,
            access_method=_ACCESS.get(
                s.kind, "extract into the warehouse through a scoped service account"
            ),
            volume=fmt.count(s.rows) + " rows" if s.rows else "volume not stated",
            refresh=s.velocity
            or ("streaming" if b.serving_mode is ServingMode.STREAMING else "daily"),
        )
        for s in b.data_sources
    ]
    if not sources:
        sources = [
            SourcePlan(
                name="primary operational data (not named in the brief)",
                kind="unspecified",
                modality=b.modalities[0] if b.modalities else Modality.TABULAR,
                access_method="to be agreed with the data owner",
                volume=fmt.count(b.total_rows) + " rows" if b.total_rows else "volume not stated",
                refresh="daily",
            )
        ]
        ctx.ask(
            "Which systems hold the training data, and who owns them?",
            Section.DATA,
            "Access requests are the most common cause of ML project delays.",
        )
    if b.total_rows:
        summary = f"{fmt.count(b.total_rows)} rows"
        if b.positive_class_rate is not None:
            summary += f"; at {fmt.pct(b.positive_class_rate)} positives that is about {fmt.count(b.total_rows * b.positive_class_rate)} positive examples"
    else:
        summary = "volume not stated"
        ctx.ask(
            "How many labelled rows (and entities) are available, over what time span?",
            Section.DATA,
            "Split sizes, the number of positives per split and the model family all depend on it.",
        )
    if b.history:
        summary += f"; {b.history} of history"
    if b.positive_class_rate is None and b.task_type.is_classification:
        ctx.ask(
            "What share of rows are positive (class balance)?",
            Section.EVALUATION,
            "Below ~10 % positives the primary metric and threshold policy change (PR-AUC / recall at fixed precision instead of accuracy).",
        )
    privacy = _privacy(ctx)
    gaps: list[str] = []
    if b.task_type is TaskType.FORECASTING:
        gaps.append("stock-outs censor true demand: record availability per period")
    if Modality.TEXT in b.modalities and not b.personal_data:
        gaps.append(
            "free text often contains personal data even when the brief says none: scan a sample"
        )
    if not b.label_delay and b.task_type.is_classification:
        gaps.append("label delay unknown")
    cites = ctx.cite(
        ["data-quality-and-governance"], "quality dimensions, ownership, provenance and labelling"
    )
    if ctx.facts["personal_data"]:
        privacy_docs = [
            doc for row in all_rows("governance", ctx.facts) for doc in row.get("cites", [])
        ]
        cites = merge_citations(
            cites, ctx.cite(privacy_docs, "data-protection measures for personal data")
        )
    dedup = "exact and near-duplicate records removed before splitting; duplicates of one entity kept on one side of the split"
    return DataRequirements(
        sources=sources,
        volume_summary=summary,
        has_time_order=ctx.facts["time_ordered"],
        group_key=b.group_key,
        positive_class_rate=b.positive_class_rate,
        contains_personal_data=ctx.facts["personal_data"],
        sensitive_attributes=list(b.sensitive_attributes),
        quality_targets=_quality(ctx),
        governance=Governance(
            owner=f"{b.domain} data owner (named in the kick-off) approves access and the data dictionary",
            data_dictionary="every feature column documented with meaning, unit, source table and owner before modelling starts",
            freshness=sources[0].refresh if sources else "daily",
            lineage="training extracts are versioned snapshots with the query and source table versions recorded",
        ),
        privacy=privacy,
        acquisition=Acquisition(
            initial_pull=f"one-off historical extract{(' covering ' + b.history) if b.history else ''}, frozen as snapshot v1",
            ongoing_ingestion="incremental daily loads (streaming for request-time features)"
            if b.serving_mode is not ServingMode.BATCH
            else "incremental daily loads orchestrated with the training pipeline",
            tools=[
                "warehouse SQL",
                "orchestrator (Airflow/Dagster)",
                "data validation (Great Expectations/pandera)",
            ],
        ),
        storage="warehouse tables for features and scores; object storage for snapshots and artefacts, encrypted at rest",
        access_control="role-based access: only the project service account and named engineers read raw data; analysts see pseudonymised tables"
        if b.personal_data
        else "role-based access through the project service account",
        audit_trail="access logs on raw tables retained 1 year; every training run records the snapshot id it read",
        labelling=_labelling(ctx),
        deduplication=dedup,
        provenance="; ".join(f"{s.name}: {s.access_method}" for s in sources),
        sampling_bias="compare the training population with the population scored in production (new segments, regions, channels); reweight or collect more where they differ",
        gaps=gaps,
        citations=cites,
    )
