"""Keyword cues that map brief wording to brief fields. Data, not logic: extend freely.

Each pattern is a lower-case regular expression matched against the lower-cased brief,
anchored at the start of a word (no letter, digit or hyphen before it). Order matters where
noted: the first matching entry wins. Start alternatives with a literal word of two or more
letters where you can ('x-rays?|xrays?', not 'x-?rays?'): `_match.Cue` skips the regex when
none of those words occurs in the brief.
"""

from __future__ import annotations

from mlplan.domain import Modality, Regulation, ServingMode, TaskType

# First match wins: more specific tasks come before generic classification words.
HORIZON = r"(?:\d+|next)\s+(?:hours?|days?|weeks?|months?)\s+ahead"
"""'5 days ahead': a forecast horizon. It names forecasting in a brief; in a reviewed plan it is
a weak task word that the plan's own metrics may overrule (``critique._metrics``)."""

TASK_CUES: list[tuple[TaskType, str]] = [
    (
        TaskType.FORECASTING,
        (
            r"forecast\w*|"
            r"predict\w* (?:future |weekly |daily |monthly |hourly )?(?:demand|sales|volumes?|"
            r"load|revenue|traffic)\b|"
            r"demand planning|" + HORIZON + r"|"
            r"day-ahead (?:load|demand|price)|time[- ]series prediction"
        ),
    ),
    # A calibrated probability of one event is binary classification, even when it is later used
    # to rank ads or pick customers for an offer: "pCTR", "propensity model", "probability that".
    (
        TaskType.BINARY_CLASSIFICATION,
        (
            r"p-?ctr\b|click[- ]through[- ]rate (?:prediction|model)|propensity (?:model|score)|"
            r"predict\w* (?:the )?(?:probability|likelihood|chance) (?:of|that)"
        ),
    ),
    (
        TaskType.RECOMMENDATION,
        (
            r"recommend\w*|recommender|next[- ]best[- ](?:offer|action|product)|"
            r"personali[sz]ed (?:[\w-]+ ){0,2}?(?:feeds?|offers?|suggestions?|homepage|content)|"
            r"(?:news|content|home|social|video) feed\b|"
            r"suggest (?:products|items|articles|songs|movies)|you may also like|cross-sell|upsell"
        ),
    ),
    (
        TaskType.RANKING,
        (
            r"rank(?:ing|s|ed|er)?\b|learning[- ]to[- ]rank|search relevance|re-?rank\w*|"
            r"order (?:the )?(?:search )?results|relevance of (?:search )?results"
        ),
    ),
    (
        TaskType.CLUSTERING,
        (
            r"(?:customer|user|market|audience|shopper|member|behaviou?ral|rfm) segment(?:ation|s)?\b|"
            r"segment(?:ing)? (?:our |the |all )?(?:[\w-]+ )?(?:customers|users|shoppers|members|market|audience|"
            r"accounts|subscribers|patients|stores)\b|segmentation of (?:our |the )?(?:customers|users)|"
            r"(?<!level )(?<!-level )cluster(?:ing|s)?\b(?! (?:in|around|near|at|on|along|together|"
            r"within|by)\b)(?![- ]randomi[sz]ed)|"
            r"group (?:our )?(?:customers|users|patients|stores) into|"
            r"discover (?:groups|personas|segments)"
        ),
    ),
    (
        TaskType.ANOMALY_DETECTION,
        (
            r"anomal(?:y|ies|ous)|outliers?|"
            r"unusual (?:[\w-]+ )?(?:behaviou?r|activity|patterns?|spending|transactions)|"
            r"intrusion|"
            r"abnormal|novelty detection|without labels|(?:have|has|there are|with) no labels"
        ),
    ),
    (
        TaskType.MULTILABEL_CLASSIFICATION,
        (
            r"multi-?label|"
            r"one or more (?:of (?:the |our )?)?(?:\d+ )?(?:[\w-]+ )?(?:tags|labels|categories|"
            r"topics|classes)|"
            r"(?:multiple|several) (?:tags|labels|topics|categories) per|tag \w+ with (?:all|any)|"
            r"all (?:the )?(?:tags|labels|topics|categories|codes) that apply|"
            r"(?:can|may|could) (?:have|get|carry) (?:several|multiple|many|more than one) "
            r"(?:tags|labels|topics|categories|codes)|"
            # 'tag articles with any of 40 topics', '(an article can have several)'
            r"(?:tag|label|annotate)\w* [^.;\n]{0,40}?with any (?:number |combination |subset )?of\b|"
            r"(?:can|may|could) (?:have|get|carry|belong to|receive|show|contain|be tagged with|"
            r"be assigned) (?:several|multiple|many|more than one|two or more|one or more)\b|"
            r"not mutually exclusive|"
            r"non-?exclusive (?:labels|tags|topics|categories|classes)"
        ),
    ),
    (
        TaskType.REGRESSION,
        (
            r"(?:predict|estimate|forecast)\w* (?:the |a |an )?(?:[\w-]+ ){0,2}?(?:price|value|"
            r"amount|cost|duration|time to|lifetime value|ltv|revenue per|salary|yield|score of|"
            r"number of|how (?:much|many|long))|"
            r"how (?:much|many|long)\b|lifetime value|ltv\b|regression|estimated time of arrival|"
            r"eta\b"
        ),
    ),
    (
        TaskType.MULTICLASS_CLASSIFICATION,
        (
            r"(?:classify|categori[sz]e|sort|route|assign)\w* (?:\w+ ){0,4}(?:into|"
            r"to) (?:one of )?(?:\d+|several|multiple|\w+) (?:categories|classes|queues|types|"
            r"teams|departments|labels|intents|groups)|"
            r"one of (?:\d+|several|many) (?:categories|classes|queues|types|intents)|multi-?class|"
            r"which (?:category|queue|department|team|intent)|"
            r"(?:\d+|several) (?:categories|classes|intents|queues)|"
            r"(?:classify|categori[sz]e|sort|route|assign)\w* [^.;\n(]{0,60}?\((?:[^(),]+,){2,}[^()]+\)|"
            # 'classify reviews as positive, negative or neutral': three or more named classes
            r"(?:classify|categori[sz]e|label|tag|sort|mark|rate|grade)\w* [^.;\n(]{0,60}?\bas "
            r"(?:[\w-]+ ){0,2}?[\w-]+, (?:(?:[\w-]+ ){0,2}?[\w-]+, )*(?:[\w-]+ ){0,2}?[\w-]+,? "
            r"(?:or|and) [\w-]+|"
            r"(?:speech|voice) commands? recogni\w+|"
            r"(?:\d+|several|multiple) (?:keywords|voice commands|spoken commands|wake words)"
        ),
    ),
    (
        TaskType.BINARY_CLASSIFICATION,
        (
            r"binary|churn\w*|fraud\w*|default(?:s|ed)?\b|"
            r"(?:predict|detect|flag|identify)\w* (?:whether|which|if)\b|"
            r"will (?:\w+ ){0,3}(?:buy|leave|cancel|convert|click|default|fail|return|resign)|"
            r"conversion|click[- ]through|ctr\b|propensity|(?:is|are) (?:fraudulent|spam|"
            r"defective)|"
            r"spam|defect(?:ive)? detection|readmission|no-?show|attrition|"
            r"suspicious activity reports?"
        ),
    ),
]

