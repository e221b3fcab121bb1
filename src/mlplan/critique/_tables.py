"""How authors name plan sections, as data: heading synonyms, content cues, field labels.

Extend these tables, not the code that reads them. Patterns are lower-case regular
expressions matched against lower-cased text; heading patterns see the heading with its
numbering, markup and trailing colon removed ('3.2 Model:' -> 'model').
"""

from __future__ import annotations

import re

from mlplan.domain import Section

S = Section

# fmt: off
HEADING_SYNONYMS: dict[Section, tuple[str, ...]] = {
    S.PROBLEM_FRAMING: (
        r"problem", r"background", r"context", r"motivation", r"pain ?points?", r"opportunity",
        r"current (?:state|situation|process|solution|approach)", r"market", r"personas?",
        r"stakeholders?", r"business case", r"use cases?", r"alternatives?", r"scope",
        r"non-?goals?", r"purpose", r"intended use", r"as[- ]is", r"why (?:we|now|this|it|ml)",
        r"framing", r"clarif\w*", r"what we(?:'re| are) solving", r"where we are",
    ),
    S.OVERVIEW: (
        r"overview", r"summary", r"tl;? ?dr", r"abstract", r"introduction", r"goals?",
        r"objectives?", r"aims?", r"success", r"kpis?", r"proposal", r"vision", r"mission",
        r"(?:business|product|functional|non-functional) requirements", r"outcomes?",
        r"(?:the )?idea", r"constraints",
    ),
    S.DATA: (
        r"data(?! (?:drift|quality monitoring))", r"datasets?", r"data ?sources?", r"labels?",
        r"label(?:l)?ing", r"annotation", r"privacy", r"data protection", r"governance",
        r"compliance", r"pii", r"security", r"population", r"ground truth", r"provenance",
    ),
    S.FEATURES: (
        r"features?(?! flags?)", r"feature engineering", r"signals", r"pre-?processing",
        r"inputs?", r"variables", r"variable selection", r"feature store", r"preparation",
        r"what the model (?:sees|uses|knows)",
    ),
    S.MODEL: (
        r"model(?:l?ing)?(?! (?:monitoring|serving|deployment|evaluation|training|validation|"
        r"performance|registry|health|rollout|maintenance|risk))",
        r"approach", r"method(?:ology|s)?", r"algorithms?", r"baselines?", r"candidates?",
        r"architecture", r"solution", r"technical design", r"high-level design",
    ),
    S.TRAINING: (
        r"training", r"train", r"(?<!online )experiments?(?! design)", r"experimentation",
        r"splits?", r"splitting", r"cross[- ]validation", r"reproducibility", r"tuning",
        r"hyper-?parameters?", r"development(?: and validation)? design",
        r"offline experiments?", r"validation design", r"backtesting",
    ),
    S.EVALUATION: (
        r"evaluation", r"evals?", r"evaluat(?:e|ing)", r"metrics?", r"measur(?:e|ing|ement)", r"testing",
        r"validation(?! design)", r"a/?b test(?:ing)?", r"experiment design", r"fairness",
        r"bias", r"results", r"acceptance criteria", r"offline evaluation", r"performance",
        r"online (?:tests?|experiments?)", r"(?:know|see) (?:if |whether )?it works",
        r"how we(?:'ll| will)? (?:know|measure|evaluate|test|check|validate)(?: (?:it|this))?",
    ),
    S.DEPLOYMENT: (
        r"deploy(?:ment)?", r"serving", r"go(?:ing)?[- ]live", r"launch", r"roll-?out",
        r"release", r"productioni[sz]ation", r"production", r"inference", r"infrastructure",
        r"integration", r"system design", r"api", r"roll-?back", r"operationali[sz]ation",
        r"implementation", r"getting it (?:into|live|out)", r"operations",
        r"rolling (?:it |this )?out", r"running it", r"putting it (?:to work|into use)",
        r"using the (?:list|scores?|model|forecasts?|predictions?)", r"using it", r"in use",
        r"how (?:it|the model) (?:is|will be|gets) used", r"running on the (?:line|floor|site)",
    ),
    S.MONITORING: (
        r"monitoring", r"observability", r"alert(?:s|ing)?", r"maintenance", r"re-?training",
        r"ml ?ops", r"operations", r"post[- ]launch", r"model health", r"drift", r"run ?book",
        r"on-?call", r"keep(?:ing)? it (?:healthy|working|running|alive|honest)",
        r"ongoing (?:checks|monitoring|care)", r"after (?:launch|go-?live)",
        r"(?:checking|watching) (?:on )?(?:it|the (?:model|forecasts?|scores?))",
        r"keep(?:ing)? an eye on (?:it|the model)", r"is it (?:still )?working",
    ),
    S.TIMELINE: (
        r"timeline", r"milestones?", r"schedule", r"road ?map", r"(?:project|work|delivery) plan",
        r"phases?", r"risks?", r"team", r"resourcing", r"staffing", r"next steps",
        r"deliverables", r"estimates?", r"budget", r"dependencies",
    ),
}
# fmt: on
"""Section -> words authors use for it in headings. A heading may name two ('Data and features')."""

