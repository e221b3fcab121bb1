"""How a plan splits its data: the split strategy, its ratios and the cross-validation.

'80/10/10 random split', 'GroupKFold by customer_id', 'days 1-27 train, day 28 validation,
days 29-30 test' and 'split by booking date' are all read here; the kinds of split a plan
names (group, time, stratified, random, k-fold) combine into one strategy.
"""

from __future__ import annotations

import re
from typing import Any

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document, Hit
from mlplan.domain import CVMethod, FitScope, Section, SplitStrategy

S = Section
_TRAIN_SCOPES = (S.TRAINING, S.EVALUATION, S.MODEL)

SHUFFLE_BETWEEN = r"(?:split|hold(?:ing)? out)\w* (?:[\w%/.,-]+ ){1,5}?(?:at random|randomly)\b"
"""A shuffle with the ratio or the rows between the verb and 'at random': 'split the 6 months of
orders randomly', 'split 70/15/15 at random over rows', 'hold out 20% of the audited rows at
random'. The split reader and the time-order reader both read it."""
_NOT_GROUPS = (
    r"(?:date|time|month|week|year|day|quarter|period|season|hour|cohort|random|ratio|class|"
    r"label|target|outcome|stratum|strata|percent|share|size|row|sample|record|example|"
    r"the|a|an|default|hand|design|chance|chronolog\w*|creation|booking|event)s?\b"
)
"""Nouns a split 'by' names that are not groups of rows (a time, a class, a share, a row)."""
_KEY_END = (
    r"(?=\s+(?:for|from|as|in|into|to|and|so|per|of|never|not|with|rather)\b|\s*[.,;:()]|\s*$)"
)
"""Where the grouping noun ends: 'hold out whole MGRS tiles for test', 'split by scene, never'."""