CLASSIFY_WORDS = r"classif\w*|categori[sz]\w*|detect\w*|identify\w*|flag\w*"

# The brief names the task type itself: that beats anything counted elsewhere (class counts).
EXPLICIT_TASK_WORDS = r"binary|multi-?class|multi-?label|regression|clustering|forecasting"

MODALITY_CUES: list[tuple[Modality, str]] = [
    (
        Modality.IMAGE,
        (
            r"images?|photos?|pictures?|x-rays?|xrays?|scans?\b|scanned|mri|ct scans?|radiograph\w*|camera|"
            r"video frames?|satellite imagery|dermoscop\w*|microscop\w*"
        ),
    ),
    (
        Modality.TEXT,
        (
            r"text\b|tickets?|emails?|documents?|messages?|descriptions?|transcripts?|chat\b|"
            r"chat logs?|chatbot|comments?|articles?|nlp|free-text|resumes?|cvs\b|queries|"
            r"typed utterances|intents?\b|posts\b|titles?\b|"
            r"(?:customer|product|app|user|store|written|online|hotel|restaurant|guest|labell?ed|"
            r"text|free-text) reviews?|reviews? (?:text|data)|"
            r"(?:clinical|doctors?'?|free-text|case|call|agent|nurse|progress|discharge) notes|"
            r"(?:legal|scanned) contracts|contract (?:documents|texts?|clauses)|"
            r"(?:chat|support) conversations|conversation (?:logs|transcripts)"
        ),
    ),
    (
        Modality.AUDIO,
        (
            r"audio|speech|voices?|voice recordings?|call recordings?|sound|wake[- ]word|"
            r"keyword spotting"
        ),
    ),
    (
        Modality.TIME_SERIES,
        (
            r"time[- ]series|sensor (?:readings|data)|telemetry|sales history|"
            r"meter(?:ed)? (?:readings|load|data)|vibration|readings every|"
            r"ecgs?\b|ekgs?\b|eegs?\b|emgs?\b|electrocardiogra\w*|electroencephalogra\w*|"
            r"waveforms?|biosignals?|physiological signals?|accelerometer\w*|gyroscope|imu\b"
        ),
    ),
    (
        Modality.EVENT_LOGS,
        (
            r"clickstream|click logs?|event logs?|app events|usage logs?|web logs|sessions?\b|"
            r"page ?views|"
            r"(?:click|apply|search|listening|play(?:back)?|interaction|user|behaviou?ral|view|"
            r"purchase)(?: and \w+)? (?:events|logs)"
        ),
    ),
    (
        Modality.GRAPH,
        r"graph\b|social network|connections between|transaction network|knowledge graph",
    ),
]