IGNORED_HEADINGS = re.compile(
    r"^(?:open questions?|questions|faq|references?|sources|bibliography|appendix\b.*|"
    r"glossary|change ?log|revision history|(?:table of )?contents|toc|reviewers?|approvals?|"
    r"sign-?off|authors?|status|notes?|links|related (?:work|docs?|documents)|"
    r"acknowledge?ments?|document (?:history|control)|meta(?:data)?|"
    r"candidate|interviewer|interviewee|q|a|question|answer)$"
)
"""Headings whose content is not part of the plan: their text feeds no section. Speaker
labels of an interview ('**Candidate:** …') are not headings: the question sets the topic."""

HEADING_EXACT: dict[str, Section] = {
    "what": S.OVERVIEW, "intro": S.OVERVIEW, "why": S.PROBLEM_FRAMING, "users": S.PROBLEM_FRAMING,
    "user": S.PROBLEM_FRAMING, "who": S.PROBLEM_FRAMING, "how": S.MODEL, "design": S.MODEL,
    "when": S.TIMELINE, "plan": S.TIMELINE, "ops": S.MONITORING, "ask": S.OVERVIEW,
    "requirements": S.OVERVIEW, "use": S.PROBLEM_FRAMING,
}  # fmt: skip
"""Generic words that name a section only when they are the whole heading ('why', not 'why now')."""

METADATA_LABELS = re.compile(
    r"owners?|authors?|status|reviewers?|version|date|last updated|contact|doc(?:ument)? owner|"
    r"approvers?|team|created|updated|stakeholders?|dri|pm|tech lead|drafted by|written by|"
    r"from|to|cc|bcc|subject|sent|re|fwd?"
)
"""'Owner: ...' lines of a document header: about the document, not the plan."""

CONTENT_CUES: dict[Section, str] = {
    S.PROBLEM_FRAMING: (
        r"\bproblem\b|\btoday\b|\bcurrently\b|\bmanual(?:ly)?\b|\bpain\b|\bcosts? us\b|"
        r"\bwe lose\b|\bcomplain\w*|\bopportunit\w+|\bbackground\b|\bmisrout\w+|\bbottleneck"
    ),
    S.OVERVIEW: (
        r"\bgoal\b|\bobjective\b|\bwe want to\b|\baim\b|\bsuccess\b|\bthis (?:doc|document|plan) "
        r"(?:proposes|describes)|\bin summary\b|\bkpi\b"
    ),
    S.DATA: (
        r"\bdata(?:set)?\b|\btables?\b|\bwarehouse\b|\brows\b|\brecords\b|\bcolumns\b|\blabels?\b|"
        r"\bpii\b|\bpersonal data\b|\bgdpr\b|\bsnapshots?\b|\bhistory\b|\bcollected\b|\blogs\b|"
        r"\bretention\b|\bpseudonymi\w+|\banonymi\w+"
    ),
    S.FEATURES: (
        r"\bfeatures?\b|\bfeature engineering\b|\bencod\w+|\bone-?hot\b|\bembeddings?\b|"
        r"\baggregat\w+|\bnormali[sz]\w+|\bimput\w+|\blag(?:ged)?\b|\btf-?idf\b"
    ),
    S.MODEL: (
        r"\bmodel family\b|\bxgboost\b|\blightgbm\b|\bcatboost\b|\blogistic regression\b|"
        r"\brandom forest\b|\bneural\b|\bbert\b|\btransformer\b|\bgradient[- ]boost\w*|"
        r"\bbaseline\b|\balgorithm\b|\barchitecture\b|\bcandidates?\b|\bfine-?tun\w+"
    ),
    S.TRAINING: (
        r"\btrain(?:ing|ed)?\b|\bsplit\b|\bcross-?validation\b|\bk-?fold\b|\b\d+-fold\b|"
        r"\bhyper-?parameters?\b|\btun(?:e|ing)\b|\bseeds?\b|\bmlflow\b|\boptuna\b"
    ),
    S.EVALUATION: (
        r"\bmetrics?\b|\bevaluat\w+|\bprecision\b|\brecall\b|\bauc\b|\bf1\b|\baccuracy\b|"
        r"\brmse\b|\bmae\b|\bndcg\b|\bthreshold\b|\bholdout\b|\btest set\b|\ba/b\b|\bslices?\b|"
        r"\bfairness\b|\bconfidence interval"
    ),
    S.DEPLOYMENT: (
        r"\bdeploy\w*|\bserv(?:e|ed|ing)\b|\bendpoint\b|\bapi\b|\blatency\b|\brollout\b|"
        r"\bcanary\b|\bshadow\b|\brollback\b|\bfallback\b|\bkubernetes\b|\bbatch job\b|"
        r"\bgo-?live\b|\bin production\b"
    ),
    S.MONITORING: (
        r"\bmonitor\w*|\bdrift\b|\balerts?\b|\bretrain\w*|\bdashboards?\b|\bon-?call\b|\bdegrad\w+"
    ),
    S.TIMELINE: (
        r"\bweeks?\b|\bmonths?\b|\bmilestones?\b|\bsprints?\b|\bphases?\b|\bq[1-4]\b|"
        r"\bdeadline\b|\btimeline\b|\brisks?\b"
    ),
}
"""Section -> words that give a paragraph away when the document has no usable heading."""

