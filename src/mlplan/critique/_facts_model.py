"""Model and training facts: model family, baseline, tuning, resampling, preprocessing scope.

'Logistic regression first (baseline), then LightGBM' makes LightGBM the primary model and
logistic regression the baseline; 'fit the vocabulary on all tickets, then split' fits
preprocessing on all data. How the data is split lives in ``_facts_split``.
"""

from __future__ import annotations

import re

from mlplan.critique._builder import PlanBuilder, fill_unstated
from mlplan.critique._document import Document, Hit
from mlplan.critique._metrics import Mention, within
from mlplan.domain import Evidence, FitScope, ModelFamily, Section
from mlplan.validate.evaluation_leakage import REPORTED_ON

F = ModelFamily
S = Section

# fmt: off
FAMILIES: tuple[tuple[ModelFamily, str], ...] = (
    (F.LEARNING_TO_RANK, r"lambdamart|lambdarank|learning[- ]to[- ]rank|xgbranker|lgbmranker|ranknet"),
    (F.TWO_TOWER, r"two[- ]tower"),
    (F.MATRIX_FACTORISATION, r"matrix factori[sz]ation|als\b|collaborative filtering"),
    (F.ISOLATION_FOREST, r"isolation forests?"),
    (F.AUTOENCODER, r"auto-?encoders?"),
    (F.GBDT, r"xgboost|lightgbm|lgbm|catboost|gradient[- ]boost\w*|gbdt|gbm\b|boosted (?:trees?|model)"),
    (F.RANDOM_FOREST, r"random forests?"),
    (F.TREE, r"decision trees?|cart\b"),
    (F.LLM, r"llms?\b|large language models?|gpt-?[345]\w*|gpt\b|llama\w*|claude\b|gemini\b|mistral\b"),
    (F.TRANSFORMER, r"distil-?bert|roberta|bert\b|transformers?\b|vit\b|deberta|xlm-r"),
    (F.CNN, r"(?:[a-z0-9]{1,4}-)?cnns?\b|convnets?\b|convolutional|resnet\w*|efficientnet\w*|yolo\w*|u-?net\b|mobilenet\w*|densenet|convnext"),
    (F.NEURAL_NET, r"neural net(?:work)?s?|deep learning|dnn\b|mlp\b|multi-?layer perceptron|(?:bi-?)?lstm\b|"
                   r"gru\b|rnn\b|deepar\b|temporal fusion|n-?beats|wide (?:&|and) deep|deepfm"),
    (F.STATISTICAL, r"s?arimax?\b|prophet\b|exponential smoothing|ets\b|holt[- ]winters|croston"),
    (F.NEAREST_NEIGHBOUR, r"k-?nn\b|nearest[- ]neighbou?rs?|faiss\b|hnsw\b"),
    (F.CLUSTERING, r"k-?means|dbscan|hdbscan|gaussian mixture|hierarchical clustering|agglomerative"),
    (F.LINEAR, r"logistic regression|linear regression|logit\b|ridge(?: regression)?\b|lasso\b|"
               r"elastic[- ]net|glms?\b|linear models?|linear (?:probes?|heads?|classifiers?)|poisson regression|svm\b|naive bayes|lr\b(?!\s*[=:])|"
               r"scorecard"),
    (F.ENSEMBLE, r"ensembles?\b|stacking|stacked models?|blend(?:ing|ed)?\b"),
    (F.HEURISTIC, r"rule-?based|heuristics?|business rules|hand-?written rules|keyword rules"),
)
# fmt: on
_FAMILY_RX = [(f, re.compile(r"(?<![\w-])(?:" + p + ")")) for f, p in FAMILIES]
_BASELINE_CUE = re.compile(
    r"\bbaselines?\b|\bbenchmark|\bfirst\b|\bstart(?:ing)? (?:with|from)|\bcompared? (?:against|"
    r"with|to)|\bcurrent\b|\btoday\b|\bexisting\b|\blegacy\b"
)
_PRIMARY_CUE = re.compile(
    r"\bprimary model|\bmain model|\bfinal model|\bproduction model|\bchampion\b|\bwe(?:'ll| will) "
    r"(?:use|ship|deploy|go with|build|train)|\bmodel (?:choice|family)\s*(?:is|:|=)|\bchosen model|"
    r"\bwe (?:chose|choose|picked|selected|propose|recommend)|\bthen\b|\bupgrade to|\bmove to|"
    r"\bfollowed by|\bmain candidate"
)
_SEQUENCE = re.compile(
    r"\bfirst\b|\bthen\b|\bstart(?:ing)? (?:with|from)|\bfollowed by|\bbaseline|\biterat\w+|\bnext\b"
)