# Words that mean rows and columns (not a physical warehouse).
TABULAR_CUES = (
    r"rows|tables?|crm|columns|tabular|csv|data ?warehouse|"
    r"(?:in|from) (?:the|our) (?:data )?warehouse|transactions?|records|attributes|"
    r"features\b"
)

REGULATION_CUES: list[tuple[Regulation, str]] = [
    (Regulation.GDPR, r"gdpr|general data protection regulation|uk gdpr"),
    (Regulation.CCPA, r"ccpa|cpra|california consumer privacy"),
    (Regulation.HIPAA, r"hipaa|protected health information|phi\b"),
    (Regulation.PCI_DSS, r"pci[- ]?dss|pci\b|cardholder data"),
    (Regulation.EU_AI_ACT, r"eu ai act|ai act"),
    (Regulation.FCRA, r"fcra\b|fair credit reporting"),
    (Regulation.ECOA, r"ecoa\b|equal credit opportunity"),
    (Regulation.GLBA, r"glba\b|gramm-leach"),
    (Regulation.COPPA, r"coppa\b"),
    (Regulation.FERPA, r"ferpa\b"),
    (Regulation.SOX, r"sox\b|sarbanes"),
    (Regulation.LGPD, r"lgpd\b"),
    (Regulation.PIPEDA, r"pipeda\b"),
]