# fmt: off
_SPLIT_KINDS: tuple[tuple[str, str], ...] = (
    (
        "group",
        r"group ?k-?fold|groupkfold|group(?:ed)? (?:split|k-?fold|cross-validation|cv|holdout)|"
        r"split (?:by|on|per) (?:customer|patient|user|device|account|store|site|machine|driver|"
        r"member|household|merchant|entity|group|source|video|recording|scan|document|session|"
        r"query|seller|hospital)s?\b|(?:customer|patient|user|device|account|store|entity|source|"
        r"query)[- ](?:level|wise|based|grouped|disjoint) (?:split|holdout|folds?)|"
        r"leave-one-[a-z]+-out|(?:split|partition|separat)\w*[^.;\n]{0,40}"
        r"\bby (?:customer|patient|user|device|account|store|site|machine|member|household|"
        r"merchant|entity|source|query|seller|hospital|driver|vehicle|unit)s?\b|"
        r"each (?:account|customer|patient|user|device|store|member|household|entity|source|query)"
        r" (?:appears|is|lands|stays) in (?:only )?(?:one|a single|exactly one) split|"
        r"(?:of|from|for) (?:one|the same|a single|each|a given) (?:customer|patient|user|device|"
        r"account|store|member|household|merchant|entity|source|driver|vehicle|applicant|policyholder)"
        r"s? (?:are |is |stay |remain |always )?(?:kept|stay|remain|land|go|grouped|placed|assigned|"
        r"put)(?: together)? (?:in|into|to|on) (?:only )?(?:one|the same|a single) (?:split|fold|"
        r"partition|side)|"
        r"disjoint (?:sets of )?(?:customers|patients|"
        r"users|devices|accounts|stores)|(?:cross-validation|cv|folds?)[^.;\n]{0,30}grouped by|"
        # any grouping noun, in general phrasings: 'split by scene', 'all patches of one scene stay
        # in one split', 'hold out whole tiles', 'no project spans two splits'
        r"split(?:s|ting)? (?:is |are )?(?:done )?(?:by|on|per|at the level of) (?:the )?"
        r"(?:[\w-]+ ){0,2}?(?!" + _NOT_GROUPS + r")(?P<key1>[a-z][a-z_]+(?: id)?)" + _KEY_END + r"|"
        r"(?:all|every|each) (?:of the )?(?:[\w-]+ ){0,2}?[\w-]+ (?:of|from|for) (?:one|the same|a single|each|a given|"
        r"an?) (?P<key2>[a-z][a-z_]+)\b[^.;\n]{0,60}?\b(?:stay|stays|remain|remains|are kept|is kept|"
        r"land|lands|go|goes|end up|ends up|are placed|are assigned|sits?|lies|lie|falls?)(?: together)?"
        r" (?:in|on|into|to) (?:only |exactly )?(?:one|the same|a single) (?:of\b|split|fold|partition|"
        r"side|set)|"
        r"hold(?:s|ing)?[- ]?out (?:whole|entire|complete) (?:[\w-]+ ){0,2}?(?P<key3>[a-z][a-z_]+)"
        + _KEY_END
        + r"|"
        r"(?:whole|entire) (?:[\w-]+ )?(?P<key4>[a-z][a-z_]+) (?:are |is )?held[- ]out|"
        r"no (?P<key5>[a-z][a-z_]+) (?:spans|crosses|appears in|is in|straddles|sits in|falls in|"
        r"ends up in|lands in) (?:two|both|more than one|several|multiple) (?:splits|folds|sets|"
        r"partitions)|"
        r"grouped by (?P<key6>[a-z][a-z_]+)\b[^.;\n]{0,60}?\b(?:keeps?|keeping|kept) (?:those|these|"
        r"the|such|all) (?:groups|[a-z]+s) together",
    ),
    (
        "time",
        r"time[- ]based|temporal(?:ly)? (?:split|holdout|validation|cut)|chronolog\w+|"
        r"out[- ]of[- ]time|split (?:by|on) (?:date|time|month|week|year|\w+ date)|split by time|"
        r"train on (?:the )?(?:past|earlier|older|first \d+|data (?:up to|before))|(?:test|"
        r"validat|evaluat)\w* on (?:the )?(?:most recent|latest|last|later|future|final|next|"
        r"following)\b|forward[- ]chaining|walk[- ]forward|backtest\w*|rolling[- ]origin|"
        r"expanding[- ]window|time ?series ?split|hold(?:ing)? out the (?:last|final|most recent)|"
        r"(?:last|final|most recent) \d+ (?:days|weeks|months|years|quarters) (?:as|for|=|:|->|→) "
        r"(?:the )?(?:test|holdout|validation)|"
        # 'hold out the whole of 2024 as the evaluation year', 'keep the most recent two weeks of
        # ratings aside as the test period'
        r"hold(?:s|ing)? out (?:the )?(?:whole|entire|full|all) (?:of )?(?:19|20)\d\d|"
        r"\b(?:keep|set|put|hold)s? (?:the )?(?:most recent|latest|last|final) (?:[\w-]+ ){1,4}?"
        r"(?:aside|apart|back)\b|cut-?off date|split date|by (?:[\w-]+ ){0,3}(?:date|time|month|"
        r"week|year|quarter|period)\b|"
        r"fit\w* (?:\w+ ){0,2}?on (?:the )?data (?:up to|before)\b[^.;]{0,80}?\b(?:compar|evaluat|"
        r"scor)\w* (?:\w+ ){0,2}?on (?:the )?(?:last|final|most recent|following|next)\b|"
        r"train\w* on [^.;]{0,30}?(?:19|20)\d\d"
        r"[^.;]{0,60}?\b(?:test|validat)\w* on [^.;]{0,20}?(?:19|20)\d\d|by (?:creation |booking |event )?"
        r"(?:date|time|month|week|year|period)\b",
    ),
    ("stratified", r"stratif(?:ied|y|ying)"),
    (
        "random",
        r"random(?:ly)? (?:\d+ ?/ ?\d+ )?(?:split|shuffle\w*|assign\w*|partition\w*|holdout|"
        r"hold(?:ing)? out|held out|hold-out|\d+ ?%)|random \d+/\d+|shuffl\w+|train_test_split|split (?:the (?:data|rows) |them |it |"
        r"these |those )?(?:at )?random(?:ly)?|randomly (?:split|assigned|divided|held)|"
        r"(?:split|divid|partition|assign)\w* (?:the |all |our )?(?:[\d,.]+[km]? )?(?:[\w-]+ ){0,2}?"
        r"(?:at random|randomly)|" + SHUFFLE_BETWEEN,
    ),
    ("kfold", r"\d+-fold|(?:five|ten|three)-fold|k-?fold|cross[- ]validat\w+|cv\b"),
)
# fmt: on
_SPLIT_RX = [(k, re.compile(r"(?<![\w-])(?:" + p + ")")) for k, p in _SPLIT_KINDS]
_HOLDOUT_PURPOSE = re.compile(
    r"\b(?:honest|unbiased|reference|untouched|explor\w*|keep (?:learning|the labels)|labels?|"
    r"feedback loop|ground truth|retrain\w*|not a clean sample)\b"
)
_RANDOM_WORD = re.compile(r"random|lottery")


