"""Keyword cues that map brief wording to brief fields. Data, not logic: extend freely.

Each pattern is a regular expression matched case-insensitively on word boundaries.
Order matters where noted: the first matching entry wins.
"""

from __future__ import annotations

from mlplan.domain import Modality, Regulation, ServingMode, TaskType

# First match wins: more specific tasks come before generic classification words.
TASK_CUES: list[tuple[TaskType, str]] = [
    (TaskType.FORECASTING, r"forecast\w*|predict\w* (?:future |weekly |daily |monthly )?(?:demand|sales|volume|load|revenue|traffic)|demand planning|(?:\d+|next)\s+(?:days?|weeks?|months?)\s+ahead|time[- ]series prediction"),
    (TaskType.RECOMMENDATION, r"recommend\w*|recommender|next[- ]best[- ](?:offer|action|product)|personali[sz]ed (?:feed|offers?|suggestions?)|suggest (?:products|items|articles|songs|movies)|you may also like|cross-sell|upsell"),
    (TaskType.RANKING, r"\brank(?:ing|s|ed)?\b|learning[- ]to[- ]rank|search relevance|re-?rank|order (?:the )?(?:search )?results|relevance of (?:search )?results"),
    (TaskType.CLUSTERING, r"segment(?:ation|s)?\b(?! ?fault)|cluster(?:ing|s)?\b|group (?:our )?(?:customers|users|patients|stores) into|discover (?:groups|personas|segments)"),
    (TaskType.ANOMALY_DETECTION, r"anomal(?:y|ies|ous)|outliers?|unusual (?:behaviou?r|activity|patterns)|intrusion|abnormal|novelty detection|without labels"),
    (TaskType.MULTILABEL_CLASSIFICATION, r"multi-?label|one or more (?:tags|labels|categories|topics)|multiple (?:tags|labels|topics) per|tag \w+ with (?:all|any)"),
    (TaskType.REGRESSION, r"(?:predict|estimate|forecast)\w* (?:the )?(?:price|value|amount|cost|duration|time to|lifetime value|ltv|revenue per|salary|yield|score of|number of|how (?:much|many|long))|how (?:much|many|long)\b|lifetime value|\bltv\b|regression|estimated time of arrival|\beta\b"),
    (TaskType.MULTICLASS_CLASSIFICATION, r"(?:classify|categori[sz]e|sort|route|assign)\w* (?:\w+ ){0,4}(?:into|to) (?:one of )?(?:\d+|several|multiple|\w+) (?:categories|classes|queues|types|teams|departments|labels|intents|groups)|one of (?:\d+|several|many) (?:categories|classes|queues|types|intents)|multi-?class|which (?:category|queue|department|team|intent)|(?:\d+|several) (?:categories|classes|intents|queues)"),
    (TaskType.BINARY_CLASSIFICATION, r"churn\w*|fraud\w*|default(?:s|ed)?\b|(?:predict|detect|flag|identify)\w* (?:whether|which|if)\b|will (?:\w+ ){0,3}(?:buy|leave|cancel|convert|click|default|fail|return)|conversion|click[- ]through|\bctr\b|propensity|(?:is|are) (?:fraudulent|spam|defective)|spam|defect(?:ive)? detection|readmission|no-?show|attrition|binary"),
]

CLASSIFY_WORDS = r"classif\w*|categori[sz]\w*|detect\w*|identify\w*|flag\w*"

MODALITY_CUES: list[tuple[Modality, str]] = [
    (Modality.IMAGE, r"images?|photos?|pictures?|x-?rays?|scans?\b|mri|ct scans?|radiograph\w*|camera|video frames?|satellite imagery|dermoscop\w*|microscop\w*"),
    (Modality.TEXT, r"text\b|tickets?|emails?|reviews?|documents?|notes\b|messages?|descriptions?|transcripts?|chat logs?|comments?|articles?|nlp|free-text|contracts?|resumes?|cvs\b|queries"),
    (Modality.AUDIO, r"audio|speech|voice recordings?|call recordings?|sound"),
    (Modality.TIME_SERIES, r"time[- ]series|sensor (?:readings|data)|telemetry|sales history|meter readings|vibration|readings every"),
    (Modality.EVENT_LOGS, r"clickstream|click logs?|event logs?|app events|usage logs?|web logs|sessions?\b|page ?views"),
    (Modality.GRAPH, r"graph\b|social network|connections between|transaction network|knowledge graph"),
]