PERSONAL_DATA_CUES = (
    r"pii\b|personal data|personally identifiable|"
    r"(?:customers?|users?|patients?|employees?|applicants?|members?|subscribers?|students?|"
    r"job candidates|(?<!serves )(?<!retrieves )(?<!retrieval )(?<!ranking )(?<!generates )candidates(?! (?:from|per|for each|in under|are (?:ranked|scored|retrieved)))|"
    r"borrowers?|citizens?|players?|listeners?|viewers?|shoppers?|claimants?|"
    r"policyholders?|passengers?|tenants?|donors?|cardholders?|guests?|travell?ers?)\b|"
    r"crm\b|emails? addresses|names and|phone numbers?|health records?|medical|"
    r"insurance claims?|aml\b|anti-money[- ]laundering|kyc\b|leads\b|prospects\b|"
    r"(?:motor|car|health|life|home) insurance|insurance (?:pricing|premiums?|policies|quotes)|"
    r"passports?|id cards?|identity documents?|payslips?|bank statements?|"
    r"clinicians?|clinical (?:records?|notes|data|histor\w+|information|observations|measurements|"
    r"codes?|photos?|images?)|lesions?|dermoscop\w*|dermatolog\w*|radiolog\w*|x-rays?|xrays?|"
    r"diagnos\w+|suspicious activity|"
    # people caught on camera or microphone
    r"(?:number|licen[cs]e|registration) plates?|passers-?by|pedestrians'? faces|faces of|"
    r"(?:people'?s|human|visible|identifiable) faces|bystanders?|human speech|voices? of"
)
NO_PERSONAL_DATA_CUES = (
    r"no personal data|no personally identifiable|anonymous data|"
    r"fully anonymi[sz]ed|no pii|non-personal|"
    r"(?:visitors|users|data) (?:are|is) anonymous"
)

SENSITIVE_ATTRIBUTE_CUES: dict[str, str] = {
    "age": r"age\b|date of birth|dob\b",
    "gender": r"gender|sex\b",
    "race/ethnicity": r"race\b|ethnicity|ethnic",
    "religion": r"religio\w+",
    "disability": r"disabilit\w+",
    "nationality": r"nationality|citizenship|immigration status",
    "marital status": r"marital status",
    "postcode (proxy)": r"post ?codes?|zip ?codes?",
    "health status": r"health status|diagnos[ie]s|medical condition",
    "sexual orientation": r"sexual orientation",
}

AFFECTS_PEOPLE_CUES = (
    r"credit\b|loans?\b|lending|underwrit\w+|mortgage|hiring|recruit\w*|"
    # 'candidates' alone is a recommender's word (the 500 candidates scored per request); it is
    # about people only when they apply for something
    r"job candidates|candidates? (?:for (?:a |the |each |an? )?(?:job|role|position|post|vacanc"
    r"\w+|interview)|appl(?:y|ies|ied|ying)|interview\w*)|shortlist\w* (?:of )?candidates|"
    r"resumes?|insurance (?:pricing|premiums?|claims?)|"
    r"claims? (?:approval|triage)|eligib\w+\b(?! (?:episodes?|items?|products?|ads?|listings?|slots?|"
    r"content|videos?|songs?|tracks?|documents?|pages?|offers?|skus?|inventory))|"
    r"approv\w+ or (?:deny|reject|decline)|"
    r"(?:deny|reject|decline|block)\w* (?:transactions?|applications?|claims?|users?|customers?|"
    r"payments?)|"
    # 'triage' and 'clinical' alone also name contact queues, repair intake and job titles
    # ("Clinical lead", "six triage agents"); they count when the subject is a patient's care
    r"diagnos\w+|(?:patient|clinical|medical|emergency|nurse|a&e|ed|symptom|hospital)[- ]triage|"
    r"triage (?:of )?(?:patients?|nurses?|calls? to (?:a |the )?(?:clinic|nurse|gp))|"
    r"treatment|patients?\b|admissions?|x-rays?|xrays?|pneumonia|"
    r"disease|cancer|tumou?rs?|sepsis|clinical (?:decisions?|care|deterioration|risk|"
    r"outcomes?|pathways?|assessments?|judgements?|review|follow-?up)|tenant screening|"
    r"benefits? (?:eligibility|fraud)|bail|parole|policing|welfare|"
    r"employees?\b[^.;]{0,60}?(?:performance|promotion|attrition|resign|retention)|"
    r"student (?:dropout|grading)|(?:students?|pupils?|learners?|trainees?) (?:\w+ ){0,2}?drop(?:ping|s|ped)? out\b|"
    r"drop(?:ping|s)? out (?:of )?(?:school|college|university|(?:the |a |their )?(?:course|programme|program|degree|apprenticeship))|dropouts?\b|"
    r"(?:students?|pupils?|learners?) (?:\w+ ){0,2}at[- ]risk|"
    r"at[- ]risk (?:students?|pupils?|learners?|youth|children|families|patients?|employees?)|"
    r"(?:advis[eo]rs?|counsel+ors?|caseworkers?|social workers?|teachers?|tutors?) "
    r"(?:can |will |could |to |then )?(?:reach out|contact|intervene|call|follow up)|fraud|anti-money[- ]laundering|aml\b|lesions?|melanoma|"
    r"dermatolog\w*|clinicians?|"
    # sanctions on a person's account, and people queued for a service
    r"(?:ban(?:s|ned|ning)?|mute[sd]?|muting|suspend\w*|block(?:s|ed|ing)?|lock(?:s|ed|ing)?|freez\w*|"
    r"frozen|clos(?:e|es|ed|ing)) (?:on )?(?:the |a |an |their |that )?(?:[\w'-]+ )?"
    r"(?:accounts?|players?|users?|members?|speakers?|sellers?|drivers?)\b|\bban (?:queue|list|wave)s?|"
    r"(?:hold|freez)\w* (?:the |a |their )?(?:redemptions?|payouts?|payments?|benefits?) for (?:manual )?"
    r"review|(?:charges?|fines?|penalt(?:y|ies)) on (?:their|the customer's|the household's) (?:next )?"
    r"(?:bill|account|statement)|job ?seekers?|claimants?|wait(?:ing)? ?list applicants?|"
    r"(?:agent|staff|employee|worker|driver|courier|adviser|advisor)s?'? (?:performance|qa|quality|"
    r"productivity) (?:scores?|reviews?|ratings?|evaluations?)"
)