_TUNE = re.compile(
    r"\bhyper-?parameters?\b|\btun(?:e|ed|ing)\b(?! (?:in|out))|\boptuna\b|\bgrid search|\brandom "
    r"search|\bbayesian optimi[sz]\w+|\bhyperopt\b|\bsweeps?\b|\b(?:c|alpha|n-gram range|learning "
    r"rate|depth)\b(?: and [\w -]+?)? (?:is |are )?(?:picked|chosen|selected|tuned)"
)
_ON_TEST = re.compile(r"\b(?:on|using|by|with|against) (?:the )?(?:\w+ )?test\b(?!-)")
_IMBALANCE = re.compile(
    r"\bsmote\b|\badasyn\b|\bover-?sampl\w*|\bunder-?sampl\w*|\bup-?sampl\w*|\bdown-?sampl\w*|"
    r"\bre-?sampl\w*|\brebalanc\w*|\bclass[- ]weights?\b|\bscale_pos_weight|\bfocal loss"
)
_THINNING = re.compile(
    r"\b(?:drop|discard|remov|throw(?:ing|s)? away|thin(?:s|ning)? out|sub-?sampl|keep(?:s|ing)? only|"
    r"retain(?:s|ing)? only|delet)\w*\b(?=[^.;]{0,90}?\b(?:until|so that|to get|to reach|to make|"
    r"to leave|leaving|down to|to a|to an|for a|at a)\b[^.;]{0,50}?(?:\b\d+\s*(?:[a-z-]+\s*)?:\s*\d+\b|"
    r"\bequal\b|\bbalanced\b|\b50\s*/\s*50\b|\b(?:1|one)[- ]to[- ](?:1|one)\b|\bparity\b|\bsame "
    r"(?:number|size|count)))|"
    r"\b(?:drop|discard|remov|sub-?sampl|keep(?:s|ing)? only|retain(?:s|ing)? only)\w* (?:about |"
    r"roughly |~)?\d+ ?% of (?:the )?(?:negative|majority|non-[\w-]+|legit\w*|normal|healthy|clean|"
    r"other|unlabell?ed|stay\w*)|"
    r"\bbalanc(?:e|es|ing) (?:the )?(?:classes|class (?:mix|distribution)|data(?:set)?|labels|sample)\b"
)
"""Rebalancing written as throwing rows away: 'randomly drop non-claim parcels until it is 1 claim :
1 no-claim', 'keep only 10% of the negatives', 'balance the classes'."""
_SPLIT_AFTER = re.compile(
    r"\b(?:then|afterwards|after that|next|only then|before)\b[^.;]{0,50}?\b(?:split\w*|divid\w*|"
    r"carv\w*|partition\w*|separat\w*|allocat\w*|assign\w* (?:\w+ )?(?:to|into) (?:train|test|"
    r"validation)|(?:hold|held|holding) out|set(?:s|ting)? aside)"
)
"""A split that comes after the resampling: '…, and then divide that balanced set into a
training part and a test part', '…, then carve out 70/15/15'."""
_SPLIT_BEFORE = re.compile(
    r"\b(?:after|once) (?:the |we )?(?:split\w*|partition\w*|divid\w*)|\bsplit\w*\b[^.;]{0,80}?\b"
    r"(?:then|and then|before)\b"
)
_OUTSIDE = re.compile(
    r"before (?:the )?split\w*|then split\w*|over the (?:combined|full|entire|whole) (?:sample|"
    r"data(?:set)?)|(?:on|to) (?:the )?(?:full|entire|whole|all)\b[^.;,]{0,30}|(?:the )?"
    r"(?:test|validation|holdout|eval\w*) (?:set|data|rows|window|split)"
)
_INSIDE = re.compile(
    r"train(?:ing)? (?:set|data|folds?|portion|part|window|split|rows)(?: only)?|only (?:on|to|in) (?:the )?"
    r"train\w*|inside (?:the |each )?(?:cv|folds?|pipeline|training)\w*|within (?:each )?(?:training )?fold"
)
_BOOTSTRAP = re.compile(r"bootstrap|confidence interval|\bci\b")
_WEIGHTING = re.compile(r"class[- ]weights?|scale_pos_weight|focal loss")
_EXPLICIT_REBALANCING = re.compile(
    r"smote|adasyn|over-?sampl|under-?sampl|rebalanc|class|scale_pos|focal"
)
_CLASS_CONTEXT = re.compile(
    r"class|imbalanc|minority|majority|positives?|negatives?|fraud|rare|ratio|balance|legit|churn|"
    r"non-\w+|abusive|toxic|spam|labels?|examples|(?:test|training|validation) (?:set|data|folds?)"
)


