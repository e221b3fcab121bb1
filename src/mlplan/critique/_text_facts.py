"""Facts that are a sentence the plan states, as data: field, cue pattern, where to look.

Most of what the rules read from a human plan is 'does the plan say how it does X, and in
what words': a retention period, a fallback, a drift check. Each row names the plan field,
the cue that gives such a sentence away, the sections to read first and whether a hedged
sentence ('we might add a fallback later') counts. The sentence itself, as written, becomes
the field's value, so a rule that quotes the field quotes the author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document, asked_before
from mlplan.domain import Evidence, Section

S = Section


@dataclass(frozen=True, slots=True)
class TextFact:
    path: str
    pattern: str
    scopes: tuple[Section, ...] = ()
    anywhere: bool = True
    firm: bool = False
    """A commitment: a hedged sentence ('might', 'later', 'TBD') does not count."""
    many: int = 0
    """A list field: up to this many sentences (0: a single text field)."""
    context: str | None = None
    """Outside ``scopes``, the sentence must also match this (drift in monitoring, not selection)."""
    whole_item: bool = False
    """Quote the whole bullet or paragraph, not just the sentence (a note may follow the fact)."""
    require: str | None = None
    """Every sentence must also match this (a metric named in deployment text counts as
    monitoring only next to 'tracked', 'weekly', 'drops below'...)."""
    clause_only: bool = False
    """Quote only the clause: 'early stopping on validation AUC, and the test set is used once'
    must not read as early stopping on the test set."""
    reject: str | None = None
    """A sentence that also matches this is not the fact ('segments are assigned at random to
    train and test' is a split, not a random holdout of production decisions)."""


_DATA = (S.DATA,)
_OPS = (S.MONITORING, S.DEPLOYMENT)
_MONITOR_CONTEXT = (
    r"\bmonitor\w*|\balert\w*|\bdashboard|\b(?:daily|weekly|hourly|nightly|scoring) (?:job|run|check)|"
    r"\bin production|\bonce live|\bserved\b|\bserving\b|\bpost-launch|\bafter launch|\blive traffic"
)

_NOT_A_HOLDOUT = (
    r"\b(?:split|splits|folds?|train(?:ing)?(?: set)?|test(?: set)?|validation)\b[^.;]{0,50}?"
    r"\bat random\b|\b(?:at random|randomly)\b[^.;]{0,50}?\b(?:to|into|between) (?:the )?(?:train"
    r"\w*|test\w*|validation|folds?)\b|\b(?:replac|drop|retir|stop|end|scrap)\w* (?:the |our |that )?"
    r"(?:[\w-]+ )?random|\b(?:at the moment|currently|today|until now|so far)\b|\bbaselines?\b|"
    r"\bcurrent (?:rule|process|practice)|\bpilot\b"
)
"""A random split, a random sample being replaced, today's practice or the baseline it
describes, or a time-boxed pilot: not a randomised holdout kept in production."""

_SERVING_CONTEXT = (
    r"\b(?:scor(?:e|es|ed|ing)|serv(?:e|es|ed|ing)|deploy\w*|inference|predictions? (?:are|is) "
    r"(?:written|pushed|published|sent))\b"
)
"""Outside the deployment section, a platform counts in a sentence about scoring or serving (a
memo without headings says 'scoring is a nightly batch job that writes to the planning tool')."""

_MODEL_STORE = (
    r"regist|\bmodels?\b|\bversion|promot|alias|\bstag(?:e|es|ing)\b|artefact|artifact|\btag|"
    r"release|weights|checkpoint"
)
"""A registry or version word names where models are kept only in a sentence about models: 'git
sha logged to MLflow per run' tracks experiments, it does not version the served model."""

_LABEL_SOURCE = (
    r"\b(?:[\w'-]+ )?(?:audit\w*|re-?grad\w*|reviews?|inspections?|records|assessments?|checks|"
    r"readings|measurements?|questionnaires?|screenings?|panel|officers?|experts?|lab|adjudicat\w*|"
    r"decisions|verdicts|outcomes)\b"
)
"""What judges the test rows when it is not the training labels' process: a lab's re-grading,
the managers' paper audits, the nursing intervention records, an expert panel."""

# fmt: off
TEXT_FACTS: tuple[TextFact, ...] = (
    # overview
    TextFact("overview.ml_objective",
             r"\bml (?:objective|task|goal)|\bprediction target|\bthe model (?:will |should |would )?"
             r"(?:predicts?|classif\w+|estimates?|forecasts?|ranks?|recommends?|scores?|detects?|"
             r"flags?|outputs?|assigns?)\b|\bwe (?:will |want to |plan to |aim to |need to |"
             r"propose to )?(?:predict|classify|estimate|forecast|rank|recommend|detect|flag|"
             r"auto-?assign|score)\b|\b(?:goal|objective|aim|ml|model|task)\s*(?:is|:)\s*(?:to )?"
             r"(?:predict|classify|estimate|forecast|rank|recommend|detect|flag|score|identify|assign|"
             r"auto-?assign|categori[sz]e|route)\w*\b|\bto (?:predict|classify|estimate|forecast|"
             r"rank|recommend|detect|flag|score|identify|auto-?assign|categori[sz]e|route)\w*\b|"
             r"\bpropos\w+ "
             r"(?:a|an) [\w -]{0,30}?(?:classifier|model|forecast\w*|ranker|recommender|regressor|"
             r"detector)\b|\breplac\w+ (?:the )?[\w -]{0,40}? with (?:a|an) [\w -]{0,40}?model\b|"
             r"\bthe model (?:will )?(?:act as|grades?|triages?|screens?|reads?|tags?|routes?|"
             r"prioriti[sz]es?|extracts?|segments?|summari[sz]es?|generates?)\b",
             (S.OVERVIEW, S.PROBLEM_FRAMING)),
    TextFact("overview.ml_objective",
             r"\b(?:predict|classify|estimate|forecast|rank|recommend|detect|flag|auto-?assign|"
             r"identify|score|categori[sz]e|route)\w*\b", (S.OVERVIEW, S.PROBLEM_FRAMING),
             anywhere=False),
    TextFact("overview.success_criteria",
             r"\bsuccess(?: criteria| criterion| metrics?| means| looks like| is| will be|\s*[:=])|"
             r"\bsuccess(?: [\w-]+){1,2}\s*:|"
             r"\bdefinition of (?:done|success)|\b(?:go-live|launch|acceptance|exit|release) "
             r"criteria|\bwe(?:'ll| will) (?:consider|call|deem) (?:it|this|the project) (?:a )?"
             r"success|\bsucceeds? if\b|\bsuccessful if\b|\btarget(?:\s+[\w@-]+){0,2}\s*(?:≥|>=|>|=|of|:)\s*\d|\b(?:goals?|targets?|"
             r"kpis?|objectives?)(?: [\w-]+){0,2}\s*:(?=[^\n.;]"
             r"{0,80}\d)|\bwe (?:target|aim (?:for|at|to)|commit to)\b(?=[^\n.;]{0,40}?[+-]?\d)",
             (S.OVERVIEW,), many=4),
    TextFact("overview.expected_impact",
             r"\bexpected (?:impact|benefits?|value|savings?)|\b(?:save|saves|saving|reduce|"
             r"reduces|reducing|cut|cuts|increase|increases|increasing|lift|lifts|improve|"
             r"improves|improving|grow|grows|boost|lower|lowers|prevent|prevents|recover)(?![\w-])"
             r"[^.;\n]{0,60}?(?:\d|%|\$|€|£)|\b\d[\d,.]*\s*[km]?\s*(?:more|fewer|additional|extra) "
             r"(?:saved|retained|customers|conversions|sales|bookings|users)",
             (S.OVERVIEW, S.PROBLEM_FRAMING), anywhere=False),
    # an impact the author expects, wherever a memo or interview states it
    TextFact("overview.expected_impact",
             r"\b(?:we |i )?(?:expect|think|estimate|project|anticipate|believe)\w*\b[^.;\n]{0,80}?"
             r"\b(?:drop|fall|cut|reduce|decrease|rise|increase|improve|lift|save|grow)\w*\b[^.;\n]{0,40}?"
             r"\bby (?:about |around |roughly |~\s?|up to |some )?\d+(?:\.\d+)?\s?%",
             (S.OVERVIEW, S.PROBLEM_FRAMING)),
    # how the impact will be shown, when that is a before/after comparison: the claim M11 asks
    # a randomised test for ('compare the falls rate in the pilot homes with the same homes
    # last winter', 'the quarter before go-live with the quarter after')
    TextFact("overview.expected_impact",
             r"\b(?:compar\w+|measur\w+|confirm\w*|judg\w+|attribut\w+|evaluat\w+|assess\w*)\b"
             r"[^.;\n]{0,120}?\b(?:before (?:and|vs\.?|versus) after|(?:the )?(?:quarter|month|year|"
             r"period|weeks?|months?|season) (?:before|after|since) (?:the )?(?:go-?live|launch|"
             r"roll-?out|pilot)|after go-?live|(?:with|against|to|versus|vs\.?) (?:the )?(?:average "
             r"of (?:the )?)?(?:previous|prior|preceding|same) (?:[\w-]+ ){0,3}?(?:months?|weeks?|"
             r"quarters?|years?|winters?|summers?|seasons?|period)|(?:last|previous) (?:winter|summer|"
             r"year|season)\b|pre[-/ ](?:and[- ])?post|year[- ]on[- ]year|(?:quarter|month|year|period|"
             r"week|season) before (?:with|and|vs\.?|versus|to) (?:the )?(?:[\w-]+ )?(?:quarter|month|"
             r"year|period|week|season) after|(?:19|20)\d\d\b[^.;\n]{0,60}?\b(?:with|against|to|vs\.?|"
             r"versus) (?:the )?(?:[\w-]+ ){0,2}?(?:19|20)\d\d\b)",
             reject=r"\bdrift|\bdistributions?\b|\bpsi\b|\bforecasts?\b|\bbaselines?\b|\bnaive\b|"
             r"\btrain\w*|\bbacktest|\bhold(?:s|ing)? out\b|\bvalidat\w*|\bsplit"),
    # the same claim with no verb of comparing: 'success = complaints down 25% vs last year's
    # Mar-Jun', 'water meter total for May-Sept 2025 vs May-Sept 2024', 'revenue was up 14% on
    # August 2023'
    TextFact("overview.expected_impact",
             r"\b(?:success|goal|target|kpi|win)\w*\s*(?:=|:|is|means|will be)[^.;\n]{0,100}?\b(?:vs\.?|"
             r"versus|compared (?:with|to)|against|than) (?:the )?(?:same (?:[\w-]+ ){0,2}?)?(?:last|"
             r"previous|prior) (?:year|season|winter|summer|quarter|month)(?:'s)?\b|"
             r"\b(?:up|down|rose|fell|increased|decreased|grew|dropped)\s+(?:by\s+)?\d+(?:\.\d+)?\s*%\s+"
             r"(?:on|vs\.?|versus|against|compared (?:with|to)) (?:the )?(?:same (?:[\w-]+ )?)?"
             r"(?:[a-z]+ )?(?:19|20)\d\d\b|"
             r"\b(?:total|revenue|spend|usage|use|consumption|sales|complaints|bookings|volume)\b"
             r"[^.;\n]{0,40}?(?:19|20)\d\d\s*(?:vs\.?|versus|against|compared (?:with|to))\s*"
             r"(?:[\w–-]+ )?(?:19|20)\d\d\b",
             reject=r"\bdrift|\bdistributions?\b|\bpsi\b|\bforecasts?\b|\bbaselines?\b|\bnaive\b|"
             r"\btrain\w*|\bbacktest|\bhold(?:s|ing)? out\b|\bvalidat\w*|\bsplit|\berror\b|\bmae\b|"
             r"\brmse\b|\bmape\b|\baccuracy\b"),
    TextFact("problem_framing.intended_use",
             r"\bintended (?:use|for|to be used)|\b(?:the model|it|this model|scores?|outputs?|"
             r"predictions?|the list|the forecast) (?:is|are|will be) (?:only )?used (?:only )?(?:for|"
             r"to|by)|\bused only (?:for|to)|\bin scope\s*:|\bscope\s*[:|]\s*[\w-]",
             (S.PROBLEM_FRAMING, S.OVERVIEW)),
    TextFact("problem_framing.out_of_scope_use",
             r"\bout of scope|\bnot in scope|\bnon-?goals?|\b(?:model|it|scores?|outputs?|"
             r"predictions?|system|this|the list)\s+(?:is|are|will|must|should)\s+not\s+(?:be\s+)?"
             r"(?:used|intended|meant|designed)\s+(?:for|to|in)|\bdoes not (?:set|decide|replace|make|"
             r"change|override|drive)\b|\bnot for (?:use in |measuring |deciding )?[\w-]+",
             (S.PROBLEM_FRAMING, S.OVERVIEW), many=3),
    TextFact("data.volume_summary",
             r"\b\d[\d,.]*\s*(?:k|m|mn|bn|b|thousand|million|billion)?\+?\s+(?:[\w-]+\s+){0,2}?"
             r"(?:rows|records|samples|examples|events|transactions|images|documents|tickets|"
             r"customers|users|loans|claims|sessions|orders|snapshots|observations|accounts|"
             r"patients|reviews|emails|messages|calls|clips|recordings|scans|photos|labell?ed \w+)\b",
             _DATA),
    TextFact("data.privacy.lawful_basis",
             r"\blawful basis|\blegal basis|\blegitimate[- ]interests?\b|\bpublic task\b|\bstatutory "
             r"(?:basis|duty|authority|function|power)|\bpermitted under\b|\bauthori[sz]ed (?:by|under) "
             r"(?:the |our )?(?:[\w-]+ ){0,3}(?:act|law|statute|regulations?|provisions?)\b|\b(?:explicit |informed )?"
             r"consent(?:ed)?\b|\bcontractual necessity|\bperformance of (?:a|the) contract|"
             r"\b(?:contracts?|terms|agreements?|addend(?:um|a)) (?:\w+ ){0,2}?(?:allow|allows|permit|"
             r"permits|cover|covers)\b|\bopted[- ]in\b|\b(?:allowed|permitted) (?:by|under) (?:the |our |"
             r"their )?(?:[\w-]+ ){0,2}(?:contracts?|terms|agreements?|addend(?:um|a)|licen[cs]es?)\b|"
             r"\blegal obligation|\bart(?:icle|\.)? ?[69] ?\(\d\)|\b(?:required|mandated|provided for) (?:by|in|"
             r"under) (?:the )?(?:[\w-]+ ){0,5}?(?:act|code|law|statute|regulations?|directive)\b", _DATA),
    TextFact("data.privacy.minimisation",
             r"\bminimi[sz]\w*|\b(?:fields?|columns?|attributes?|names?|addresses|identifiers|ids?|"
             r"details|data|numbers?|codes?|text|notes|records|dates?|logs?|tables?)\b[^.;\n]{0,30}?"
             r"\b(?:are|is) not (?:extracted|pulled|collected|stored|ingested|kept|exported|used|"
             r"modell?ed)|\bnot (?:extracted|pulled|collected) at all|\bonly "
             r"(?:the )?(?:fields|columns|attributes|data) (?:we|that we|the model) need|\b(?:drop|"
             r"remove|strip|exclude)\w* (?:all |the )?(?:direct )?(?:identifiers|pii|personal "
             r"(?:data|fields))|\b(?:do not|don't|never|not) (?:use|extract|collect|store|keep|model|"
             r"ingest|pull)\b[^.;\n]{0,40}?\b(?:names?|addresses|contact|identifiers|e-?mails?|phone|"
             r"personal)|\bno (?:names?|addresses|e-?mails?|phone numbers?|identifiers|contact "
             r"details|demographics)\b|\b(?:names?|addresses|contact details|identifiers|e-?mails?|"
             r"phone numbers?)\b[^.;]{0,40}?\b(?:which|that)\s+(?:we\s+)?(?:do not|don't|never|will not|"
             r"won't|are not|is not)\s+(?:\w+\s+)?(?:extract|collect|store|keep|model|use|ingest|pull)\w*|"
             r"\bnone(?<!almost none)(?<!nearly none) of (?:this|these|it|them) (?:enters|reaches|goes into|is "
             r"(?:copied|extracted|kept))\b|\bno (?:[\w-]+ )?(?:records|rows|data|details)\b[^.;]{0,60}?\b(?:leaves?|enters?|"
             r"reach(?:es)?)\b|\bonly (?:extract|pull|keep|use|take|receive)s? (?:[\w-]+ ){0,2}?aggregates?\b|"
             r"\breduced to\b|\baggregat(?:ed|es?|ing) (?:\w+ ){0,4}?(?:per|to|at|by|into)\b|\bsuppress\w* (?:below|under|when|if)\b|\bnever (?:writes?|copies|exports?|keeps?|stores?|holds?|sees?)\b[^.;\n]{0,30}?\b(?:identifiers|ids|names?|addresses)\b|\bscrub(?:s|bed|bing)?\b|"
             r"\b(?:names?|phone numbers?|e-?mails?|addresses|identifiers|ids|pii|contact details)\b"
             r"[^.;\n]{0,40}?\b(?:stays?|remains?) (?:in|with|inside|on|at)\b|\bnever (?:reach|enter|"
             r"leave|land|touch)\w*\b|\bnothing (?:at [\w-]+ level|[\w-]*identifying|personal)\b|\bthe model "
             r"only (?:receives|sees|gets|uses)\b|\bonly "
             r"(?:\w+ ){0,3}(?:band|sector|district|region|bucket)s?\b[^.;\n]{0,30}\bkept|"
             # 'names, contact details and NI numbers are stripped in the extract', 'account ids
             # are dropped at ingestion'
             r"\b(?:names?|contact details|identifiers|ids|e-?mails?|phone numbers?|addresses|"
             r"(?:national insurance|national id|ni) numbers?|dates? of birth|pii)\b[^.;\n]{0,40}?\b"
             r"(?:are|is|get|gets|were)\s+(?:stripped|dropped|removed|deleted|excluded|discarded|"
             r"truncated)\b", _DATA),
    TextFact("data.privacy.pseudonymisation",
             r"\bpseudonym\w*|\banonym\w*|\b(?:salted |keyed )?hash(?:ed|es|ing)?\b|\bblur(?:s|red|ring)? "
             r"(?:all |the )?(?:faces|people|persons|number plates|licen[cs]e plates|plates)\b|\btokeni[sz]ed "
             r"(?:ids?|identifiers)|\bde-?identif\w*|\bmask(?:ed|ing|s)?\b|\bredact\w*|\breplaced "
             r"(?:with|by) (?:a |an )?(?:pseudonym\w*|study ids?|hash\w*|(?:type )?tokens?|surrogate|"
             r"random ids?)|\breplaced (?:with|by) (?:a |an )?(?:[\w-]+ ){0,2}(?:tokens?|pseudonyms?|"
             r"surrogates?(?: keys?)?|hash(?:es)?)\b|\bsurrogate keys?\b|\breplac(?:e|es|ed|ing)\b"
             r"[^.;\n]{0,80}?\b(?:with|by) (?:a |an )?(?:[\w-]+ ){0,2}(?:placeholders?|tokens?|"
             r"pseudonyms?|surrogates?|hash(?:es)?)\b|\bswapped (?:for|with) (?:the |a |an )?(?:[\w-]+ ){0,3}"
             r"(?:refs?|references?|ids?|keys?|tokens?|codes?)\b", _DATA),
    TextFact("data.privacy.retention",
             r"\bretention (?:period|policy|schedule|rule|of)|\bretain(?:ed)? (?:for|until)|"
             r"\bretention\s*(?::|=|is)?\s*\(?\d+\s*(?:days?|weeks?|months?|years?)\b|\b(?:kept|"
             r"retained|stored) (?:per|under|according to|in line with) (?:the |our )?[\w -]{0,40}?"
             r"(?:policy|rule|schedule)\b|\b(?:deleted|"
             r"purged|removed|erased|destroyed|kept|retained|stored)\b[^.;\n]{0,30}?\b(?:\d+|one|two|"
             r"three|four|five|six|seven|ten|twelve|eighteen|twenty-four) (?:days?|weeks?|months?|"
             r"years?)\b|\bpurg\w+|\bdata retention", _DATA, firm=True),
    TextFact("data.privacy.deletion",
             r"\berasure|\bright to be forgotten|\bdeletion requests?|\bdata[- ]subject (?:access |"
             r"deletion )?requests?|\bdsars?\b|\b(?:delete|remove)s? (?:a |the |their )?(?:user|"
             r"customer|person|subject|individual|member|patient)'?s? (?:data|records)|\bopt-?out "
             r"requests?|\bopt(?:s|ed)? out\b[^.;\n]{0,40}\b(?:removed|excluded|deleted)|\b(?:removed|"
             r"excluded|deleted) (?:from|before) (?:the )?(?:next )?(?:extract\w*|snapshot)|"
             r"\b(?:deleted|erased|removed) (?:with|along with|together with) (?:the|their|its) "
             r"(?:account|profile|record)|\b(?:deleted|erased|removed) (?:on|upon) (?:request|"
             r"account (?:deletion|closure))|\b(?:deleted|purged|erased)\b[^.;\n]{0,40}?\b(?:purge|"
             r"deletion|retention) (?:job|process|routine)|\b(?:purged|deleted|erased) within \d+|"
             r"\bwho (?:delete|close) their accounts?\b|\bpurge (?:job|process|routine|script)s?\b|"
             r"\blifecycle (?:policy|polic(?:ies)|rules?)\b|\b(?:deleted|erased|removed|corrected)\b[^.;\n]{0,60}?\b(?:next|following) "
             r"(?:[\w-]+ ){0,2}(?:rebuild|refresh|extract|snapshot|load|build|aggregation|export|run)\b|"
             r"\b(?:drops?|falls?|dropping) out of (?:the )?(?:next|following)\b|\bdisappears? from (?:the )?"
             r"(?:next|following)\b|\bdeletion (?:job|process|routine|pipeline|"
             r"mechanism)s?\b|\b(?:deletion|erasure)s? (?:propagates?|cascades?|flows?)\b|\bdeleted "
             r"(?:automatically|by (?:a|the) (?:scheduled|nightly|weekly|monthly) (?:job|process))", _DATA),
    TextFact("data.privacy.encryption", r"\bencrypt\w*|\btls\b|\bkms\b", _DATA),
    TextFact("data.privacy.impact_assessment",
             r"\bdpia\b|\b(?:data protection |privacy )impact assessment", _DATA),
    TextFact("data.access_control",
             r"\baccess[- ]control|\brbac\b|\brole[- ]based|\bleast[- ]privilege|\biam\b|"
             r"\baccess (?:is |will be )?(?:restricted|limited|granted|controlled)|\b(?:only|named) "
             r"(?:\w+ ){0,3}(?:can|may|have|has) access|\baccess[- ]requests?|\baccess\s*[:=]\s*\w|"
             r"\b\w+ (?:group|team|role) only\b|\b(?:only )?accessible (?:only )?to\b|\brestricted to "
             r"(?:the |a |an )?(?:[\w-]+ ){0,4}(?:team|group|role|analysts|people|staff|engineers)\b|"
             r"\benclave\b|\bdata classification\b|\bclassified as (?:internal|confidential|"
             r"restricted|secret)|\bneed[- ]to[- ]know\b|\baccess (?:is |are )?logged\b", _DATA),
    TextFact("data.provenance",
             r"\bprovenance|\b(?:come|comes|coming|came) from|\bsourced from|\bshared (?:with us )?"
             r"(?:under|by|from)\b|\bdata[- ](?:sharing|use|supply) agreement|\bcollected (?:from|by|"
             r"via|through|in)|\bexported from|\bextract(?:ed|s)? from|\bpulled from|\blicen[cs]ed?"
             r"\b|\bpurchased from|\bthird[- ]party data|\bowned by\b|\bdownloaded (?:from|nightly|"
             r"daily)|\bdocumented by\b|\brecorded by\b|\bfrom (?:the|our) (?:[\w'-]+ ){0,2}(?:warehouse|"
             r"database|db|crm|erp|system|platform|lake|logs?|bureau|recorder|registry|mart)\b|\bsystems? "
             r"of record\b|\bsource of truth\b|\b\d[\d,.]*\s*[km]?\s+(?:[\w-]+\s+){0,2}?(?:photos|"
             r"images|records|recordings|scans|clips|documents|samples|readings) (?:from|taken|captured)\b",
             _DATA),
    TextFact("data.labelling.source",
             r"\btraining labels?\b|"
             r"\blabels? (?:come|comes|is|are|will be)? ?(?:from|derived|defined|produced|"
             r"generated|provided|taken|created|assigned|based)|\blabel(?:l)?ing\b|\bannotat\w+|"
             r"\bground[- ]truth|\blabell?ed (?:by|from|as|using|via|manually)|\b(?:the )?(?:labels?|"
             r"targets?)\s*(?:is|are|=|:)|\bis (?:the )?label\b|\(= ?label\)|\bbad definition|\boutcome "
             r"(?:is )?(?:recorded|taken)|\bchargebacks?\b|\b(?:graded|annotated|reviewed|"
             r"adjudicated|arbitrated|confirmed|verified) by\b|\bfinal (?:grade|label|category|"
             r"diagnosis|outcome|decision)\b|\b(?:provides?|gives?|supplies|supply|yields?) (?:the )?"
             r"labels?\b", _DATA + (S.FEATURES,)),
    TextFact("data.labelling.evaluation_labels",
             r"\b(?:evaluation|test|validation) labels?\b|\bgold(?:en)? (?:set|labels|standard)|"
             r"\badjudicat\w+|\bre-?label\w* (?:the )?test|\bfor (?:the )?(?:evaluation|testing|test "
             r"set|the test set)\b[^.;\n]{0,80}?\b(?:hand-?label\w*|label\w*|annotat\w*)|"
             # 'for the test set we use the lab's re-grading', 'evaluate against the store
             # managers' monthly paper audits': another process judges the test rows
             r"\b(?:for|on) (?:the )?(?:final )?(?:test(?:ing)?(?: set| split| period)?|evaluation|"
             r"held-?out set|hold-?out)\b,? (?:we|i) (?:will )?(?:use|take|rely on|switch to)\b"
             r"[^.;\n]{0,60}?" + _LABEL_SOURCE + r"|\bevaluat(?:e|es|ed|ing) (?:it |them |the model |each model )?"
             r"(?:against|with) (?:the )?[^.;\n]{0,50}?" + _LABEL_SOURCE,
             _DATA + (S.EVALUATION,), whole_item=True),
    TextFact("data.labelling.label_delay",
             r"\blabel (?:delay|lag|latency|maturity)|\b(?:labels?|actuals?|outcomes?) lags? (?:by|behind)\b|"
             r"\b(?:confirm|reject|verif[yi]|review|adjudicat|label)\w* (?:or \w+ )?(?:[\w-]+ ){0,3}?within "
             r"(?:about |roughly |around |~\s*)?(?:a|one|two|three|four|five|\d+) (?:hours?|days?|weeks?)\b|\b(?:labels?|actuals?|outcomes?|faults?|results?|"
             r"ground truth)\b(?:,? [\w-]+){0,2}? (?:are |is )?(?:only )?(?:known|available|observed|"
             r"arrives?|comes? in|matures?)\b|\bperformance window|\bobservation window|\b\d+[- ](?:day|"
             r"week|month)s? (?:label|outcome|performance) window|\b(?:arrive|arrives|mature|matures|"
             r"known|available)\s+(?:up to\s+|about\s+|~\s*|roughly\s+)?\d+(?:\s*[-–]\s*\d+)?\s*(?:days?|"
             r"weeks?|months?)\s+(?:after|later)|\btakes? (?:up to |about |around |roughly )?\d+ (?:days|"
             r"weeks|months)\b", _DATA, anywhere=False),
    TextFact("data.deduplication",
             r"\bde-?dup\w*|\bduplicat\w+|\bnear[- ]duplicates?", _DATA + (S.FEATURES, S.TRAINING)),
    TextFact("data.sampling_bias",
             r"\bsampling bias|\bselection bias|\bcollection bias|\bsample bias|\b(?:un-?)?"
             r"representativ\w+|\bsampl(?:e|ing) (?:caveats?|limitations?|limits|gaps|issues)\b|"
             r"\bunder-?represent\w*|\bover-?represent\w*|\bsurvivorship|\breject inference|"
             r"\bnot a random sample|\bpopulation (?:shift|mismatch|drift)|\bunder-?counts?|"
             r"\bover-?counts?|\bcensor\w*|\bsampling gaps?|\bknown (?:\w+ )?gaps?|\babsent by "
             r"definition|\bnot represented|\bexcluded population|\b(?:coverage and |selection |known )?"
             r"bias(?:es)?\s*:|\bskew(?:s|ed)? (?:to|towards)\b|\bmissing from (?:the )?(?:[\w-]+ )?data\b|\bquotas? "
             r"(?:by|for|per)\b", _DATA),
    TextFact("features.shared_feature_code",
             r"\bfeature store|\bfeast\b|\btecton\b|\bsame (?:[\w.`()-]+ ){0,3}(?:code|pipeline|logic|"
             r"library|module|package|transformations?|function|feature definitions?)|\bshared "
             r"(?:feature )?(?:code|library|module|package|pipeline|definitions?)|\b(?:single|one) "
             r"(?:[\w.`()-]+ )?(?:feature )?(?:definition|job|pipeline|module|library|package|codebase|implementation)"
             r"\b|\bexactly the code used in training|\bseriali[sz]ed pipeline|\b(?:both|for|in) "
             r"training and (?:\w+ ){0,2}(?:scoring|serving|inference)|\bruns identically|"
             r"\blogs? (?:the )?(?:feature )?values? (?:it |they |we )?(?:serve[sd]?|scored)|\btrain(?:s|ing)? "
             r"(?:uses|on) (?:exactly )?(?:what|the (?:values|features)) the model (?:saw|sees|was served)",
             (S.FEATURES, S.DEPLOYMENT)),
    TextFact("features.skew_check",
             r"\bskew\b|\btraining[- /]serving (?:skew|parity|consistency|mismatch)|\bcompar\w+ "
             r"(?:the )?(?:distribution of )?(?:served|online|serving|live) (?:feature|values|"
             r"features)|\bserved feature values|\blogs? (?:the )?(?:feature )?values? (?:it |they |we )?"
             r"(?:serve[sd]?|scored)", (S.FEATURES, S.DEPLOYMENT, S.MONITORING)),
    TextFact("features.schema_checks",
             r"\bschema\b|\bgreat expectations|\bpandera|\btfdv\b|\bdata contracts?|"
             r"\bexpectations?\b|\b(?:type|range|null|missing)[- ](?:checks?|rates?)|\bexpected "
             r"(?:type|range|missing rate)|\bfails? if (?:a )?column|\binput validat\w+|\bvalidators?\b|"
             r"\bvalidates? (?:each|every|the|incoming|inputs?)", (S.FEATURES, S.DATA)),
    TextFact("features.owners", r"\bowners?\b|\bownership\b|\bowned by|\bmaintained by",
             (S.FEATURES,), anywhere=False),
    # training
    TextFact("training.seeds", r"\bseeds?\b|\brandom[_ ]state|\bdeterminis\w+", (S.TRAINING,)),
    TextFact("training.versioning.data",
             r"\bdvc\b|\blakefs|\bdata (?:version\w*|snapshot ids?)|\bsnapshot (?:ids?|versions?)\b|"
             r"\b(?:frozen|immutable|versioned) (?:data |training )?(?:snapshots?|extracts?|datasets?)|"
             r"\b(?:data|dataset|training) snapshots?\b|"
             r"\bdelta lake|\btime[- ]travel|\bdataset version\w*|\bsnapshot v\d|"
             r"\b[\w-]*manifests? (?:versions?|hash(?:es)?|ids?)\b|\b(?:training[- ])?data(?:set)?[- ]"
             r"manifests?\b|\b(?:export|extract|manifest|label[- ]set) (?:hash(?:es)?|checksums?|"
             r"versions?)\b",
             (S.TRAINING, S.DATA)),
    TextFact("training.versioning.code",
             r"\bgit\b|\bgithub|\bgitlab|\bcommits?\b|\bversion control|\bcode version\w*",
             (S.TRAINING,)),
    TextFact("training.model_registry",
             r"\bmodel registry|\bmlflow\b|\bregistry\b|\bregistered models?|\bvertex (?:ai )?model "
             r"registry|\bsagemaker model registry|\bw&b\b|\bweights (?:&|and) biases",
             (S.TRAINING, S.DEPLOYMENT),
             require=_MODEL_STORE),
    TextFact("training.early_stopping", r"\bearly[- ]stopping", (S.TRAINING, S.MODEL),
             clause_only=True),
    # evaluation
    TextFact("evaluation.confidence_intervals",
             r"\bconfidence intervals?|\bbootstrap\w*|\b(?:95|90|99) ?% ci\b|\bcredible "
             r"intervals?|\bstandard errors?|\berror bars|\bspread (?:across|over) (?:the )?(?:\d+ )?"
             r"\w+|\bvariance across|\bstd(?:dev)? across|±|\+/-|\breported as the interval",
             (S.EVALUATION,)),
    TextFact("evaluation.slices",
             r"\bslices?\b|\breported (?:per|by|for each) [\w-]+|\b(?:per|by|for each|across) "
             r"(?:[\w-]+ ){0,2}(?:segment|region|country|cohort|group|class|queue|store|category|market|"
             r"channel|band|device|language|site|hospital|depot|position|shift|department|brand|tier|"
             r"age group|customer type)s?\b|\bbroken down by|\bsub-?groups?|\bsegment(?:ed)? "
             r"(?:results|metrics|evaluation)|\bcohort analysis|\bbreakdowns?\s*:|\bbreak (?:\w+ ){0,2}down "
             r"by\b|\bbroken out by\b|\b(?:in|for) every (?:\w+ )?band\b",
             (S.EVALUATION,), anywhere=False, many=4),
    TextFact("evaluation.offline_online_link",
             r"\btranslat\w+ (?:in)?to|\bmaps? (?:on)?to|\bcorrespond\w* to|\bcorrelat\w+ with|"
             r"\bequivalent to|\bexpected to (?:move|improve|increase|reduce|lift|drive)|\bproxy "
             r"for|\blink (?:between|from)|\broughly equals?|\boffline\s*(?:-|→|->|to)\s*(?:to[- ])?"
             r"online|\bmoved? (?:with|in (?:line|step) with)\b|\bmoved [\w@ -]{0,40}? by [+-]?\d|"
             r"\bmoves? (?:the )?[\w@ -]{0,40}? by (?:roughly |about |around |~)?(?:[+-]?\d|one|two|three|"
             r"four|five|six|seven|eight|nine|ten|a few|several)\b|\bon (?:a |the )?(?:replay|"
             r"simulation|re-?run) of\b|\b(?:is|are) worth "
             r"(?:about |roughly |around |~)?[+-]?\d|"
             r"\b(?:rose|fell|dropped|increased|decreased|improved)\b[^.;\n]{0,40}?\bwhen\b"
             r"[^.;\n]{0,40}?\b(?:rose|fell|dropped|increased|decreased|improved|exceeded)\b",
             (S.EVALUATION, S.OVERVIEW, S.PROBLEM_FRAMING)),
    TextFact("evaluation.business_metrics",
             r"\bbusiness (?:metrics?|kpis?|outcomes?|link|value|goals?|objectives?|targets?|impact)|"
             r"\bin the field\b[^.;\n]{0,40}?\d|\bkpis?\b|\bonline metrics?|"
             r"\b(?:revenue|conversion rate|retention rate|churn rate|attrition rate|save rate|cost "
             r"savings?|expected loss|loss rate|approval rate|gmv|aov|csat|nps|time[- ]to[- ][\w-]+|"
             r"handling time|click-through rate|margin|profit|p&l|roi|return on investment|delay "
             r"minutes|late shipments|staffing error|resolution time|write-?off rate|workload|backlog|"
             r"turnaround|waiting time|wait time|cost per [\w-]+|losses)\b",
             (S.EVALUATION, S.OVERVIEW), anywhere=False, many=3),
    TextFact("evaluation.validation_strategy.holdout",
             r"\bvalidation (?:set|window|months?|weeks?|period|split|data|fold|sample|years?|"
             r"quarters?|cohort)|\b(?:held-?out|hold-?out) validation|\bdev(?:elopment)? set|"
             r"\bvalidation\s*[:=]?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|q[1-4]|(?:19|"
             r"20)\d\d)", (S.TRAINING, S.EVALUATION), clause_only=True),
    TextFact("evaluation.validation_strategy.backtesting",
             r"\bbacktest\w*|\bwalk[- ]forward|\brolling[- ]origin", (S.EVALUATION, S.TRAINING)),
    # deployment
    TextFact("deployment.platform",
             r"\b(?:deploy|deployed|serve|served|serving|host|hosted|run|runs|expose|exposed)\b"
             r"[^.;\n]{0,40}?\b(?:on|to|in|via|as|behind|using|through)\b|\bsagemaker|\bvertex\b|"
             r"\bkubernetes|\bk8s\b|\bdocker\b|\blambda\b|\bcloud run|\bfastapi|\bflask\b|\bairflow|"
             r"\bdagster|\bdatabricks|\bendpoint|\bmicro-?service|\bapi\b|\bkserve|\bseldon|"
             r"\bbentoml|\btriton|\bray serve|\bon-?prem\w*|\bbatch (?:job|scoring|pipeline)|"
             r"\bscoring (?:job|pipeline|service)|\bdecision engine|\bcron\b|\bscheduled job|"
             r"\bservers?\b|\bdata cent(?:re|er)|\bcontainers?\b|\bvms?\b|\bvirtual machines?|"
             r"\bclusters?\b|\bscored (?:overnight|nightly|daily|weekly|in batch)|\bpods?\b|\bcalled "
             r"(?:\w+ )?(?:from|by)\b|\b(?:pushed|written|writes?|published|exported|sent|loaded) "
             r"(?:\w+ ){0,3}(?:to|into)\b|\b(?:nightly|daily|weekly|hourly) batch\b|\bbatch node\b|"
             r"\blands? in (?:the )?[\w' -]{0,30}?(?:table|engine|system|database|warehouse)\b|"
             r"\b(?:step|stage|task|job) (?:in|of|inside) (?:the |our |an? )?[\w' -]{0,40}?pipeline\b|"
             r"\bpipeline (?:step|stage|task)\b",
             (S.DEPLOYMENT,), context=_SERVING_CONTEXT),
    TextFact("deployment.cost_estimate",
             r"\bcosts?\b(?! (?:matrix|of (?:a )?(?:false|missed|error)))|\bbudget\b|[$€£]\s?\d|"
             r"\bper month|/month|\bmonthly (?:cost|bill|spend)",
             (S.DEPLOYMENT, S.TIMELINE), anywhere=False),
    TextFact("deployment.quality_gate",
             r"\bquality gate|\b(?:must|should|has to|needs to|only if it) (?:beat|outperform|"
             r"exceed|match)|\bpromot\w+ (?:only )?(?:if|when)|\badopted only if|\bonly (?:if|when) "
             r"it (?:beats|outperforms)|\bacceptance (?:tests?|criteria)|\bgo/no-?go|\brelease "
             r"criteria|\bchampion[- ]challenger|\bonly (?:deploy|ship|promote|release)\w* (?:if|"
             r"when)|\b(?:not|never) (?:deploy|ship|promote|release)\w* unless|\bgated on|\bsubject "
             r"to (?:the )?[\w' -]{0,40}?sign-?off|\bsign-?off (?:by|from)\b|\bsafety case\b|"
             r"\b(?:promotion|release|deployment|shipping|launch) (?:gate|criteri\w+|bar)\b|"
             r"\b(?:must|should|has to|needs to) (?:meet|pass|clear)\b",
             (S.DEPLOYMENT, S.MONITORING), firm=True),
    TextFact("deployment.versioning",
             r"\bmodel versions?\b|\bversioned (?:models?|artefacts?|artifacts?)|\bsemantic "
             r"version|\btagged (?:model|release)|\bregistry\b|\bmlflow\b|\bregistered as\b|"
             r"\bsoftware version\b|\bprevious (?:model )?version\b|\b(?:models?|model files?|artefacts?|"
             r"artifacts?|weights|checkpoints?) (?:are |is |get |gets )?(?:versioned|tagged)\b|\btag(?:ged)? "
             r"(?:per|for each|on every) (?:release|version|model)\b|\bprevious (?:tag|release)\b", _OPS,
             require=_MODEL_STORE),
    TextFact("deployment.redress",
             r"\bappeal\w*|\bcontest\w*|\bdispute\w*|\bredress|\bright to (?:an )?explanation|"
             r"\badverse[- ]action notices?|\bcomplaints? (?:process|procedure|channel|route)|\b(?:human|"
             r"manual) review (?:of|for|on) (?:disputed|contested|declined|rejected|requests?|appeals?)|"
             r"\b(?:customers?|applicants?|users?|patients?|people|cardholders?|employees?|drivers?|"
             r"candidates?|members?|gps)\b[^.;\n]{0,30}?\bcan (?:ask|request|appeal|contest|dispute|"
             r"complain|object|opt)|"
             r"\bask for a re-?\w+|\bcan (?:ask|request) (?:why|for an? (?:explanation|review|"
             r"human review|re-?\w+)|to be removed)|\bcan appeal\b",
             (S.DEPLOYMENT, S.PROBLEM_FRAMING)),
    TextFact("deployment.fallback",
             r"\bfall ?back|\bfalls? ?back|\bfell back|\bfalls? through to|\bfail-?safe|\bfails? over|\bfail(?:s)? open|"
             r"\bgraceful(?:ly)? degrad\w+|\bdegrade gracefully|\bcircuit[- ]breaker|\bdefault "
             r"(?:to|score|response|rule|queue|behaviou?r)|\bif (?:the )?(?:[\w-]+ )?(?:model|service|endpoint|"
             r"scoring|api|job|run|server|system|pipeline|container|batch|step|stage|worker|scorer|"
             r"inference|task|call|lookup|feed)\b[^.;\n]{0,30}?\b(?:is "
             r"down|fails|errors?|times? out|is unavailable|breaks|is not available|is unreachable|"
             r"can(?:not|'t) be reached|is offline|goes down|has failed|does not (?:answer|"
             r"respond|return|finish|complete|run)|doesn't (?:answer|respond|return|finish|complete|run)|"
             r"(?:is|arrives?) late|is missing|is stale|(?:is )?older than)|\bcached "
             r"(?:scores|predictions)|\b(?:previous|yesterday's|last) (?:\w+ )?(?:scores|predictions|"
             r"forecast|list) (?:remain|stay|are used|is used)", _OPS, firm=True),
    TextFact("deployment.optimisation",
             r"\bdistil\w+|\bquanti[sz]\w*|\bonnx|\btensorrt|\bopenvino|\bcach(?:e|ed|ing)\b|"
             r"\bpre-?comput\w+|\bprun(?:e|ed|ing)\b|\bint8|\bfp16|\bload[- ]test\w*|\bbenchmark\w* "
             r"(?:latency|p99|on)|\bgpu\b", (S.DEPLOYMENT, S.MODEL), many=3),
    # monitoring
    TextFact("deployment.monitoring.data_drift",
             r"\bdrift\b|\bpsi\b|\bpopulation stability|\bks[- ]test|\bkolmogorov|\bdistribution "
             r"(?:shift|changes?|monitoring)|\bfeature distributions?|\bdistribution of (?:served|"
             r"input|incoming|live) (?:feature|features|values|data)|\b(?:compar\w+|monitor\w*|track\w*|"
             r"check\w*|watch\w*) (?:the )?distributions?\b|\bdistribution (?:checks?|comparison|"
             r"report)|\bdistributions? of (?:the )?(?:[\w-]+ ){0,3}?(?:inputs?|features?|scores?|"
             r"predictions?|values)\b|\b(?:input|feature|length|score|prediction|language|category) "
             r"(?:mix|distributions?)\b", _OPS, firm=True,
             context=_MONITOR_CONTEXT),
    TextFact("deployment.monitoring.data_quality",
             r"\bdata quality|\bschema (?:checks?|validation)|\bnull[- ]rates?|\bmissing[- ]value "
             r"(?:checks?|alerts?|rates?)|\binput (?:checks|validation|monitoring)|\bgreat "
             r"expectations|\brange checks?|\bfreshness (?:checks?|monitor)|\bvolume checks?|"
             r"\b(?:within|in|outside|out of) (?:the |their |its )?(?:expected |valid |sensor |"
             r"physical |plausible |normal )?ranges?\b|\bchecks? (?:that|whether) (?:all|every|each|"
             r"the)\b[^.;\n]{0,60}?\b(?:arriv\w*|reports?|present|complete|fields|values|missing)\b|"
             r"\b(?:stuck|dead|frozen|flat-?lining|silent)(?:-on)? (?:sensors?|detectors?|loops?|"
             r"channels?|feeds?|devices?)\b|\bcompleteness\b",
             _OPS, firm=True, context=_MONITOR_CONTEXT),
    TextFact("deployment.monitoring.performance",
             r"\b(?:monitor|track|measure|report|dashboard|watch|comput|calculat|recomput)\w*\b"
             r"[^.;\n]{0,60}?\b(?:performance"
             r"|accuracy|precision|recall|auc|gini|f1|mae|rmse|mape|wape|error rate|metrics?|model "
             r"quality|calibration|hit rate|ndcg)|\bperformance monitoring|\bmodel (?:performance|"
             r"quality) (?:monitoring|dashboard|tracking)|\blive (?:metrics|performance|error rate)|"
             r"\bonline (?:metrics|evaluation)|\boutcomes? (?:are )?(?:tracked|monitored|reviewed|"
             r"compared)|\b(?:forecasts?|predictions?|predicted|scores?)\s+(?:vs\.?|versus|against|"
             r"compared (?:with|to))\s+(?:the\s+)?(?:actuals?|outcomes?|observed|realised|real)\b|"
             r"\brealised (?:recall|precision|accuracy|auc|error|"
             r"performance|\w+@)", _OPS, anywhere=False, firm=True),
    TextFact("deployment.monitoring.performance",
             r"\b(?:recall|precision|accuracy|auc|gini|f1|mae|rmse|mape|wape|ndcg|error rate|"
             r"calibration|hit rate|log loss|sensitivity|specificity|agreement|kappa|precision@|"
             r"recall@|conversion|uplift|lift|bias|error)", (S.MONITORING, S.DEPLOYMENT),
             anywhere=False, firm=True,
             require=r"track|monitor|daily|weekly|monthly|quarterly|drops?|falls?|below|dashboard|"
             r"report|review|measur|compar|realised|live|production|every (?:day|week|month|quarter)|"
             r"each (?:day|week|month)|look at"),
    TextFact("deployment.monitoring.label_delay",
             r"\blabel (?:delay|lag|latency|maturity)|\b(?:labels?|actuals?|outcomes?) lags? (?:by|behind)\b|"
             r"\b(?:confirm|reject|verif[yi]|review|adjudicat|label)\w* (?:or \w+ )?(?:[\w-]+ ){0,3}?within "
             r"(?:about |roughly |around |~\s*)?(?:a|one|two|three|four|five|\d+) (?:hours?|days?|weeks?)\b|\b(?:labels?|actuals?|outcomes?|faults?|results?|"
             r"ground truth)\b(?:,? [\w-]+){0,2}? (?:are |is )?(?:only )?(?:known|available|observed|"
             r"arrives?|comes? in|matures?)\b|\b(?:happen|arrive|known)s? within (?:a|one|\d+|a few) (?:day|"
             r"week|month|hour)s?|\b(?:arrive|arrives|mature|matures|known|available)\s+(?:up to\s+|"
             r"about\s+|~\s*|roughly\s+)?\d+(?:\s*[-–]\s*\d+)?\s*(?:days?|weeks?|months?)\s+(?:after|"
             r"later)|\btakes? (?:up to |about |around |roughly )?\d+ (?:days|weeks|months)\b|"
             r"\b(?:decisions?|verdicts?|feedback|corrections?) (?:are |is )?(?:known|available|arrive|"
             r"arrives|come in) (?:within|after) (?:a few |\d+ )?(?:hours?|days?|weeks?|months?)\b|"
             r"\b(?:are|is|become|becomes) (?:only )?(?:known|available|observed|confirmed) (?:by|at|"
             r"within|after|once|when|on|the next)\b|\b(?:can |may |will )?arrive (?:up to|within|"
             r"after|\d)", _OPS + (S.EVALUATION, S.TRAINING)),
    TextFact("deployment.monitoring.upstream_dependencies",
             r"\bupstream\b|\bdepends on|\bdependenc(?:y|ies)\b|\brelies on|\bsource systems?|"
             r"\b(?:comes?|coming|fed|sourced|supplied) from (?:the |an? |our )?(?:[\w-]+ ){0,3}?"
             r"(?:service|system|api|feed|team|platform)\b",
             _OPS, many=3),
    TextFact("deployment.monitoring.feedback_loop_mitigation",
             r"\bfeedback loops?|\bexploration (?:share|traffic|slice|slots?|rate|budget|arms?|policy|data|bucket)\b|"
             r"\b(?:keep|keeps|kept|reserv\w*|allocat\w*|dedicat\w*) [^.;]{0,40}?\bexploration\b|\b(?:random(?:ised|ized)?|untreated|control) "
             r"(?:holdout|hold-out|group|sample|share|slice)|\bholdout (?:group|sample|share)|"
             r"\binverse[- ]propensit\w+|\bpropensit(?:y|ies)(?: scores?)? (?:are |is |were )?(?:logged|"
             r"recorded|stored|weight\w*)|\blog(?:s|ged|ging)? (?:the |their |its )?(?:\w+ )?propensit\w+|"
             r"\bpropensity[- ](?:weight\w*|logging|correction)|\bcounterfactual|\bbandits?\b|\bepsilon[- ]greedy|\breject inference|"
             r"\brandom(?:ly)? (?:chosen|selected|sampled)|\ba random (?:\d+ ?%|(?:share|fraction|slice|"
             r"sample|subset)\b)|\b(?:lottery|randomi[sz]ed|control|untreated|holdout) arms?\b|"
             r"\bunbiased (?:outcomes|labels|data|samples?)\b|\b(?:drawn|chosen|picked|selected|assigned|sampled) at "
             r"random\b|\bat random (?:among|from)\b", _OPS + (S.EVALUATION,), firm=True,
             reject=_NOT_A_HOLDOUT),
)
# fmt: on
_COMPILED = [
    (
        fact,
        re.compile(fact.pattern),
        re.compile(fact.context) if fact.context else None,
        re.compile(fact.require) if fact.require else None,
        re.compile(fact.reject) if fact.reject else None,
    )
    for fact in TEXT_FACTS
]


def extract_text_facts(doc: Document, b: PlanBuilder) -> None:
    """Fill every text field whose cue the document states, first statement first."""
    for fact, rx, context, require, reject in _COMPILED:
        taken = 0
        for hit in doc.find(rx, fact.scopes, anywhere=fact.anywhere):
            evidence = doc.evidence(hit)
            block = doc.block_at(hit.start) if fact.whole_item else None
            if block is not None:
                evidence = Evidence(line=hit.line, quote=doc.block_text(block))
            if fact.clause_only:
                evidence = Evidence(line=hit.line, quote=doc.quote(*doc.clause(hit.start, hit.end)))
            if hit.polarity == "no" or (hit.polarity == "maybe" and fact.firm):
                b.negate(fact.path, evidence)
                continue
            if (
                context
                and not hit.scoped
                and not context.search(evidence.quote.lower())
                and not context.search(asked_before(doc, hit.start))
            ):
                continue
            if require and not require.search(evidence.quote.lower()):
                continue
            if reject and reject.search(evidence.quote.lower()):
                continue
            if doc.label_only(hit):
                continue
            if not fact.many:
                b.set(fact.path, evidence.quote, evidence)
                break
            if b.append(fact.path, evidence.quote, evidence) is not None:
                taken += 1
                if taken >= fact.many:
                    break