# The predicted probability is itself the product (it is multiplied into a bid, a price or an
# expected value), so calibration, not a threshold, is what the metric must judge.
PROBABILITY_PRODUCT_CUES = (
    r"p-?ctr\b|p-?cvr\b|ctr\b|click[- ]through|clicks? (?:on )?(?:an |the )?ads?\b|ad clicks?|"
    r"bid(?:s|ding)?\b|auctions?\b|calibrated probabilit\w+|"
    r"probabilit\w+ (?:feeds?|drives?|sets?) (?:the )?(?:bid|price|premium)"
)

INTERPRETABILITY_HIGH_CUES = (
    r"explainab\w+|interpretab\w+|explanations?\b|"
    r"explain (?:each|every|why|how|the|its|their|decisions|predictions|scores)|"
    r"understand why|reason codes?|transparen\w+|regulators?\b|saliency|heat ?maps?|"
    r"feature attributions?|shap\b|"
    r"auditab\w+|adverse action|right to explanation|white-?box"
)
INTERPRETABILITY_LOW_CUES = (
    r"black[- ]box is fine|"
    r"interpretability (?:is )?not (?:needed|required)|"
    r"accuracy over explainability"
)

SERVING_CUES: list[tuple[ServingMode, str]] = [
    (
        ServingMode.EDGE,
        (
            r"on[- ]?device\b(?! (?:type|id|model|os|category|fingerprint))|"
            r"on the (?:phone|device|edge|watch)|edge\b|mobile app (?:offline|on device)|"
            # 'runs on a smartwatch', not 'churn of our smartwatch customers'
            r"(?:runs?|running|deployed|inference|scor\w+) (?:locally )?on (?:a |the |each |our )?"
            r"(?:phone|watch|smart ?watch|wearable|fitness tracker|earbud|hearing aid|camera|drone|"
            r"tablet)s?\b|"
            r"embedded device|offline on (?:the )?(?:phone|device)|raspberry|microcontroller|"
            r"jetson|coral tpu|in-store (?:device|box|server)|on the camera"
        ),
    ),
    (
        ServingMode.STREAMING,
        (
            # "a music streaming app" names a business, not a serving mode
            r"(?<!music )(?<!video )(?<!audio )stream(?:ing|s)?\b(?! (?:app|service|platform|site|"
            r"company|business|provider|music|video|tv))|"
            r"kafka|kinesis|pub/?sub|flink|"
            r"as (?:\w+ ){0,2}(?:arrive|come in|are (?:created|submitted|posted))|event-driven|"
            r"near[- ]real[- ]time|"
            r"alerts?\b[^.;\n]{0,40}within (?:a|one|\d+|a few) (?:seconds?|minutes?)\b"
        ),
    ),
    (
        ServingMode.REALTIME,
        (
            r"real[- ]?time|online (?:inference|prediction|scoring)|at checkout|"
            r"at (?:page ?load|login|authori[sz]ation|order time|the moment)|"
            r"during (?:the )?(?:call|session|checkout|login|request)|"
            r"in the (?:\w+ )?request(?: path)?|per request|instant\w*|synchronous\w*|"
            r"low[- ]latency|"
            r"p9\d\b|within \d+ ?ms|api\b"
        ),
    ),
    (
        ServingMode.BATCH,
        (
            r"batch|nightly|overnight|scheduled|"
            r"(?:hourly|daily|weekly|monthly) (?:scoring|runs?|jobs?|lists?|reports?|forecasts?|"
            r"dashboards?|refresh|exports?)|"
            r"once (?:a|per|every) (?:day|week|month)|"
            r"(?:every|each) (?:day|night|morning|week|month|monday|tuesday|wednesday|thursday|"
            r"friday|saturday|sunday)"
        ),
    ),
]