def _is_rebalancing(doc: Document, hit: Hit) -> bool:
    """'Resample every scan to 1 mm voxels' or a bootstrap is not class rebalancing."""
    sentence = doc.ext[slice(*doc.sentence(hit.start, hit.end))]
    if _BOOTSTRAP.search(sentence):
        return False
    return bool(_EXPLICIT_REBALANCING.match(hit.match.group(0)) or _CLASS_CONTEXT.search(sentence))


_THEN = re.compile(r",?\s+(?:and\s+)?then\s+|;\s+then\s+|\s+(?:→|->)\s+(?=[a-z])", re.I)
_PREPROCESS = re.compile(
    r"scal|normali|standardi|imput|encod|vocabular|idf|pca|embedding|tokeni|binn|pipeline|"
    r"preprocess|transform|statistic|mean|median|woe|weight[- ]of[- ]evidence"
)
_FIT_ALL = re.compile(
    r"\b(?:fit|fitted|fitting|fits|computed?|calculated?|learn(?:ed|t)?|built|estimated?|z-scor\w*|"
    r"min-max|scaled|standardi[sz]\w*|normali[sz]\w*|imputed|target[- ]encod\w*|standard[- ]scal\w*)"
    r"\b[^.;\n]"
    r"{0,80}?\b(?:on|over|using|across|from|of)\s+(?:the\s+)?(?:full|entire|whole|all|complete)\b"
    r"(?!\s+(?:the\s+)?(?:train|development|dev\b|fitting))|"
    r"\b(?:normali[sz]\w*|standardi[sz]\w*|scal(?:e|ed|ing)|imput\w*|encod\w*|fit\w*|vocabulary)\b"
    r"[^.;\n]{0,80}?\bbefore (?:the )?(?:train[/ -]test )?split"
)
_FIT_TRAIN = re.compile(
    r"\bfit(?:ted)?\b[^.;\n]{0,80}?\b(?:on|to) (?:the )?train(?:ing)? (?:portion|set|data|folds?|"
    r"split|window|rows)|\binside (?:the |each )?(?:cv |cross-validation )?(?:training )?folds?|"
    r"\bwithin (?:each |the )?(?:training )?folds?"
)
_SELECTION = re.compile(
    r"\bfeature selection|\b(?:stepwise|forward|backward) selection|\brecursive feature "
    r"elimination|\brfe\b|\bselectkbest|\bmutual information|\bvariable (?:reduction|selection)|"
    r"\bselect(?:ing|ed)? (?:the )?(?:top|best) (?:\d+ )?(?:features|variables)|"
    r"\b(?:chi-?2|chi-?squared?|anova f|f-test|information gain)\b|\b(?:keep|select|retain|pick|take)"
    r"(?:s|ing)? (?:only )?(?:the )?(?:top )?(?:~?\d[\d,.]*k? )?(?:most )?(?:informative|predictive|"
    r"important|relevant|discriminative|correlated) (?:[\w-]+ ){0,2}?(?:features|variables|tokens|"
    r"words|terms|columns|predictors|n-?grams|inputs)"
)