REGULATION_CUES: list[tuple[Regulation, str]] = [
    (Regulation.GDPR, r"gdpr|general data protection regulation|uk gdpr"),
    (Regulation.CCPA, r"ccpa|cpra|california consumer privacy"),
    (Regulation.HIPAA, r"hipaa|protected health information|\bphi\b"),
    (Regulation.PCI_DSS, r"pci[- ]?dss|\bpci\b|cardholder data"),
    (Regulation.EU_AI_ACT, r"eu ai act|ai act"),
    (Regulation.FCRA, r"\bfcra\b|fair credit reporting"),
    (Regulation.ECOA, r"\becoa\b|equal credit opportunity"),
    (Regulation.GLBA, r"\bglba\b|gramm-leach"),
    (Regulation.COPPA, r"\bcoppa\b"),
    (Regulation.FERPA, r"\bferpa\b"),
    (Regulation.SOX, r"\bsox\b|sarbanes"),
    (Regulation.LGPD, r"\blgpd\b"),
    (Regulation.PIPEDA, r"\bpipeda\b"),
]

PERSONAL_DATA_CUES = (
    r"\bpii\b|personal data|personally identifiable|customers?\b|users?\b|patients?\b|employees?\b|"
    r"applicants?\b|members?\b|subscribers?\b|students?\b|candidates?\b|borrowers?\b|citizens?\b|"
    r"\bcrm\b|emails? addresses|names and|phone numbers?|health records?|medical|cardholders?|"
    r"policyholders?|passengers?|tenants?|donors?"
)
NO_PERSONAL_DATA_CUES = r"no personal data|anonymous data|fully anonymi[sz]ed|no pii|non-personal"

SENSITIVE_ATTRIBUTE_CUES: dict[str, str] = {
    "age": r"\bage\b|date of birth|\bdob\b",
    "gender": r"gender|\bsex\b",
    "race/ethnicity": r"\brace\b|ethnicity|ethnic",
    "religion": r"religio\w+",
    "disability": r"disabilit\w+",
    "nationality": r"nationality|citizenship|immigration status",
    "marital status": r"marital status",
    "postcode (proxy)": r"post ?codes?|zip ?codes?",
    "health status": r"health status|diagnos[ie]s|medical condition",
    "sexual orientation": r"sexual orientation",
}

AFFECTS_PEOPLE_CUES = (
    r"credit|loans?\b|lending|underwrit\w+|mortgage|hiring|recruit\w*|candidates?\b|resumes?|"
    r"insurance (?:pricing|premiums?|claims?)|claims? (?:approval|triage)|eligib\w+|"
    r"approv\w+ or (?:deny|reject)|(?:deny|reject|decline|block)\w* (?:transactions?|applications?|"
    r"claims?|users?|customers?|payments?)|diagnos\w+|triage|treatment|patients?\b|admissions?|"
    r"x-?rays?|pneumonia|disease|cancer|tumou?rs?|sepsis|clinical|tenant screening|benefits? (?:eligibility|fraud)|bail|parole|policing|welfare|"
    r"employees?\b.*(?:performance|promotion|attrition)|student (?:dropout|grading)|fraud"
)

INTERPRETABILITY_HIGH_CUES = (
    r"explainab\w+|interpretab\w+|explain (?:each|every|why|the)|reason codes?|transparen\w+|"
    r"regulators?\b|auditab\w+|adverse action|right to explanation|white-?box"
)
INTERPRETABILITY_LOW_CUES = r"black[- ]box is fine|interpretability (?:is )?not (?:needed|required)|accuracy over explainability"

SERVING_CUES: list[tuple[ServingMode, str]] = [
    (ServingMode.EDGE, r"on-?device|on the (?:phone|device|edge)|\bedge\b|mobile app (?:offline|on device)|embedded device|offline on (?:the )?(?:phone|device)|raspberry|microcontroller"),
    (ServingMode.STREAMING, r"stream(?:ing|s)?\b|kafka|kinesis|pub/?sub|flink|as events arrive|event-driven|near[- ]real[- ]time"),
    (ServingMode.REALTIME, r"real[- ]?time|online (?:inference|prediction|scoring)|at checkout|during (?:the )?(?:call|session|checkout|login|request)|in the request path|per request|instant\w*|synchronous|low[- ]latency|\bp9\d\b|within \d+ ?ms|\bapi\b"),
    (ServingMode.BATCH, r"batch|nightly|daily (?:scoring|run|job|list|report)|weekly (?:scoring|run|list|report|forecast)|monthly (?:scoring|run|list|report)|once a (?:day|week|month)|overnight|scheduled"),
]