def random_holdout(matched: str, sentence: str) -> bool:
    """A random draw that keeps an honest reference for a model in use ('to keep an honest
    reference, 10 % of each week's reviews are assigned at random to the old process'; 'each
    week 6 call slots go to children drawn at random, and the model is retrained with those'):
    not the train/test split and not the arms of an experiment."""
    return bool(_RANDOM_WORD.search(matched) and _HOLDOUT_PURPOSE.search(sentence))


_VALIDATION_WINDOW = re.compile(
    r"\bvalidation (?:window|months?|weeks?|period|years?|quarters?)|\bfor validation\b|\bas (?:the )?"
    r"validation (?:set|window|period|months?)|\bvalidat\w* on (?:the )?"
    r"(?:next|later|following|subsequent)|\bvalidation\s*[:=]?\s*(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec|q[1-4]|(?:19|20)\d\d)|\b(?:val|dev)\s*[:=]?\s*(?:(?:19|20)\d\d|q[1-4])\b|"
    r"\b(?:validat\w*|tun(?:e|ed|ing)|select\w*|chose|chosen|choose) on [^.;]{0,40}?(?:\b(?:jan|feb|"
    r"mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\bq[1-4]\b|\b(?:19|20)\d\d\b|\b(?:month|"
    r"week|day|year|quarter|season|winter|summer)s? (?:\d+|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve)\b)"
)
_ROLE = re.compile(
    r"\b(?:train(?:ing|ed)?|validat(?:ion|e|ed)|tun(?:e|ed|ing)|test(?:ing|ed)?|hold-?out|"
    r"held[- ]out)\b"
    r"(?![- ]?(?:set size|case))"
)
_DATEISH = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\bdays? \d+|"
    r"\bweeks? \d+|\bmonths? \d+|\bq[1-4]\b|\b(?:first|second|last|final) (?:half|quarter|month|"
    r"week|year|\d+ (?:days|weeks|months))|\b(?:before|after|until|from) (?:the )?\d"
)
_SPLIT_CONTEXT = re.compile(
    r"split|test|validat|holdout|hold-out|hold out|held out|fold|train|evaluat|"
    r"\bcompar\w* (?:\w+ ){0,2}?on the (?:last|final|most recent)\b|"
    r"(?<![\d.])\d{2} ?/ ?\d{1,2}(?: ?/ ?\d{1,2})?(?![\d/])"
)
"""Words (or a ratio such as '80/10/10') that make a 'shuffle' or 'random' about the split."""
_SPLIT_VERB = re.compile(
    r"\b(?:split\w*|partition\w*|divid\w*|separat\w*|held out|hold(?:ing)? out|"
    r"train(?:ed|s)? on|cut)\b"
)
_CV_KINDS: tuple[tuple[CVMethod, str], ...] = (
    (CVMethod.STRATIFIED_GROUP_KFOLD, r"stratified ?group ?k-?fold|stratifiedgroupkfold"),
    (CVMethod.GROUP_KFOLD, r"group ?k-?fold|groupkfold|leave-one-[a-z]+-out|"
                           r"(?:cross-validation|cv|folds?)[^.;\n]{0,30}"
                           r"grouped by|grouped (?:\d+-fold |k-?fold )?(?:cross-validation|cv|folds)|"
                           r"group(?:ed)?[- ]by[- ][\w-]+ (?:\d+-fold )?(?:cv|cross-validation|folds?)"),
    (CVMethod.STRATIFIED_KFOLD, r"stratified (?:\d+-fold|k-?fold|cross-validation|cv)"),
    (CVMethod.EXPANDING_WINDOW, r"expanding[- ]window|time ?series ?split|walk[- ]forward|forward[- ]chaining"),
    (CVMethod.SLIDING_WINDOW, r"sliding[- ]window (?:cv|cross-validation|validation|backtest)"),
    (CVMethod.ROLLING_ORIGIN, r"rolling[- ]origin|backtest\w*"),
    (CVMethod.KFOLD, r"\d+-fold|(?:five|ten|three)-fold|k-?fold|cross[- ]validat\w+|cv\b"),
)  # fmt: skip
_CV_RX = [(k, re.compile(r"(?<![\w-])(?:" + p + ")")) for k, p in _CV_KINDS]
_FOLDS = re.compile(r"(\d+|three|four|five|ten)[- ]fold")
_WORDS = {"three": 3, "four": 4, "five": 5, "ten": 10}
_GROUP_OF = re.compile(r"\b(?:by|on|per)\s+(?:the\s+)?([a-z_]+)")
_RATIO3 = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*%?\s*/\s*(\d{1,2}(?:\.\d+)?)\s*%?\s*/\s*(\d{1,2}(?:\.\d+)?)"
    r"(?![\d/])"
)
"""'80/10/10', '70% / 15% / 15%'."""
_RATIO2 = re.compile(r"(?<![\d./])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/%])")
_PART = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*%\s*(?:of (?:the )?[^.;,%\d]{0,50}? )?(?:for |as |in |to )?"
    r"(?:the )?(?:(?:internal|external|final|held-out|blind|separate|local|temporal) )?"
    r"(train|training|validation|val|dev|test|holdout|hold-out)"
)
_HOLD_OUT = re.compile(r"hold(?:ing)?[- ]?out (?:the )?(?:last |final )?(\d{1,2}(?:\.\d+)?)\s*%")