def extract_model(doc: Document, b: PlanBuilder) -> None:
    """Primary model, candidates, baseline and iteration order from the model section."""
    mentions: list[tuple[ModelFamily, Hit]] = [
        (family, hit)
        for family, rx in _FAMILY_RX
        for hit in doc.find(rx, (S.MODEL,), anywhere=False)
        if hit.polarity != "no"
    ]
    mentions.sort(key=lambda pair: pair[1].start)
    if not mentions:
        for family, rx in _FAMILY_RX:
            hit = doc.first(rx)
            if family is not F.HEURISTIC and hit is not None:
                mentions = [(family, hit)]
                break
    if not mentions:
        return
    names: list[str] = []
    baseline: tuple[ModelFamily, Hit] | None = None
    for family, hit in mentions:
        name = doc.quote(hit.start, hit.end, limit=60)
        s_start, s_end = doc.sentence(hit.start, hit.end)
        if baseline is None and _BASELINE_CUE.search(doc.ext, s_start, s_end):
            baseline = (family, hit)
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
            b.append("model.candidates", {"name": name, "family": family}, doc.evidence(hit))
    primary = _choose_primary(doc, mentions, baseline)
    family, hit = primary
    b.set("model.primary", {"name": doc.quote(hit.start, hit.end, limit=60), "family": family},
          doc.evidence(hit))  # fmt: skip
    if baseline is not None and baseline[1] is not hit:
        b.set("model.baseline.name", doc.quote(baseline[1].start, baseline[1].end, limit=60),
              doc.evidence(baseline[1]))  # fmt: skip
    if len(names) >= 2 and any(doc.find(_SEQUENCE, (S.MODEL,), anywhere=False)):
        b.set("model.iteration_order", names, doc.evidence(mentions[0][1]))


def _choose_primary(
    doc: Document,
    mentions: list[tuple[ModelFamily, Hit]],
    baseline: tuple[ModelFamily, Hit] | None,
) -> tuple[ModelFamily, Hit]:
    for cue in doc.find(_PRIMARY_CUE, (S.MODEL,), anywhere=False):
        end = doc.sentence(cue.start, cue.end)[1]
        after = [(f, h) for f, h in mentions if cue.start <= h.start < end and h.polarity == "yes"]
        if cue.polarity == "yes" and after:
            return after[0]
    firm = [(f, h) for f, h in mentions if h.polarity == "yes"]
    others = [pair for pair in firm if baseline is None or pair[1] is not baseline[1]]
    return (others or firm or mentions)[0]


def extract_training(doc: Document, b: PlanBuilder, metrics: list[Mention]) -> None:
    """Tuning (and on what), resampling, pipeline steps, preprocessing and selection scope."""
    tune = doc.first(_TUNE, (S.TRAINING, S.MODEL, S.EVALUATION))
    if tune is not None:
        ev = doc.evidence(tune)
        start, end = doc.sentence(tune.start, tune.end)
        b.set("training.tuning.method", ev.quote, ev)
        named = within(metrics, start, end)
        if named:
            b.set("training.tuning.metric", named[0].name, ev)
        on_test = _ON_TEST.search(doc.ext, start, end)
        # 'picked by test accuracy', 'tuned on the test set'; not 'tune on val, report on test'
        if on_test is not None and not REPORTED_ON.search(doc.ext, tune.end, on_test.start()):
            b.set("training.tuning.on", ev.quote, ev)
    if not b.stated("training.tuning.on"):
        _chosen_on_test_window(doc, b)
    if not b.stated("training.tuning.on"):
        _chosen_on_holdout(doc, b)
    if not b.stated("training.tuning.on"):
        _chosen_then_reported(doc, b)
    resample = _resampling(doc)
    if resample is not None:
        ev = doc.evidence(resample)
        weights = _WEIGHTING.fullmatch(resample.match.group(0))  # weighting resamples no rows
        method = doc.quote(resample.start, resample.end) if weights else ev.quote
        applied_to = _resampled_rows(doc, resample)
        b.set("training.imbalance", {"method": method, "applied_to": applied_to}, ev)
    for block in doc.outline.blocks_of(S.TRAINING):
        if block.kind == "bullet":
            text = doc.block_text(block)
            for step in _THEN.split(text):  # 'run SMOTE, then split by month': two steps, in order
                if step.strip():
                    b.append("training.steps", step.strip(), Evidence(line=block.line, quote=text))
    _fit_scope(doc, b)
    extract_reference_point(doc, b)
    _run_records(doc, b)