TIME_ORDER_CUES = (
    r"time[- ]series|forecast\w*|transactions?|txns?|events?|logs?\b|clickstream|history|historical|"
    r"over time|timestamps?|daily|weekly|monthly|sessions?|churn\w*|will (?:\w+ ){0,3}(?:leave|cancel|"
    r"default|fail|buy|return)|next \d+ (?:days|weeks|months)|within \d+ (?:days|weeks|months)|"
    r"sensor|telemetry|readings|claims|orders|visits|appointments|admissions|readmission|renewals?|"
    r"failures?|maintenance|subscriptions?"
)
NO_TIME_ORDER_CUES = r"no time (?:order|component|dependence)|static snapshot|i\.?i\.?d\.?"

# Entity whose rows must stay together; first match wins.
GROUP_KEY_CUES: list[tuple[str, str]] = [
    ("patient_id", r"patients?\b|x-?rays?|\bscans?\b|\bmri\b|radiograph\w*|mammogra\w*|ecgs?\b|clinical"),
    ("device_id", r"devices?\b|machines?\b|sensors?\b|turbines?\b|vehicles?\b|engines?\b"),
    ("video_id", r"videos?\b|video frames?|recordings?\b"),
    ("store_sku_series", r"stores?\b.*\b(?:skus?|products?)|(?:skus?|products?)\b.*\bstores?\b"),
    ("card_or_account_id", r"card ?holders?|cards?\b|accounts?\b|merchants?\b"),
    ("customer_id", r"customers?\b|subscribers?\b|clients?\b|policyholders?|borrowers?|members?\b|crm"),
    ("user_id", r"users?\b|players?\b|visitors?\b|listeners?\b|viewers?\b"),
    ("query_id", r"quer(?:y|ies)\b|search(?:es)?\b"),
    ("document_id", r"documents?\b|articles?\b"),
    ("employee_id", r"employees?\b|staff\b"),
    ("site_id", r"sites?\b|hospitals?\b|branches?\b|warehouses?\b"),
]

DOMAIN_CUES: list[tuple[str, str]] = [
    ("payments", r"fraud|payments?|card ?holders?|transactions?|chargebacks?|merchants?"),
    ("lending", r"credit|loans?\b|lending|mortgage|underwrit\w+|default"),
    ("healthcare", r"patients?|clinical|hospital|medical|health|diagnos\w+|radiolog\w+|x-?rays?"),
    ("insurance", r"insurance|claims|policyholders?|premiums?"),
    ("subscription", r"churn|subscri\w+|saas|telco|telecom|streaming service|renewals?"),
    ("retail", r"retail|e-?commerce|skus?|products?|stores?|shoppers?|basket|inventory|demand"),
    ("manufacturing", r"manufactur\w+|factory|machines?|sensors?|predictive maintenance|defects?|production line"),
    ("customer support", r"support tickets?|helpdesk|help desk|customer service|call cent(?:er|re)"),
    ("advertising", r"\bads?\b|advertis\w+|click[- ]through|\bctr\b|campaigns?"),
    ("media", r"articles?|news|videos?|songs?|music|movies?|podcasts?|content feed"),
    ("hr", r"hiring|recruit\w+|employees?|attrition|candidates?"),
    ("logistics", r"deliver(?:y|ies)|shipments?|logistics|routes?|eta\b|fleet"),
    ("energy", r"energy|electricity|grid|power load|solar|wind"),
    ("security", r"intrusion|network traffic|cyber|malware|login attempts"),
    ("real estate", r"real estate|house prices?|property|rent(?:al)?s?\b"),
]

DEPLOYMENT_TARGET_CUES: list[tuple[str, str]] = [
    ("aws", r"\baws\b|sagemaker|amazon web services"),
    ("gcp", r"\bgcp\b|google cloud|vertex"),
    ("azure", r"azure"),
    ("on-premises", r"on-?prem\w*|own data ?cent(?:er|re)|air-?gapped"),
    ("mobile", r"mobile app|ios|android|on the phone"),
    ("edge device", r"edge device|embedded device|raspberry|microcontroller|on-?device"),
    ("kubernetes", r"kubernetes|\bk8s\b"),
    ("databricks", r"databricks"),
    ("snowflake", r"snowflake"),
]

CURRENT_SOLUTION_CUES = (
    r"(?:currently|today|at the moment|right now|at present)\b[^.;\n]*|"
    r"(?:existing|current|legacy) (?:system|solution|process|rules?|model|approach)[^.;\n]*|"
    r"(?:we|they|the team) (?:use|rely on|have) (?:a |an )?(?:rules?[- ]based|manual|spreadsheet|"
    r"heuristic|hand-?written|static)[^.;\n]*|(?:rules?[- ]based|manual review|spreadsheets?|heuristics?)"
    r"(?: (?:system|process|approach|engine))?[^.;\n]*(?:today|now|currently)[^.;\n]*"
)

