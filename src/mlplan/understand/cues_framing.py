"""Cue tables for the brief's framing: data sources, targets, current solution, KPIs, platform.

Same conventions as `cues`: lower-case patterns anchored at the start of a word.
"""

from __future__ import annotations

from mlplan.domain import Modality, TaskType

# (name, kind, modality, pattern): data sources a brief may name.

DEPLOYMENT_TARGET_CUES: list[tuple[str, str]] = [
    ("aws", r"aws\b|sagemaker|amazon web services"),
    ("gcp", r"gcp\b|google cloud|vertex"),
    ("azure", r"azure"),
    ("on-premises", r"on-?prem\w*|own data ?cent(?:er|re)|air-?gapped"),
    ("mobile", r"mobile app|ios\b|android|on the phone"),
    (
        "edge device",
        r"edge (?:device|box)|embedded device|raspberry|microcontroller|"
        r"on[- ]?device\b(?! (?:type|id|model|os|category|fingerprint))|"
        r"runs? on (?:a |the |each |our )?(?:smart ?watch|wearable|fitness tracker|earbud)s?\b",
    ),
    ("kubernetes", r"kubernetes|k8s\b"),
    ("databricks", r"databricks"),
    ("snowflake", r"snowflake"),
]

CURRENT_SOLUTION_CUES = (
    r"(?:currently|today|right now|at present|at the moment(?=,? (?:we|they|the|our|it|"
    r"this|there|staff|agents|analysts|teams?)\b(?! (?:order|request|call|transaction)\b)))"
    r"\b[^.;\n]*|"
    r"(?:existing|current|legacy) (?:system|solution|process|rules?|model|approach)[^.;\n]*|"
    r"(?:we|they|the team) (?:use|rely on|have) (?:a |an )?(?:rules?[- ]based|manual|spreadsheet|"
    r"heuristic|hand-?written|static)[^.;\n]*|"
    r"(?:rules?[- ]based|manual review|spreadsheets?|heuristics?)(?: (?:system|process|approach|"
    r"engine))?[^.;\n]*(?:today|now|currently)[^.;\n]*"
)

KPI_CUES = (
    r"(?:reduce|cut|lower|decrease|increase|improve|raise|boost|lift|grow|save|catch|"
    r"recover)\w* [^.;\n]{0,60}?(?:by|to) [~≈]?\d+(?:\.\d+)?\s*(?:%|percent|pp|points|x|k|"
    r"m)?[^.;\n]{0,30}|"
    r"(?:goal|kpi|target|objective|success)(?: is| =|:| means)"
    r"(?=[^.;\n]*(?:\d|reduc|increas|improv|\bcut|lift|rais|lower|sav|grow|boost|halve|double))"
    r"[^.;\n]+"
)

SOURCE_CUES: list[tuple[str, str, Modality, str]] = [
    ("CRM", "crm", Modality.TABULAR, r"crm\b|customer relationship"),
    (
        "Transactions",
        "transactions",
        Modality.TABULAR,
        r"transactions?|txns?|payments? data|purchases?|orders?",
    ),
    (
        "Billing / subscriptions",
        "billing",
        Modality.TABULAR,
        r"billing|invoices?|subscriptions? data|plans? and payments",
    ),
    (
        "Product usage events",
        "event_stream",
        Modality.EVENT_LOGS,
        r"usage (?:data|logs|events)|app events|clickstream|click logs|product analytics|"
        r"sessions? logs?",
    ),
    ("Support tickets", "documents", Modality.TEXT, r"support tickets?|tickets?|helpdesk|zendesk"),
    ("Customer reviews", "documents", Modality.TEXT, r"reviews?"),
    ("Emails / messages", "documents", Modality.TEXT, r"emails?|chat (?:logs|messages)|messages"),
    ("Documents", "documents", Modality.TEXT, r"documents?|contracts?|notes\b|reports\b|articles?"),
    ("Images", "images", Modality.IMAGE, r"images?|photos?|x-?rays?|scans?\b|pictures?|camera"),
    ("Audio recordings", "audio", Modality.AUDIO, r"audio|call recordings?|voice|utterances"),
    (
        "Sensor telemetry",
        "sensors",
        Modality.TIME_SERIES,
        r"sensors?|telemetry|iot\b|vibration|meter readings|metered load",
    ),
    (
        "Sales history",
        "sales",
        Modality.TIME_SERIES,
        r"sales (?:history|data)|point[- ]of[- ]sale|pos\b (?:sales|data)|historical sales",
    ),
    (
        "Data warehouse",
        "warehouse",
        Modality.TABULAR,
        r"data ?warehouse|(?:in|from) (?:the|our) warehouse|snowflake|bigquery|redshift|"
        r"data lake|lakehouse",
    ),
    (
        "Electronic health records",
        "ehr",
        Modality.TABULAR,
        r"ehr\b|electronic health records?|medical records?|clinical records?",
    ),
    ("Claims", "claims", Modality.TABULAR, r"claims"),
    (
        "Loan applications",
        "applications",
        Modality.TABULAR,
        r"(?:loan|credit) applications?|applications? data|credit bureau",
    ),
    (
        "Catalogue",
        "catalogue",
        Modality.TABULAR,
        r"catalog(?:ue)?|product (?:data|metadata|attributes)|listings",
    ),
    (
        "Interaction logs",
        "event_stream",
        Modality.EVENT_LOGS,
        r"interactions?|ratings|views|plays|listens|listening events|impressions",
    ),
    (
        "Network flows",
        "network_flows",
        Modality.TABULAR,
        r"netflow|network flows?|packet captures?",
    ),
]

TARGET_DEFAULTS: dict[TaskType, str] = {
    TaskType.BINARY_CLASSIFICATION: "the positive outcome named in the brief, observed within a "
    "fixed window after the prediction point",
    TaskType.MULTICLASS_CLASSIFICATION: "one class per record, from the label set named in the brief",
    TaskType.MULTILABEL_CLASSIFICATION: "the set of applicable labels per record",
    TaskType.REGRESSION: "the numeric quantity named in the brief",
    TaskType.FORECASTING: "the series value per period over the forecast horizon",
    TaskType.RANKING: "graded relevance of each candidate for a query (from clicks, purchases or "
    "judgements)",
    TaskType.RECOMMENDATION: "whether the user engages with (clicks, buys, plays) a recommended item",
    TaskType.CLUSTERING: "no label: segments are discovered and then validated with the business",
    TaskType.ANOMALY_DETECTION: "an anomaly score per record; confirmed incidents serve as "
    "evaluation labels",
}

DOMAIN_TARGETS: list[tuple[str, str]] = [
    (
        r"churn\w*|cancel\w*|attrition",
        "customer churns (cancels or does not renew) within the churn window after the scoring "
        "date",
    ),
    (r"fraud\w*", "transaction later confirmed fraudulent (chargeback or investigator label)"),
    (r"default\w*", "borrower defaults (e.g. 90+ days past due) within the performance window"),
    (r"readmi\w*", "patient readmitted within 30 days of discharge"),
    (r"no-?show", "appointment ends as a no-show"),
    (r"fail\w*|maintenance", "equipment fails within the prediction window"),
    (
        r"convert\w*|conversion",
        "visitor converts (purchase or sign-up) within the session or window",
    ),
    (r"click\w*|ctr", "impression is clicked"),
    (r"spam", "message is spam"),
]