_REFERENCE_POINT = re.compile(
    r"\bbenchmark(?: model| method| rule| forecast)?s?\s*(?::|=|is\b|will be\b)|\bcomparison\s*:|"
    r"\bthe (?:rule|method|process|spreadsheet|heuristic) (?:[\w-]+ ){0,2}?(?:use|uses|used) (?:now|"
    r"today)\b|\bvs\.? \d+(?:\.\d+)? (?:for|from|with) (?:the |a |our )?[\"'“]?(?:same|last|naive|"
    r"seasonal|persistence|current|vendor|existing|old)\b|"
    r"\b(?:compar\w*|benchmark\w*|measur\w*|judg\w*|evaluat\w*|scor\w*|report\w*) (?:\w+ ){0,2}?"
    r"(?:against|versus|vs\.?|side by side with|alongside) (?!(?:the |their |its )?(?:actual|final|"
    r"realis|realiz|observed|ground|true|truth|labels?|outcomes?|reality|training|validation|test|"
    r"each other|one another))|"
    r"\b(?:naive|persistence|seasonal[- ]naive|climatology|majority[- ]class|prior[- ]only|"
    r"reference|status[- ]quo|do-nothing) (?:forecasts?|predictors?|models?|baselines?|benchmarks?|"
    r"methods?|rules?|arm)\b|\bthe (?:bar|number) to beat\b|\bmust beat (?:the )?(?:current|"
    r"existing|today's|manual|rule|heuristic)|"
    r"\b(?:the|as the) comparison (?:for [\w ]{0,30}?)?(?:is|will be|=)?\b|\bwhat (?:[\w-]+ ){1,2}do today\b|"
    r"\b(?:existing|current|old|legacy|incumbent|keyword) (?:[\w/-]+ ){0,3}?(?:rules?|detectors?|"
    r"filters?|scorecards?|heuristics?|checks?|tests?|tools?|plug-?ins?)\b[^.;]{0,60}?\b(?:gets?|got|"
    r"scores?|scored|flags?|flagged|catches|caught|finds|found|reach(?:es)?|achieves?|achieved)\b"
)
"""A reference the model is judged against, however it is called: 'Benchmark: the 2015
scorecard', 'comparing against heads-of-year nominations', 'the five-year average is the naive
forecast … we will report it alongside'. Comparisons with actuals or other splits are not."""


def extract_reference_point(doc: Document, b: PlanBuilder) -> None:
    """A baseline the plan names without the word 'baseline' (model.baseline)."""
    if b.stated("model.baseline.name"):
        return
    for hit in doc.find(_REFERENCE_POINT, (S.EVALUATION, S.MODEL), anywhere=False):
        if hit.polarity != "yes" or doc.label_only(hit):
            continue
        ev = doc.evidence(hit)
        b.set("model.baseline.name", ev.quote, ev)
        return