def extract_split(doc: Document, b: PlanBuilder) -> None:
    """Split strategy (by the kinds of split the plan states), group key, ratios, CV."""
    kinds: dict[str, Hit] = {}
    for kind, rx in _SPLIT_RX:
        for hit in doc.find(rx, _TRAIN_SCOPES):
            sentence = doc.ext[slice(*doc.sentence(hit.start, hit.end))]
            if (
                hit.polarity != "yes"
                or not _SPLIT_CONTEXT.search(sentence)
                or _not_cross_validation(doc, hit)
                or (kind == "random" and random_holdout(hit.match.group(0), sentence))
            ):
                continue
            if (
                kind == "time"
                and hit.match.group(0).startswith("by ")
                and not _SPLIT_VERB.search(sentence)
            ):  # 'Gini by booking year on the validation sample' reports, it does not split
                continue
            kinds.setdefault(kind, hit)
            break
    if "time" in kinds and _mentioned_only(doc, kinds):
        del kinds["time"]
    if "time" not in kinds:
        periods = _period_split(doc)
        if periods is not None:
            kinds["time"] = periods
    strategy = _strategy(set(kinds))
    if strategy is not None:
        b.set("training.split.strategy", strategy, doc.evidence(kinds[_decisive(kinds)]))
    named = _named_key(kinds["group"]) if "group" in kinds else None
    if named is not None:
        b.set("training.split.group_key", named, doc.evidence(kinds["group"]))
    if "group" in kinds:
        sentence = doc.ext[slice(*doc.sentence(kinds["group"].start))]
        key = _GROUP_OF.search(
            sentence, kinds["group"].start - doc.sentence(kinds["group"].start)[0]
        )
        if key is not None and key.group(1) not in ("time", "date", "the"):
            name = key.group(1).rstrip("s")
            b.set("training.split.group_key", name if name.endswith("_id") else f"{name}_id",
                  doc.evidence(kinds["group"]))  # fmt: skip
        entity = _KEPT_TOGETHER.search(kinds["group"].match.group(0))
        if entity is not None:  # 'policies of one customer kept in one split'
            b.set("training.split.group_key", f"{entity.group(1)}_id", doc.evidence(kinds["group"]))
    if strategy is not None:
        _fitted_before_split(doc, b, kinds[_decisive(kinds)])
    _ratios(doc, b)
    _cross_validation(doc, b)
    _validation_role(doc, b)
    if strategy is not None and strategy.respects_time:
        holdout = doc.first(_VALIDATION_WINDOW, (*_TRAIN_SCOPES, S.FEATURES, S.DATA))
        if holdout is not None:  # train / validate / test on successive windows: a backtest
            ev = doc.evidence(holdout)
            b.set("evaluation.validation_strategy.backtesting", ev.quote, ev)