TIME_ORDER_CUES = (
    r"time[- ]series|forecast\w*|transactions?|txns?|events?|logs?\b|clickstream|"
    r"history|historical|over time|timestamps?|daily|weekly|monthly|sessions?|"
    r"churn\w*|will (?:\w+ ){0,3}(?:leave|cancel|default|fail|buy|return|resign)|"
    r"next \d+ (?:days|weeks|months)|within \d+ (?:days|weeks|months)|sensor|"
    r"telemetry|readings|claims|orders|visits|appointments|admissions|readmission|"
    r"renewals?|failures?|maintenance|subscriptions?|(?:net)?flows?\b|packets|"
    r"network traffic|alerts|commits|(?:over|for|during) (?:the )?(?:last |past )?\d+ (?:years|months)|\d+[- ]day\b|trips|rides|bookings|deliveries|shipments|"
    r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d|since (?:19|20)\d\d|"
    r"past (?:sales|listings|transactions|orders|bookings|loans|applications|prices|data)|"
    r"(?:credit|loan|card|mortgage) applications?|bad rates?|performance window|vintages?\b|"
    r"sold (?:homes|houses|properties|listings)|sale prices?"
)
# A signal cut into fixed windows that are classified one by one: the windows are the rows and
# their order does not matter (their source does: see the group key).
WINDOWED_SIGNAL_CUES = (
    r"(?:cut|split|segmented|sliced|chopped|divided|broken) into (?:[\w-]+ ){0,2}?(?:windows|"
    r"segments|epochs)\b|"
    r"(?:per|each|every) (?:[\w-]+ )?(?:window|segment|epoch) (?:is )?(?:classified|labell?ed)"
)
NO_TIME_ORDER_CUES = (
    r"no time (?:order|component|dependence)|not (?:\w+ )?time[- ]ordered|"
    r"not ordered (?:in|by) time|static snapshot|i\.?i\.?d\.?\b"
)