HEADING_HINTS: tuple[tuple[str, str], ...] = (
    (r"(?:\w+ )?(?:success(?: criteria| metrics?| measures)?|acceptance criteria|definition of "
     r"done|kpis?)", "overview.success_criteria"),
    (r"(?:out of scope|non-?goals?|not in scope)(?: uses?)?", "problem_framing.out_of_scope_use"),
    (r"(?:\w+ )?alternatives?(?: considered)?", "problem_framing.alternatives"),
    (r"(?:key )?milestones?|(?:plan|timeline|schedule) and milestones", "timeline.milestones"),
    (r"(?:key |main |top )?risks?(?: and mitigations?| register| & mitigations?)?", "timeline.risks"),
)  # fmt: skip
"""Headings that are one list ('Success criteria', 'Risks'): each bullet is an item of that
field. Matched against the whole heading: 'Governance, risks and timeline' is not a risk list."""

FIELD_LABELS: tuple[tuple[str, str], ...] = (
    (r"primary metric|main metric|success metric|north star|metrics?", "evaluation.primary_metric"),
    (r"baseline", "evaluation.baseline"),
    (r"split|validation strategy|train/test", "training.split.rationale"),
    (r"roll-?back", "deployment.rollback.mechanism"),
    (r"fall-?back", "deployment.fallback"),
    (r"roll-?out|launch plan|release plan", "deployment.rollout.stages"),
    (r"(?:data )?drift|monitoring", "deployment.monitoring.data_drift"),
    (r"performance monitoring|model monitoring", "deployment.monitoring.performance"),
    (r"re-?training|refresh", "deployment.retraining.frequency"),
    (r"quality gate|promotion criteria", "deployment.quality_gate"),
    (r"serving|platform|infrastructure|deployment|hosting", "deployment.platform"),
    (r"cost|budget", "deployment.cost_estimate"),
    (r"(?:ml |primary )?model|algorithm|model family", "model.primary.name"),
    (r"data sources?|sources|data|datasets?", "data.sources"),
    (r"(?:data )?volume|size", "data.volume_summary"),
    (r"labels?|label(?:l)?ing|ground truth", "data.labelling.source"),
    (r"retention", "data.privacy.retention"),
    (r"lawful basis|legal basis|consent", "data.privacy.lawful_basis"),
    (r"deletion|erasure", "data.privacy.deletion"),
    (r"encryption", "data.privacy.encryption"),
    (r"access(?: control)?", "data.access_control"),
    (r"provenance", "data.provenance"),
    (r"features?|inputs?", "features.features"),
    (r"problem(?: statement)?", "problem_framing.problem_statement"),
    (r"business problem|background|overview|summary|context", "overview.business_problem"),
    (r"(?:ml )?objective|goal|aim", "overview.ml_objective"),
    (r"success(?: criteria)?|kpis?|acceptance criteria", "overview.success_criteria"),
    (r"(?:expected )?impact|benefits?", "overview.expected_impact"),
    (r"stakeholders?|users?|audience", "overview.stakeholders"),
    (r"slices?|segments?", "evaluation.slices"),
    (r"confidence intervals?", "evaluation.confidence_intervals"),
    (r"timeline|schedule|phases?|duration", "timeline.phases"),
    (r"milestones?|deadline|go-?live date|launch date", "timeline.milestones"),
    (r"risks?", "timeline.risks"),
    (r"team|owner|staffing", "timeline.team"),
)
"""'Label: value' lines whose value is a template placeholder -> the plan field it fills.

The value is kept as written, so S02 reports the placeholder at this line.
"""