_RESUME = re.compile(
    r"\b(?:resumes?|résumés?|curricul\w+|applicants?|candidates?|cover letters?|work history|"
    r"job history|parsed|parser)\b"
)
_FOLD_WORDS = re.compile(r"\bfolds?\b|\bcross[- ]validat|\b\d+-fold|\bk-?fold")


_VALUE_AFTER = re.compile(r"\s*(?:≈|=|~|:|of|is)?\s*~?\d")


def _named_key(hit: Hit) -> str | None:
    """The grouping noun a general group-split phrasing names ('split by scene' -> scene_id)."""
    for name, value in hit.match.groupdict().items():
        if name.startswith("key") and value:
            noun = value.replace(" ", "_")
            noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
            return noun if noun.endswith("_id") else f"{noun}_id"
    return None


def _not_cross_validation(doc: Document, hit: Hit) -> bool:
    """'We have the CV as a parsed document' (a résumé) or 'CV ≈ 1.8' (a coefficient of
    variation): not cross-validation."""
    if hit.match.group(0) != "cv":
        return False
    if _VALUE_AFTER.match(doc.ext, hit.end):
        return True
    sentence = doc.ext[slice(*doc.sentence(hit.start, hit.end))]
    return bool(_RESUME.search(sentence)) and not _FOLD_WORDS.search(sentence)


_KEPT_TOGETHER = re.compile(r"(?:of|from|for) (?:one|the same|a single|each|a given) ([a-z]+?)s? ")
_AFTER_FITTING = re.compile(
    r"\bafter (?:the )?(?:variable|feature|predictor) selection|\bafter (?:the )?(?:imputation|"
    r"scaling|normali[sz]ation|standardi[sz]ation|encoding|binning|preprocessing|pre-processing|"
    r"woe binning|feature engineering)"
)
_FITTED_STEP = re.compile(
    r"\bimput\w*|\bstandardi[sz]\w*|\bnormali[sz]\w*|\b(?:min-?max |standard )?scal(?:ed|ing|er)\b|"
    r"\btarget[- ]encod\w*|\b(?:woe|weight[- ]of[- ]evidence) bin\w*|\bfill(?:ed)? with the (?:mean|"
    r"median|mode)"
)
_TRAIN_ONLY = re.compile(r"\btrain\w*(?: split| fold| window| set| portion| rows)?(?: only)?\b")