_DATA_VERSION = re.compile(
    r"\bsnapshot (?:dates?|timestamps?|tags?|hash(?:es)?)\b|\b(?:data|dataset|manifest|extract|"
    r"table) (?:hash(?:es)?|checksums?|fingerprints?)\b|\b(?:records?|logs?|stores?|saves?|pins?)"
    r"\b[^.;]{0,60}?\b(?:snapshot|extract|partition|table version|as-of date)\b"
)
"""Which data a run saw, however it is pinned: 'the snapshot date of the asset register', 'data
manifest hash', 'each run records … the extract'."""
_TRACKED_RUN = re.compile(
    r"\b(?:record\w*|logg?\w*|track\w*|stor\w*|sav\w*)\b[^.;]{0,50}?\b(?:with |for |per |in )?"
    r"(?:each|every) (?:training )?(?:run|experiment)\b[^.;]{0,30}?\b(?:in|to|with) (?:mlflow|w&b|"
    r"wandb|weights (?:&|and) biases|neptune|comet|sagemaker experiments|vertex (?:ai )?experiments)"
)
"""A run logged to an experiment tracker, which records the code commit it ran from."""


def _run_records(doc: Document, b: PlanBuilder) -> None:
    """Data and code versions the plan pins in wordings the generic readings miss."""
    scopes = (S.TRAINING, S.MODEL, S.EVALUATION, S.DATA)
    fill_unstated(
        doc,
        b,
        scopes,
        (("training.versioning.data", _DATA_VERSION), ("training.versioning.code", _TRACKED_RUN)),
    )


_PERIOD_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\bq[1-4]\b|\b(?:19|20)\d\d\b"
)
_TEST_PERIOD = re.compile(
    r"\b(?:test(?:ing|ed)? (?:on|with|against)|test (?:set|window|period|months?|year|quarter)\s*"
    r"(?::|=|is|are|covers)?|holds? out|held[- ]out|hold-?out(?=\s*[:=])|test(?=\s*[:=]?\s*(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec|q[1-4]\b|(?:19|20)\d\d)))\s*[:=]?\s*(?:the )?(?P<span>[^.;]{3,60})"
)
_CHOICE_ON = re.compile(
    r"\b(?:keep|pick|choos|chose|select|take|go(?:es)? with|ship)\w* (?:whichever|the (?:best|one|"
    r"winner|model|configuration|config|family|setting)|what(?:ever)?)\b[^.;]{0,80}?\b(?:best|"
    r"highest|lowest|top|wins?)\b[^.;]{0,30}?\b(?:on|in|over) (?:the )?(?P<target>[^.;,]{3,60})|"
    r"\bearly[- ]stopping\b[^.;]{0,60}?\b(?:on|against|using) (?:the )?(?P<target2>[^.;,]{3,60})|"
    r"\b(?:keep|pick|choos|chose|select|take|set)\w* (?:[\w()./-]+ ){1,6}?(?:whichever|the one|as the "
    r"one)\b[^.;]{0,60}?\b(?:best|highest|lowest|top|wins?)\b[^.;]{0,30}?\b(?:on|in|over) (?:the )?"
    r"(?P<target3>[^.;,]{3,60})|"
    r"\b(?:choos|chose|pick|select|tun|set)\w* (?:that |the |a |our )?(?:[\w-]+ ){0,6}?(?:cut-?off|"
    r"threshold|operating point|family|window|hyperparameters?|settings?|weights?)\b[^.;,]{0,30}?"
    r"\b(?:on|in|over) (?:the )?(?P<target4>(?:[a-z]+ )?(?:(?:19|20)\d\d|(?:jan|feb|mar|apr|may|jun|"
    r"jul|aug|sep|oct|nov|dec)[a-z]*)[^.;,]{0,40})"
)
"""'keep whichever configuration does best on the October–December window', 'pick whichever
wins on 2024 WAPE', 'choose the model family and the smoothing window on 2024'."""
_CHOICE_ON_HOLDOUT = re.compile(
    r"\b(?:keep|pick|choos|chose|select|take|tun|set)\w*\b[^.;]{0,100}?\b(?:best|highest|lowest|"
    r"top|wins?|maximi[sz]\w*|minimi[sz]\w*|still gives?)\b[^.;]{0,60}?\b(?:on|in|over|across) "
    r"(?:the |our )?(?:same )?(?:[\w-]+ ){0,3}?(?:hold-?out|held[- ]out)\b(?! (?:validation|val)\b)|"
    r"\b(?:keep|pick|choos|chose|select|take)\w*\b[^.;]{0,60}?\b(?:best|highest|lowest) "
    r"(?:hold-?out|held[- ]out) [a-z][\w@-]*"
)
"""A choice made on 'the holdout' of a plan whose only held-out data is that holdout: 'keep
whichever scores the lowest WAPE on the holdout, and that WAPE is the number we report'."""
_VALIDATION_SET = re.compile(r"\b(?:validation|val|dev|development|tuning) (?:set|split|fold|"
                             r"period|window|weeks?|months?|data|year|lots?|slice)\b|\bval\b")  # fmt: skip


