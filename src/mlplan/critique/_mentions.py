"""Where a plan talks about a rule's topic at all, whether or not the reader could use it.

The phrase reader turns sentences into plan fields only when it knows their wording, so an
"absent" finding can mean two different things: the plan never raises the topic (a real gap,
the usual way authors forget a rollback), or it raises it in words the reader could not turn
into a field ("flipping the flag sends all traffic back to yesterday's scorer"). Seven blind
rounds showed the second case is most of the false positives on plans the reader has never
seen. Topic words are far more stable across authors than the phrasings a field needs, so
this module looks for them, broadly: an affirmed sentence that names the topic of rule R is
recorded as R's mention, and the review asks about R's absence instead of asserting it
(``review.review_draft``). Negated or hedged sentences ("no rollback yet", "maybe a canary
later?"), headings, placeholders and reviewer-addressed text are not mentions.
"""

from __future__ import annotations

import re

from mlplan.critique._document import Document
from mlplan.domain import Evidence

MENTIONS: dict[str, str] = {
    "D04": (
        r"\broll(?:ed|ing|s)?[- ]?backs?\b|\brevert\w*|\b(?:previous|prior|last(?: known)?[- ]good)"
        r" (?:[\w-]+ )?(?:model|version|release|scorer)|\bswitch(?:ed|ing)? back\b|\bgo(?:ing)? back to\b|"
        r"\bkill[- ]?switch|\bfeature[- ]flags?\b|\bre-?tag\w*|\bundo\b|\bkeeps? the (?:previous|"
        r"prior|last|old) (?:version|model)|\b(?:is|are|goes|go) back (?:on|to)\b|\bgo(?:ing)? back "
        r"(?:is|means|takes)\b|\bflip(?:s|ped|ping)? (?:[\w-]+ ){0,3}?back\b|\bturn(?:s|ed)? "
        r"(?:off|down) the (?:experiment|model|flag|feature|new (?:model|ranker|scorer))"
    ),
    "D05": (
        r"\bcanary|\bshadow(?: mode| deploy\w*| run\w*| traffic| scoring)?\b|\bstaged\b|\bphased\b|"
        r"\bgradual\w*|\bramp(?:ed|ing|s)? up\b|\b\d+ ?% of (?:the )?(?:traffic|users|stores|sites|"
        r"customers|requests|branches|calls)|\bdark launch|\bpilot (?:with|on|in|at|for) |"
        r"\b(?:one|a single|two|three|a few) (?:regions?|sites?|stores?|plants?|depots?|branches|"
        r"branch|teams?|wards?|markets?|lines?) first\b|\ba/b\b|\bramp(?:ed|ing|s)?\b|\bbeta "
        r"(?:group|users|testers|cohort)|\bfirst (?:to|on|in|with) (?:a|one|two|three|\d+)\b|"
        r"\bthen (?:to )?(?:everyone|all (?:users|stores|sites|regions))\b|\bin waves\b"
    ),
    "D06": (
        r"\bgates?\b|\bmust (?:beat|meet|exceed|match|pass)\b|\bonly (?:promote|deploy|ship|release)"
        r"\w*|\bpromot(?:e|ed|es|ion)\b|\bsign[- ]off|\bacceptance (?:criteria|tests?)\b|"
        r"\bgo[/-]no[- ]go\b|\bchampion[/ -]challenger"
    ),
    "D07": (
        r"\bregistry\b|\bmodels? (?:is |are )?registered\b|\bmodel versions?\b|\bversion (?:tags?|numbers?|ids?)\b|"
        r"\bmodel files? (?:are |is )?versioned|\bversioned models?\b|\bmodels? (?:is |are )?versioned|"
        r"\bversion(?:s|ed)? (?:of )?the model\b|\btag(?:ged)? (?:each|every) (?:model|release)|"
        r"\bmodel (?:artifacts?|artefacts?) (?:are |is )?(?:stored|kept|pinned)"
    ),
    "D08": (
        r"\bfall ?backs?\b|\bfail(?:s|ing)? (?:open|closed|safe)\b|\bdefault (?:score|rule|answer|"
        r"value|route|ranking|list)\b|\bbackup (?:rule|model|heuristic|list)\b|\bif the (?:model|"
        r"service|endpoint|api|job|scorer)\b[^.;]{0,40}(?:down|fails|unavailable|times? out)"
    ),
    "D09": (
        r"\bappeal\w*|\bredress|\bcontest\w*|\bhuman review|\boverrid\w+|\bcomplain\w*|"
        r"\breviewed by a (?:person|human)"
    ),
    "L09": r"\bdedup\w*|\bde-dup\w*|\bduplicat\w+|\bnear-(?:identical|duplicates?)",
    "L11": (
        r"\bbaselines?\b|\bheuristic|\brules?[- ]based\b|\b(?:current|existing) (?:process|system|"
        r"approach|method|rules?|model|scorecard|heuristic)\b|\bnaive\b|\bmajority[- ]class|"
        r"\bcompared? (?:against|with|to) (?:the )?(?:current|existing|today's|old)\b|"
        r"\bbetter than\b|\bbeats?\b|\b(?:comparison|reference) points?\b|\bpersistence\b|"
        r"\bagainst (?:the )?(?:current|existing|old|production|incumbent)\b"
    ),
    "M05": (
        r"\bbusiness (?:metrics?|kpis?|impact|value|outcome)|\brevenue\b|\bsavings?\b|"
        r"\bhours? saved|\broi\b|\bcost per\b"
    ),
    "M07": (
        r"\bslices?\b|\bbroken down by\b|\bbreakdown (?:by|per)\b|\bsubgroups?\b|\bper[- ](?:region|"
        r"site|store|class|group|country|segment|device|language|branch|plant|line|market|farm|"
        r"hospital|ward|school)\b|\bby (?:region|site|store|segment|country|device|class|language)"
        r"\b"
    ),
    "O01": (
        r"\bdrift|\bpsi\b|\bpopulation stability|\bdistribution (?:shift|checks?|monitor\w*)|"
        r"\bdata quality (?:checks?|monitor\w*|alerts?)|\bnull rates?|\bmissing(?:ness)? rates?|"
        r"\bschema (?:checks?|validation)|\binput (?:checks?|monitor\w*|validation)|"
        r"\bout[- ]of[- ]range|\brange checks?|\b(?:compared|checked) (?:weekly |daily |monthly )?"
        r"(?:with|against|to) the training (?:data|distribution|set)|\btraining distribution\b"
    ),
    "O02": (
        r"\blabels? (?:arrive|come in|come back|lag|are delayed)|\blabel (?:delay|lag)|"
        r"\bground[- ]truth (?:arrives|comes|is known|lags)|\boutcomes? (?:arrive|are known|"
        r"is known|come in)|\b(?:track|monitor|report|measur)\w* (?:the )?(?:live |weekly |monthly |"
        r"daily |online |production )?(?:precision|recall|accuracy|auc|mae|mape|rmse|error|f1|"
        r"hit rate|performance)\b|\b(?:targets?|actuals?|outcomes?|labels?|clicks|ground[- ]truth)"
        r"\b[^.;]{0,40}?\b(?:arrives?|known|come in|lands?|available)\b|\b(?:daily|weekly|monthly|rolling) "
        r"(?:[\w-]+ ){0,3}?(?:mrr|ndcg|precision|recall|accuracy|auc|mae|mape|rmse|f1|hit rate|wer|"
        r"cer|iou|bleu|brier)\b|"
        r"\b(?:precision|recall|accuracy|auc|mae|mape|rmse|f1|hit rate|error)\b[^.;]{0,80}?\b(?:per "
        r"(?:week|month|day)|weekly|monthly|daily)\b|\b(?:precision|recall|accuracy|auc|mae|mape|rmse|"
        r"f1|hit rate|purity|coverage|error|performance|quality) (?:is|are) (?:recomputed|recalculated|"
        r"tracked|monitored|measured|reported) (?:weekly|monthly|daily|every)\b|\blabel window\b"
    ),
    "O03": r"\bre-?train\w*|\bre-?fit\w*|\brefresh(?:ed|es)? (?:the )?model|\bmodel refresh",
    "P01": (
        r"\bpseudonymi[sz]\w*|\banonymi[sz]\w*|\bde-?identif\w+|\bhash(?:ed|es|ing)?\b|"
        r"\btokeni[sz]\w*|\bmask(?:ed|s|ing)?\b|\bminimi[sz]\w*|\bredact\w*"
    ),
    "P02": (
        r"\bretention (?:period|policy|schedule|window|of|for)\b|\bretain(?:ed)? (?:for|until|no "
        r"longer)\b|\bkept (?:for|until)\b|\bstored (?:for|until)\b|\bdelet\w+ (?:after|when|once|"
        r"within)\b|\bpurg\w+"
    ),
    "P03": (
        r"\b(?:deletion|erasure) (?:requests?|process|mechanism|job|pipeline)|\bright to (?:be "
        r"forgotten|erasure)|\bdelet\w+ (?:on request|requests?|their|a person|the customer)\b|"
        r"\bpurg\w+|\b(?:asks?|request\w*) (?:for )?(?:a |their |the |his |her )?[\w-]+ (?:to be )?"
        r"(?:withdrawn|removed|deleted|erased)"
    ),
    "P04": (
        r"\bconsent\w*|\blawful basis|\blegal basis|\blegitimate interests?|\bopt[- ]?(?:in|out)\b|"
        r"\bethics (?:committee|board|approval)|\birb\b|\bdata (?:sharing|processing) agreement"
    ),
    "P05": (
        r"\baccess (?:control|is restricted|is limited|restricted|limited to)|\bencrypt\w*|"
        r"\brole[- ]based|\brbac\b|\biam\b|\bleast[- ]privilege|\bpermissions?\b|\bkms\b"
    ),
    "P06": (
        r"\bfairness|\bdisparate|\bbias (?:audit|check|review|testing|tests)\b|\bsubgroups?\b|"
        r"\bdemographic (?:parity|groups?|slices?)|\bprotected (?:groups?|attributes?|"
        r"characteristics?)|\bequal(?:i[sz]ed)? odds|\bequal opportunity"
    ),
    "P08": (
        r"\blabell?(?:ed|ing|ers?)\b|\bannotat\w+|\bground[- ]truth|\bcomes? from\b|\bcollected "
        r"(?:from|by|via)\b|\bsourced from\b|\bexported from\b|\bprovenance|\bextracts?\b|"
        r"\bexports?\b|\bfeeds?\b|\blabels?(?=\s*[:=(])|\blabels? (?:are|is|come|comes|were|"
        r"derived)\b|\bderived (?:from|retrospectively|by)\b|\b(?:database|warehouse|data lake)\b|"
        r"\bfrom (?:the |our )?[\w-]+ (?:system|database|warehouse|feed|logs?|api|records)\b|"
        r"\baggregated (?:per|by|from)\b"
    ),
    "P10": (
        r"\bsampling bias|\bselection bias|\b(?:un)?representative|\bunder-?represent\w*|"
        r"\bover-?represent\w*|\bcoverage (?:of|across|is|gaps?)\b|\bcollection bias|"
        r"\bskewed (?:towards?|to)\b"
    ),
    "T01": (
        r"\bseeds?\b|\bversion(?:ed|ing)? (?:the )?(?:data|dataset|code|snapshots?)\b|\bdata "
        r"(?:snapshots?|versions?)\b|\bdvc\b|\bgit (?:sha|commit|hash|tag)|\bcommit hash|"
        r"\breproducib\w+|\bsnapshot (?:id|date)"
    ),
    "T02": (
        r"\bsame (?:code|feature code|pipeline|transform\w*|feature pipeline)\b|\bshared (?:feature"
        r"|code|library|module|pipeline)|\bfeature store|\btraining[/-]serving skew|\bskew "
        r"(?:check|test|monitor)\w*|\bparity (?:check|test)\w*"
    ),
    "T03": (
        r"\bschema\b|\bgreat expectations|\bpandera|\bexpectations? (?:suite|checks?)|\bvalidation "
        r"(?:checks?|rules)|\brange checks?|\btype checks?|\bdata contracts?"
    ),
    "T06": (
        r"\bheuristic|\brules?[- ]based\b|\bnon-ml\b|\bwithout (?:ml|machine learning)\b|\bsimple "
        r"rules?\b|\bbusiness rules?\b|\b(?:current|existing) (?:process|rules?|system)\b"
    ),
    "T07": (
        r"\bsuccess (?:looks like|means|criteria|is|metric)|\b(?:call|consider) it (?:a )?success|"
        r"\bgoal is\b|\btargets? (?:is|are)\b|\bkpis?\b|\bobjective is\b|\bml (?:side|objective|"
        r"task|problem)\b|\bbusiness side\b"
    ),
}
"""Rule id -> words that raise its topic. Broad on purpose: a mention only turns an absence
into a question, it never creates a finding. Rules whose absences are about a specific
mitigation the topic words cannot show (O04 feedback loops) or about structure (S01-S04) are
not here."""

_COMPILED = {rule: re.compile(pattern) for rule, pattern in MENTIONS.items()}


def find_mentions(doc: Document) -> dict[str, Evidence]:
    """Rule id -> the first affirmed sentence that raises the rule's topic (see module doc)."""
    found: dict[str, Evidence] = {}
    for rule, rx in _COMPILED.items():
        hit = next((h for h in doc.find(rx) if h.polarity == "yes" and not doc.label_only(h)), None)
        if hit is not None:
            found[rule] = doc.evidence(hit)
    return found