def _decisive(kinds: dict[str, Hit]) -> str:
    return next(k for k in ("group", "time", "stratified", "random", "kfold") if k in kinds)


def _fitted_before_split(doc: Document, b: PlanBuilder, split: Hit) -> None:
    """'random 70 / 30 split ... after variable selection': every fitted step the plan lists
    before that point (imputation medians, scaling) has seen the rows that become the test set."""
    start, end = doc.sentence(split.start, split.end)
    if not _AFTER_FITTING.search(doc.ext, start, end):
        return
    for hit in doc.find(_FITTED_STEP, (S.FEATURES, S.TRAINING, S.DATA, S.MODEL)):
        if hit.start >= start or hit.polarity != "yes":
            continue
        if _TRAIN_ONLY.search(doc.ext, *doc.sentence(hit.start, hit.end)):
            continue
        b.set("features.preprocessing_fit_scope", FitScope.ALL_DATA, doc.evidence(hit))
        return


def _period_split(doc: Document) -> Hit | None:
    """A split written as periods: 'days 1-27 train, day 28 validation, days 29-30 test',
    'train on leads from 2022, validate on Q3 2024, test on Q4 2024'. Two roles with a date
    or period next to them, in one sentence, make a time-based split; a sentence that also
    shuffles ('assemble the 2019-2024 history for training and validation, shuffle it') only
    says which years the rows come from."""
    shuffles = [
        h.start for h in doc.find(dict(_SPLIT_RX)["random"], _TRAIN_SCOPES) if h.polarity == "yes"
    ]  # fmt: skip  ('I didn't want a random split' does not)
    for hit in doc.find(_ROLE, _TRAIN_SCOPES):
        start, end = doc.sentence(hit.start, hit.end)
        if any(start <= at < end for at in shuffles):
            continue
        roles = set()
        for role in _ROLE.finditer(doc.ext, start, end):
            lo, hi = max(start, role.start() - 45), min(end, role.end() + 45)
            if _DATEISH.search(doc.ext, lo, hi):
                roles.add(role.group(0)[:4])
        if len(roles) >= 2 and hit.polarity == "yes":
            return hit
    return None


def _mentioned_only(doc: Document, kinds: dict[str, Hit]) -> bool:
    """'Model Risk would normally expect an out-of-time test', 'July: build and backtest', a
    '12-month backtest' in the success criteria: a time split named outside the training and
    evaluation sections, with no roles beside it, while those sections shuffle or fold the rows.
    The shuffle is the split; the time words only name one."""
    time = kinds["time"]
    if time.scoped or not any(
        kinds[k].scoped for k in ("random", "stratified", "kfold") if k in kinds
    ):
        return False
    roles = {m.group(0)[:4] for m in _ROLE.finditer(doc.ext, *doc.sentence(time.start, time.end))}
    return len(roles) < 2


def _strategy(kinds: set[str]) -> SplitStrategy | None:
    if {"group", "time"} <= kinds:
        return SplitStrategy.GROUP_TIME_BASED
    if {"group", "stratified"} <= kinds:
        return SplitStrategy.STRATIFIED_GROUP
    order = (("group", SplitStrategy.GROUP), ("time", SplitStrategy.TIME_BASED),
             ("stratified", SplitStrategy.STRATIFIED), ("random", SplitStrategy.RANDOM),
             ("kfold", SplitStrategy.KFOLD))  # fmt: skip
    return next((strategy for kind, strategy in order if kind in kinds), None)