def _periods(text: str) -> set[str]:
    """Months by their first three letters ('oct', 'october'); years and quarters whole."""
    return {
        w[:3] if w[0].isalpha() and w[0] != "q" else w
        for w in (m.group(0) for m in _PERIOD_WORD.finditer(text))
    }


def _chosen_on_test_window(doc: Document, b: PlanBuilder) -> None:
    """A choice made on the window the plan names as its test period, by its dates: 'test on
    October to December 2023 … keep whichever configuration does best on the October–December
    window' tunes on the test set without saying 'test'."""
    scopes = (S.TRAINING, S.EVALUATION, S.MODEL)
    test = next((h for h in doc.find(_TEST_PERIOD, scopes) if h.polarity == "yes"), None)
    if test is None:
        return
    test_periods = _periods(test.match.group("span"))
    if not test_periods:
        return
    for hit in doc.find(_CHOICE_ON, scopes):
        group = next(g for g in ("target", "target2", "target3", "target4") if hit.match.group(g))
        periods = _periods(hit.match.group(group))
        if hit.polarity == "yes" and periods and periods <= test_periods:
            ev = doc.evidence(hit)
            where = doc.quote(hit.match.start(group), hit.end)
            period = doc.quote(test.match.start("span"), test.end)
            b.set("training.tuning.on", f"{where} (the test period: {period})", ev)
            return


_CHOSE = re.compile(
    r"\b(?:keep|kept|keeping|pick|picked|picking|choos\w*|chose|select\w*|set|sweep\w*)\b"
)
_REPORTED_BACK = re.compile(
    r"\breport\w*\b[^.;]{0,80}?\b(?:at that|on (?:those|these|the) same|that same)\b|"
    r"\b(?:that|the|those) same [\w-]+(?: [\w-]+)? (?:then )?(?:gives?|is|are|provides?) (?:the |our )?"
    r"(?:reported|numbers? we|figures? we)|\breport (?:that|this|its|the winner's) (?:[\w@-]+ )?"
    r"[\w@-]+\b|\bwhich (?:i|we)(?:'d| had| have)? (?:held back|kept back|set aside|reserved) as "
    r"(?:the |our )?test\b|"
    r"\breport\w* [^.;]{0,60}?\bis that same\b"
)
"""The figure a choice was made on is the one reported: 'keep whichever has the lowest RMSE
there, and report that RMSE', 'the same season then gives the reported numbers'."""
_OTHER_DATA = re.compile(
    r"\bvalidation\b|\bval\b|\bdev(?:elopment)? set|\bcross-validat|\bfolds?\b"
)


def _chosen_then_reported(doc: Document, b: PlanBuilder) -> None:
    """A choice whose own sentence, or the next, reports the figure it was made on: the data
    that chose is the data that reports, a test set used for a choice (L07)."""
    for hit in doc.find(_CHOSE, (S.TRAINING, S.EVALUATION, S.MODEL)):
        start, end = doc.sentence(hit.start, hit.end)
        _, after = doc.sentence(min(len(doc.ext) - 1, end + 2))
        if hit.polarity != "yes" or _OTHER_DATA.search(doc.ext, start, after):
            continue
        if _REPORTED_BACK.search(doc.ext, hit.end, after):
            quote = doc.quote(start, after, limit=300)
            b.set("training.tuning.on", f"{quote} (the figure it was chosen on is the reported "
                  "test figure)", doc.evidence(hit))  # fmt: skip
            return


