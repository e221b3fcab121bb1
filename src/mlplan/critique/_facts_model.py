"""Model and training facts: model family, baseline, split, cross-validation, tuning, resampling.

'Logistic regression first (baseline), then LightGBM' makes LightGBM the primary model and
logistic regression the baseline; '80/10/10 random split' is a random split with ratios;
'fit the vocabulary on all tickets, then split' fits preprocessing on all data.
"""

from __future__ import annotations

import re

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document, Hit
from mlplan.critique._metrics import Mention, within
from mlplan.domain import CVMethod, Evidence, FitScope, ModelFamily, Section, SplitStrategy

F = ModelFamily
S = Section
_TRAIN_SCOPES = (S.TRAINING, S.EVALUATION, S.MODEL)

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
    (F.CNN, r"cnns?\b|convolutional|resnet\w*|efficientnet\w*|yolo\w*|u-?net\b|mobilenet\w*|densenet|convnext"),
    (F.NEURAL_NET, r"neural net(?:work)?s?|deep learning|dnn\b|mlp\b|multi-?layer perceptron|lstm\b|"
                   r"gru\b|rnn\b|deepar\b|temporal fusion|n-?beats|wide (?:&|and) deep|deepfm"),
    (F.STATISTICAL, r"s?arimax?\b|prophet\b|exponential smoothing|ets\b|holt[- ]winters|croston"),
    (F.NEAREST_NEIGHBOUR, r"k-?nn\b|nearest[- ]neighbou?rs?|faiss\b|hnsw\b"),
    (F.CLUSTERING, r"k-?means|dbscan|hdbscan|gaussian mixture|hierarchical clustering|agglomerative"),
    (F.LINEAR, r"logistic regression|linear regression|logit\b|ridge(?: regression)?\b|lasso\b|"
               r"elastic[- ]net|glms?\b|linear models?|poisson regression|svm\b|naive bayes|lr\b(?!\s*[=:])|"
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

# fmt: off
_SPLIT_KINDS: tuple[tuple[str, str], ...] = (
    (
        "group",
        r"group ?k-?fold|groupkfold|group(?:ed)? (?:split|k-?fold|cross-validation|cv|holdout)|"
        r"split (?:by|on|per) (?:customer|patient|user|device|account|store|site|machine|driver|"
        r"member|household|merchant|entity|group|source|video|recording|scan|document|session|"
        r"query|seller|hospital)s?\b|(?:customer|patient|user|device|account|store|entity|source|"
        r"query)[- ](?:level|wise|based|grouped|disjoint) (?:split|holdout|folds?)|"
        r"leave-one-(?:group|subject|patient|site)-out|(?:split|partition|separat)\w*[^.;\n]{0,40}"
        r"\bby (?:customer|patient|user|device|account|store|site|machine|member|household|"
        r"merchant|entity|source|query|seller|hospital|driver|vehicle|unit)s?\b|"
        r"disjoint (?:sets of )?(?:customers|patients|"
        r"users|devices|accounts|stores)|(?:cross-validation|cv|folds?)[^.;\n]{0,30}grouped by",
    ),
    (
        "time",
        r"time[- ]based|temporal(?:ly)? (?:split|holdout|validation|cut)|chronolog\w+|"
        r"out[- ]of[- ]time|split (?:by|on) (?:date|time|month|week|year|\w+ date)|split by time|"
        r"train on (?:the )?(?:past|earlier|older|first \d+|data (?:up to|before))|(?:test|"
        r"validat|evaluat)\w* on (?:the )?(?:most recent|latest|last|later|future|final|next|"
        r"following)\b|forward[- ]chaining|walk[- ]forward|backtest\w*|rolling[- ]origin|"
        r"expanding[- ]window|time ?series ?split|hold(?:ing)? out the (?:last|final|most recent)|"
        r"(?:last|final|most recent) \d+ (?:days|weeks|months|years|quarters) (?:as|for) (?:the )?"
        r"(?:test|holdout|validation)|cut-?off date|split date|by (?:creation |booking |event )?"
        r"(?:date|time|month|week|year|period)\b",
    ),
    ("stratified", r"stratif(?:ied|y|ying)"),
    (
        "random",
        r"random(?:ly)? (?:\d+ ?/ ?\d+ )?(?:split|shuffle\w*|assign\w*|partition\w*|holdout|"
        r"hold-out|\d+ ?%)|random \d+/\d+|shuffl\w+|train_test_split|split (?:the (?:data|rows) )?"
        r"(?:at )?random(?:ly)?|randomly (?:split|assigned|divided|held)",
    ),
    ("kfold", r"\d+-fold|(?:five|ten|three)-fold|k-?fold|cross[- ]validat\w+|cv\b"),
)
# fmt: on
_SPLIT_RX = [(k, re.compile(r"(?<![\w-])(?:" + p + ")")) for k, p in _SPLIT_KINDS]
_VALIDATION_WINDOW = re.compile(
    r"\bvalidation (?:window|months?|weeks?|period|years?|quarters?)|\bvalidat\w* on (?:the )?"
    r"(?:next|later|following|subsequent)|\bvalidation\s*[:=]?\s*(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec|q[1-4]|(?:19|20)\d\d)"
)
_SPLIT_CONTEXT = re.compile(r"split|test|validat|holdout|hold-out|fold|train|evaluat")
_CV_KINDS: tuple[tuple[CVMethod, str], ...] = (
    (CVMethod.STRATIFIED_GROUP_KFOLD, r"stratified ?group ?k-?fold|stratifiedgroupkfold"),
    (CVMethod.GROUP_KFOLD, r"group ?k-?fold|groupkfold|(?:cross-validation|cv|folds?)[^.;\n]{0,30}"
                           r"grouped by|grouped (?:\d+-fold |k-?fold )?(?:cross-validation|cv|folds)"),
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
    r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*/\s*(\d{1,2}(?:\.\d+)?)\s*/\s*(\d{1,2}(?:\.\d+)?)(?![\d/])"
)
_RATIO2 = re.compile(r"(?<![\d./])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/%])")
_PART = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*%\s*(?:of (?:the )?(?:data|rows) )?(?:for |as |in |to )?"
    r"(?:the )?(train|training|validation|val|dev|test|holdout|hold-out)"
)
_HOLD_OUT = re.compile(r"hold(?:ing)?[- ]?out (?:the )?(?:last |final )?(\d{1,2}(?:\.\d+)?)\s*%")
_TUNE = re.compile(
    r"\bhyper-?parameters?\b|\btun(?:e|ed|ing)\b(?! (?:in|out))|\boptuna\b|\bgrid search|\brandom "
    r"search|\bbayesian optimi[sz]\w+|\bhyperopt\b|\bsweeps?\b|\b(?:c|alpha|n-gram range|learning "
    r"rate|depth)\b(?: and [\w -]+?)? (?:is |are )?(?:picked|chosen|selected|tuned)"
)
_TEST = re.compile(
    r"(?<!back-)(?<!back )(?<!a/b )(?<!ab )(?<!split )(?<!online )(?<!load )\btest\b"
)
_IMBALANCE = re.compile(
    r"\bsmote\b|\badasyn\b|\bover-?sampl\w*|\bunder-?sampl\w*|\bup-?sampl\w*|\bdown-?sampl\w*|"
    r"\bre-?sampl\w*|\brebalanc\w*|\bclass[- ]weights?\b|\bscale_pos_weight|\bfocal loss"
)
_OUTSIDE = re.compile(
    r"before (?:the )?split\w*|(?:on|to) (?:the )?(?:full|entire|whole|all)\b[^.;,]{0,30}|(?:the )?"
    r"(?:test|validation|holdout|eval\w*) (?:set|data|rows|window|split)"
)
_INSIDE = re.compile(
    r"train(?:ing)? (?:set|data|folds?|portion|window|split)(?: only)?|only (?:on|to|in) (?:the )?"
    r"train\w*|inside (?:the |each )?(?:cv|folds?|pipeline|training)\w*|within (?:each )?(?:training )?fold"
)
_PREPROCESS = re.compile(
    r"scal|normali|standardi|imput|encod|vocabular|idf|pca|embedding|tokeni|binn|pipeline|"
    r"preprocess|transform|statistic|mean|median|woe|weight[- ]of[- ]evidence"
)
_FIT_ALL = re.compile(
    r"\b(?:fit|fitted|fitting|fits|computed?|calculated?|learn(?:ed|t)?|built|estimated?)\b[^.;\n]"
    r"{0,80}?\b(?:on|over|using|across|from)\s+(?:the\s+)?(?:full|entire|whole|all|complete)\b|"
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
    r"\bselect(?:ing|ed)? (?:the )?(?:top|best) (?:\d+ )?(?:features|variables)"
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


def extract_split(doc: Document, b: PlanBuilder) -> None:
    """Split strategy (by the kinds of split the plan states), group key, ratios, CV."""
    kinds: dict[str, Hit] = {}
    for kind, rx in _SPLIT_RX:
        for hit in doc.find(rx, _TRAIN_SCOPES):
            sentence = doc.ext[slice(*doc.sentence(hit.start, hit.end))]
            if hit.polarity != "yes" or not _SPLIT_CONTEXT.search(sentence):
                continue
            kinds.setdefault(kind, hit)
            break
    strategy = _strategy(set(kinds))
    if strategy is not None:
        decisive = next(kinds[k] for k in ("group", "time", "stratified", "random", "kfold")
                        if k in kinds)  # fmt: skip
        b.set("training.split.strategy", strategy, doc.evidence(decisive))
    if "group" in kinds:
        sentence = doc.ext[slice(*doc.sentence(kinds["group"].start))]
        key = _GROUP_OF.search(
            sentence, kinds["group"].start - doc.sentence(kinds["group"].start)[0]
        )
        if key is not None and key.group(1) not in ("time", "date", "the"):
            name = key.group(1).rstrip("s")
            b.set("training.split.group_key", name if name.endswith("_id") else f"{name}_id",
                  doc.evidence(kinds["group"]))  # fmt: skip
    _ratios(doc, b)
    _cross_validation(doc, b)
    if strategy is not None and strategy.respects_time:
        holdout = doc.first(_VALIDATION_WINDOW, _TRAIN_SCOPES)
        if holdout is not None:  # train / validate / test on successive windows: a backtest
            ev = doc.evidence(holdout)
            b.set("evaluation.validation_strategy.backtesting", ev.quote, ev)


def _strategy(kinds: set[str]) -> SplitStrategy | None:
    if {"group", "time"} <= kinds:
        return SplitStrategy.GROUP_TIME_BASED
    if {"group", "stratified"} <= kinds:
        return SplitStrategy.STRATIFIED_GROUP
    order = (("group", SplitStrategy.GROUP), ("time", SplitStrategy.TIME_BASED),
             ("stratified", SplitStrategy.STRATIFIED), ("random", SplitStrategy.RANDOM),
             ("kfold", SplitStrategy.KFOLD))  # fmt: skip
    return next((strategy for kind, strategy in order if kind in kinds), None)


def _ratios(doc: Document, b: PlanBuilder) -> None:
    for rx in (_RATIO3, _RATIO2, _PART, _HOLD_OUT):
        for hit in doc.find(rx, _TRAIN_SCOPES):
            start, end = doc.sentence(hit.start, hit.end)
            sentence = doc.ext[start:end]
            if hit.polarity == "no" or not _SPLIT_CONTEXT.search(sentence):
                continue
            ratios = _read_ratios(rx, hit, sentence, doc.ext[hit.start : end])
            if ratios is not None:
                b.set("training.split.ratios", ratios, doc.evidence(hit))
                return


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
        hit = doc.first(rx, _TRAIN_SCOPES)
        if hit is None:
            continue
        folds = _FOLDS.search(doc.ext, *doc.sentence(hit.start, hit.end))
        count = 0 if folds is None else _WORDS.get(folds.group(1)) or int(folds.group(1))
        ev = doc.evidence(hit)
        b.set("training.cross_validation", {"method": method, "folds": count}, ev)
        b.set("evaluation.validation_strategy.cross_validation", ev.quote, ev)
        return


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
        if _TEST.search(doc.ext, start, end):
            b.set("training.tuning.on", ev.quote, ev)
    resample = doc.first(_IMBALANCE, (S.TRAINING, S.MODEL, S.FEATURES, S.DATA))
    if resample is not None:
        ev = doc.evidence(resample)
        sentence = doc.ext[slice(*doc.sentence(resample.start, resample.end))]
        where = _OUTSIDE.search(sentence) or _INSIDE.search(sentence)
        b.set(
            "training.imbalance",
            {"method": ev.quote, "applied_to": where.group(0) if where else ""},
            ev,
        )
    for block in doc.outline.blocks_of(S.TRAINING):
        if block.kind == "bullet":
            text = doc.block_text(block)
            b.append("training.steps", text, Evidence(line=block.line, quote=text))
    _fit_scope(doc, b)


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