_VALIDATION_ROLE = re.compile(
    r"\b(?:on|against|using|with) (?:the )?validation\b(?! (?:of|rules?|checks?|errors?|labels?)\b)|"
    r"\b(?:tuned|tuning|early[- ]stopping) on (?:val|(?:a|an|the) (?:\d+ ?% )?(?:[\w-]+ )?(?:slice|"
    r"portion|part|share|chunk|subset|sample|split|set|fold)s? (?:of|from|carved|cut|taken)\b)(?!-)|"
    r"\bvalidation (?:is|are|will be|gets|get) used\b|"
    r"\b(?:cohorts?|years?|months?|weeks?|windows?|periods?|seasons?|quarters?|sets?|splits?|parts?|"
    r"portions?|slices?|samples?|folds?|data|fields|users|stores|sites|days) (?:is |are |will be |gets? )?"
    r"(?:used|kept|reserved|held (?:out|back)|set aside) (?:only )?for (?:the )?(?:model (?:choice|"
    r"selection)|tuning|hyper-?parameters?|selection|early[- ]stopping|choosing|picking|calibrat\w*|"
    r"threshold\w*|(?:the )?(?:list size|threshold|cut-?off|operating point))|"
    # 'the last six months of 2023 for early stopping', 'Jul-Dec 2023 validation (early
    # stopping)', 'months 1-14 train, 15-16 validation, 17-18 test'
    r"\b(?:for|\()\s*early[- ]stopping\b|\bvalidation and early[- ]stopping\b|"
    r"\b\d+\s*[-–]\s*\d+ (?:validation|val)\b(?! (?:rules?|checks?))"
)
"""Data with the validation role, however it is named: 'tried only if it improves … on
validation', 'the 2023 cohort is used for model choice and for setting the list size'."""


def _validation_role(doc: Document, b: PlanBuilder) -> None:
    """A portion kept for choices, separate from the test portion, is validation data."""
    if b.stated("evaluation.validation_strategy.holdout"):
        return
    for hit in doc.find(_VALIDATION_ROLE, (*_TRAIN_SCOPES, S.FEATURES), anywhere=False):
        if hit.polarity != "yes" or _ALSO_REPORTED.search(doc.ext, *doc.sentence(hit.start)):
            continue
        ev = doc.evidence(hit)
        b.set("evaluation.validation_strategy.holdout", ev.quote, ev)
        return


_ALSO_REPORTED = re.compile(
    r"\breport\w*|\bquot(?:e|ed|ing)\b|\bheadline\b|\bfinal (?:score|number|figure|estimate)|"
    r"\bon (?:those|these|the) same\b"
)
"""'The other 20 % is used for early stopping, for the search and for the scores we report':
one portion that tunes and reports is a test set used for tuning (L12), not validation data."""


def _whole(numbers: tuple[str | Any, ...]) -> bool:
    """'80/10/10' or '0.7/0.15/0.15': three shares of one whole."""
    total = sum(float(n) for n in numbers)
    return abs(total - 100) < 0.6 or abs(total - 1) < 0.006


def _ratios(doc: Document, b: PlanBuilder) -> None:
    for rx in (_RATIO3, _RATIO2, _PART, _HOLD_OUT):
        for hit in doc.find(rx, _TRAIN_SCOPES):
            start, end = doc.sentence(hit.start, hit.end)
            sentence = doc.ext[start:end]
            whole = rx is _RATIO3 and hit.scoped and _whole(hit.match.groups())
            if hit.polarity == "no" or not (_SPLIT_CONTEXT.search(sentence) or whole):
                continue
            if rx in (_RATIO3, _RATIO2) and not _could_be_shares(doc.ext, hit):
                continue  # 'trends over 6/12/24 h', '30/60/90-day arrears'

            ratios = _read_ratios(rx, hit, sentence, doc.ext[hit.start : end])
            if ratios is not None:
                b.set("training.split.ratios", ratios, doc.evidence(hit))
                return


_UNIT_AFTER = re.compile(
    r"\s*-?\s*(?:h|hrs?|hours?|d|days?|weeks?|wks?|months?|min|mins|minutes?|s|secs?|ms|km|m|"
    r"cm|mm|kg|g|°|px|bins?|quantiles?|percentiles?)\b"
)