def _chosen_on_holdout(doc: Document, b: PlanBuilder) -> None:
    """A choice made on 'the holdout' when the plan keeps no other held-out data: the holdout is
    its test set (see ``_CHOICE_ON_HOLDOUT``). A plan that also names a validation set may call
    that one its holdout, so it is left alone."""
    if doc.first(_VALIDATION_SET, (S.TRAINING, S.EVALUATION, S.MODEL)) is not None:
        return
    hit = doc.first(_CHOICE_ON_HOLDOUT, (S.TRAINING, S.EVALUATION, S.MODEL))
    if hit is not None:
        b.set("training.tuning.on", f"{doc.sentence_quote(hit)} (the holdout is the only test "
              "data the plan keeps)", doc.evidence(hit))  # fmt: skip


def _thins(doc: Document, hit: Hit) -> bool:
    """Rows dropped towards a class balance; a bootstrap resample is not rebalancing."""
    return not _BOOTSTRAP.search(doc.ext, *doc.sentence(hit.start, hit.end))


def _resampling(doc: Document) -> Hit | None:
    """The first statement that rebalances the classes; one that moves rows (SMOTE, dropping
    negatives) wins over one that only weights them."""
    scopes = (S.TRAINING, S.MODEL, S.FEATURES, S.DATA)
    found = [
        h
        for rx in (_IMBALANCE, _THINNING)
        for h in doc.find(rx, scopes)
        if h.polarity == "yes" and (_is_rebalancing(doc, h) if rx is _IMBALANCE else _thins(doc, h))
    ]
    rows = [h for h in found if not _WEIGHTING.fullmatch(h.match.group(0))]
    return next(iter(rows or found), None)


def _resampled_rows(doc: Document, hit: Hit) -> str:
    """Which rows the resampling touches, in the author's words: 'over the combined sample',
    'after the split', '…, then carve out 70/15/15' (the split comes later, so every split
    inherits the balance) or 'the training folds only'; '' when the plan does not say."""
    start, end = doc.sentence(hit.start, hit.end)
    outside = _OUTSIDE.search(doc.ext, start, end)
    if outside is not None:
        return outside.group(0)
    before = _SPLIT_BEFORE.search(doc.ext, start, hit.start)
    if before is not None:
        return before.group(0)
    after = _SPLIT_AFTER.search(doc.ext, hit.end, min(len(doc.ext), end + 160))
    if (
        after is not None and after.start() <= end + 40
    ):  # this sentence, or the next one opens with it
        return doc.quote(after.start(), doc.sentence(after.start(), after.end())[1], limit=80)
    inside = _INSIDE.search(doc.ext, start, end)
    return inside.group(0) if inside is not None else ""


def _fit_scope(doc: Document, b: PlanBuilder) -> None:
    scopes = (S.FEATURES, S.TRAINING, S.MODEL, S.DATA)
    for hit in doc.find(_FIT_ALL, scopes):
        sentence = doc.ext[slice(*doc.sentence(hit.start, hit.end))]
        if (
            hit.polarity == "yes"
            and _PREPROCESS.search(sentence)
            and not _FIT_TRAIN.search(sentence)
        ):
            b.set("features.preprocessing_fit_scope", FitScope.ALL_DATA, doc.evidence(hit))
            break
    train = doc.first(_FIT_TRAIN, scopes)
    if train is not None:
        b.set("features.preprocessing_fit_scope", FitScope.TRAINING_FOLDS, doc.evidence(train))
    selection = doc.first(_SELECTION, (S.FEATURES, S.TRAINING, S.MODEL))
    if selection is not None:
        ev = doc.evidence(selection)
        sentence = doc.ext[slice(*doc.sentence(selection.start, selection.end))]
        scope = (FitScope.ALL_DATA if _FIT_ALL.search(sentence) or _OUTSIDE.search(sentence)
                 else FitScope.TRAINING_FOLDS if _INSIDE.search(sentence) or _FIT_TRAIN.search(sentence)
                 or "development window" in sentence else FitScope.UNKNOWN)  # fmt: skip
        b.set("features.selection", {"method": ev.quote, "rationale": "", "fit_scope": scope}, ev)