KPI_CUES = (
    r"(?:reduce|cut|lower|decrease|increase|improve|raise|boost|lift|grow|save|catch|recover)\w* "
    r"[^.;\n]{0,60}?(?:by|to) [~≈]?\d+(?:\.\d+)?\s*(?:%|percent|pp|points|x|k|m)?[^.;\n]{0,30}|"
    r"(?:goal|kpi|target|objective|success)(?: is| =|:)[^.;\n]+"
)

# (name, kind, modality, pattern): data sources a brief may name.
SOURCE_CUES: list[tuple[str, str, Modality, str]] = [
    ("CRM", "crm", Modality.TABULAR, r"\bcrm\b|customer relationship"),
    ("Transactions", "transactions", Modality.TABULAR, r"transactions?|txns?|payments? data|purchases?|orders?"),
    ("Billing / subscriptions", "billing", Modality.TABULAR, r"billing|invoices?|subscriptions? data|plans? and payments"),
    ("Product usage events", "event_stream", Modality.EVENT_LOGS, r"usage (?:data|logs|events)|app events|clickstream|click logs|product analytics|sessions? logs?"),
    ("Support tickets", "documents", Modality.TEXT, r"support tickets?|tickets?|helpdesk|zendesk"),
    ("Customer reviews", "documents", Modality.TEXT, r"reviews?"),
    ("Emails / messages", "documents", Modality.TEXT, r"emails?|chat (?:logs|messages)|messages"),
    ("Documents", "documents", Modality.TEXT, r"documents?|contracts?|notes\b|reports\b|articles?"),
    ("Images", "images", Modality.IMAGE, r"images?|photos?|x-?rays?|scans?\b|pictures?|camera"),
    ("Audio recordings", "audio", Modality.AUDIO, r"audio|call recordings?|voice"),
    ("Sensor telemetry", "sensors", Modality.TIME_SERIES, r"sensors?|telemetry|iot|vibration|meter readings"),
    ("Sales history", "sales", Modality.TIME_SERIES, r"sales (?:history|data)|point[- ]of[- ]sale|\bpos\b data|historical sales"),
    ("Data warehouse", "warehouse", Modality.TABULAR, r"warehouse|snowflake|bigquery|redshift|data lake|lakehouse"),
    ("Electronic health records", "ehr", Modality.TABULAR, r"\behr\b|electronic health records?|medical records?|clinical records?"),
    ("Claims", "claims", Modality.TABULAR, r"claims"),
    ("Loan applications", "applications", Modality.TABULAR, r"(?:loan|credit) applications?|applications? data|credit bureau"),
    ("Catalogue", "catalogue", Modality.TABULAR, r"catalog(?:ue)?|product (?:data|metadata|attributes)"),
    ("Interaction logs", "event_stream", Modality.EVENT_LOGS, r"interactions?|ratings|views|plays|listens|impressions"),
]

TARGET_DEFAULTS: dict[TaskType, str] = {
    TaskType.BINARY_CLASSIFICATION: "the positive outcome named in the brief, observed within a fixed window after the prediction point",
    TaskType.MULTICLASS_CLASSIFICATION: "one class per record, from the label set named in the brief",
    TaskType.MULTILABEL_CLASSIFICATION: "the set of applicable labels per record",
    TaskType.REGRESSION: "the numeric quantity named in the brief",
    TaskType.FORECASTING: "the series value per period over the forecast horizon",
    TaskType.RANKING: "graded relevance of each candidate for a query (from clicks, purchases or judgements)",
    TaskType.RECOMMENDATION: "whether the user engages with (clicks, buys, plays) a recommended item",
    TaskType.CLUSTERING: "no label: segments are discovered and then validated with the business",
    TaskType.ANOMALY_DETECTION: "an anomaly score per record; confirmed incidents serve as evaluation labels",
}

DOMAIN_TARGETS: list[tuple[str, str]] = [
    (r"churn\w*|cancel\w*|attrition", "customer churns (cancels or does not renew) within the churn window after the scoring date"),
    (r"fraud\w*", "transaction later confirmed fraudulent (chargeback or investigator label)"),
    (r"default\w*", "borrower defaults (e.g. 90+ days past due) within the performance window"),
    (r"readmi\w*", "patient readmitted within 30 days of discharge"),
    (r"no-?show", "appointment ends as a no-show"),
    (r"fail\w*|maintenance", "equipment fails within the prediction window"),
    (r"convert\w*|conversion", "visitor converts (purchase or sign-up) within the session or window"),
    (r"click\w*|ctr", "impression is clicked"),
    (r"spam", "message is spam"),
]