def _could_be_shares(text: str, hit: Hit) -> bool:
    """'80/10/10' splits a whole (a slip such as '70/20/20' too, which S03 reports); '6/12/24 h'
    and '30/60/90' are durations or steps, far from a whole and often with a unit."""
    if _UNIT_AFTER.match(text, hit.end):
        return False
    total = sum(float(n) for n in hit.match.groups())
    return 80 <= total <= 120 or 0.8 <= total <= 1.2


def _read_ratios(
    rx: re.Pattern[str], hit: Hit, sentence: str, rest: str
) -> dict[str, float] | None:
    if rx is _PART:
        parts: dict[str, float] = {}
        for m in _PART.finditer(rest):
            role = {"training": "train", "val": "validation", "dev": "validation",
                    "holdout": "test", "hold-out": "test"}.get(m.group(2), m.group(2))  # fmt: skip
            parts.setdefault(role, float(m.group(1)) / 100)
        if "test" in parts and "train" not in parts:
            parts["train"] = round(1 - parts["test"] - parts.get("validation", 0.0), 4)
        return {k: parts.get(k, 0.0) for k in ("train", "validation", "test")} if parts else None
    numbers = [float(x) for x in hit.match.groups()]
    if rx is _HOLD_OUT:
        test = numbers[0] / 100
        return {"train": round(1 - test, 4), "validation": 0.0, "test": test}
    scale = 100.0 if sum(numbers) > 2 else 1.0
    values = [n / scale for n in numbers]
    if any(v > 1 for v in values):
        return None
    if len(values) == 3:
        return dict(zip(("train", "validation", "test"), values, strict=True))
    second = (
        "validation" if re.search(r"\bval|\bdev\b", sentence) and "test" not in sentence else "test"
    )
    return {"train": values[0], "validation": 0.0, "test": 0.0, second: values[1]}


def _cross_validation(doc: Document, b: PlanBuilder) -> None:
    for method, rx in _CV_RX:
        hit = next(
            (h for h in doc.find(rx, _TRAIN_SCOPES) if not _not_cross_validation(doc, h)), None
        )
        if hit is None:
            continue
        start, end = doc.sentence(hit.start, hit.end)
        folds = _FOLDS.search(doc.ext, start, end)
        count = 0 if folds is None else _WORDS.get(folds.group(1)) or int(folds.group(1))
        ev = doc.evidence(hit)
        b.set("training.cross_validation", {"method": method, "folds": count}, ev)
        b.set("evaluation.validation_strategy.cross_validation", _cv_text(doc, start, end), ev)
        return


_CV_REPORTED = re.compile(
    r"\breport\w*\b[^.;]{0,40}?\b(?:that|this|the|their|its) (?:mean|average)\b|\breport\w* (?:the |that |"
    r"this |our )?(?:mean |average )?(?:cross[- ]?validat\w*|cv|fold|out-of-fold|oof)\b|\b(?:cross[- ]?"
    r"validat\w*|cv|fold|out-of-fold) (?:[\w-]+ ){0,3}(?:as|is) (?:the |our )?(?:expected|final|reported|"
    r"headline) (?:performance|score|estimate|result|number|accuracy)"
)
"""The cross-validated score is the number the plan reports: 'reporting that mean', 'report the
cross-validated AUC and Gini as the expected performance'."""


def _cv_text(doc: Document, start: int, end: int) -> str:
    """The sentence that states the cross-validation, and the next one when it says the fold
    score is what gets reported ('…to choose hyper-parameters; we then refit on everything and
    report the cross-validated AUC')."""
    text = doc.quote(start, end, limit=400)
    if _CV_REPORTED.search(doc.ext, start, end):
        return text
    nxt_start = end + 1
    while nxt_start < len(doc.ext) and doc.ext[nxt_start].isspace():
        nxt_start += 1
    if nxt_start < len(doc.ext):
        n_start, n_end = doc.sentence(nxt_start)
        if _CV_REPORTED.search(doc.ext, n_start, n_end):
            text += " … " + doc.quote(n_start, n_end, limit=300)
    return text