# Entity whose rows must stay together; first match wins.
GROUP_KEY_CUES: list[tuple[str, str]] = [
    (
        "patient_id",
        r"patients?\b|x-rays?|xrays?|(?:ct|mri|pet|medical|brain|chest|lung|head|knee|spine|"
        r"cardiac|body|retinal|oct|ultrasound|dental) scans?\b|mri\b|radiograph\w*|mammogra\w*|"
        r"ecgs?\b|clinical",
    ),
    (
        "speaker_id",
        r"(?<!smart )(?<!bluetooth )(?<!wireless )speakers?\b(?!'s)|voice donors?|"
        r"(?:participants|volunteers) record\w*",
    ),
    (
        "device_id",
        r"devices?\b|machines?\b(?! learning)|sensors?\b|turbines?\b|vehicles?\b|pumps?\b|"
        r"compressors?\b|electric motors?\b|gearboxes?\b|robots?\b|assets?\b|"
        r"(?:jet|aircraft|car|truck|diesel) engines?\b",
    ),
    ("video_id", r"videos?\b|video frames?"),
    ("recording_id", r"recordings?\b|(?:audio|sound) clips?\b"),
    (
        "store_sku_series",
        r"(?<!app )stores?\b[^.;\n]{0,40}\b(?:skus?|products?)\b|"
        r"(?:skus?|products?)\b[^.;\n]{0,40}\b(?<!app )stores?\b",
    ),
    (
        "card_or_account_id",
        r"card ?holders?|(?<!id )(?<!identity )cards?\b|accounts?\b|merchants?\b",
    ),
    (
        "customer_id",
        r"customers?\b|subscribers?\b|clients?\b|policyholders?|borrowers?|members?\b|crm",
    ),
    ("user_id", r"users?\b|players?\b|visitors?\b|listeners?\b|viewers?\b"),
    ("query_id", r"quer(?:y|ies)\b|search(?:es)?\b"),
    ("document_id", r"documents?\b|articles?\b"),
    ("repository_id", r"repos?\b|repositories|codebases?"),
    ("employee_id", r"employees?\b|staff\b"),
    (
        "site_id",
        r"sites?\b|hospitals?\b|branches?\b|warehouses?\b|substations?\b|stations?\b|power plants?\b",
    ),
]

# Scored: the domain with the most cue hits wins, ties go to the earlier row.
DOMAIN_CUES: list[tuple[str, str]] = [
    ("payments", r"fraud|payments?|card ?holders?|transactions?|txns?|chargebacks?|merchants?"),
    ("lending", r"credit\b|loans?\b|lending|mortgage|underwrit\w+|default|borrowers?"),
    (
        "healthcare",
        r"patients?|clinical|clinicians?|hospital|clinics?\b|care homes?|nursing homes?|medical|health|"
        r"diagnos\w+|radiolog\w+|x-rays?|xrays?|"
        r"dermat\w+|dermoscop\w+|lesions?|melanoma",
    ),
    ("insurance", r"insurance|claims?\b|policyholders?|premiums?|underwriting"),
    ("subscription", r"churn|subscri\w+|saas|telco|telecom|streaming service|renewals?"),
    (
        "retail",
        r"retail|e-commerce|ecommerce|skus?\b|products\b|(?<!app )stores?\b|shoppers?|basket|inventory|demand\b|"
        r"marketplace|sellers?|fashion|stock-outs?",
    ),
    (
        "manufacturing",
        r"manufactur\w+|factory|machines?\b(?! learning)|sensors?|predictive maintenance|defects?|"
        r"production line|steel|cnc\b|industrial|pumps?\b|compressors?\b",
    ),
    (
        "customer support",
        r"support tickets?|helpdesk|help desk|customer service|call cent(?:er|re)",
    ),
    ("advertising", r"ads?\b|advertis\w+|click[- ]through|ctr\b|campaigns?"),
    ("gaming", r"games?\b|gaming|gamers?|players?\b|in-app purchases"),
    ("media", r"articles?|news|videos?|songs?|music|movies?|podcasts?|content feed"),
    (
        "hr",
        r"hiring|recruit\w+|employees?|attrition|job candidates|candidates\b(?! (?:from|per))|"
        r"works council",
    ),
    ("logistics", r"deliver(?:y|ies)|shipments?|logistics|routes?\b|eta\b|fleet"),
    ("energy", r"energy|electricity|grid\b|power load|solar|wind\b|substations?"),
    (
        "software",
        r"software|code (?:review|changes)|commits?\b|pull requests?|repos?\b|repositories|"
        r"bugs?\b|ci/cd",
    ),
    ("security", r"intrusion|network traffic|cyber|malware|login attempts|netflow|soc\b"),
    (
        "real estate",
        r"real[- ]estate|house prices?|houses?\b|homes?\b|apartments?\b|listings?\b|property|properties|rent(?:al)?s?\b",
    ),
]
