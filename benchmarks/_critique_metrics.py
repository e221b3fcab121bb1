"""Pure helpers for the critique eval: the labelled suite (load + validate) and the scores.

Nothing here runs a review, so the unit tests need neither the parser nor the rules.
`benchmarks/eval_critique.py` runs `PlanService.review()` over the suite and scores it here.

Definitions (counts are summed over plans, then split by rule family L M P T D O S):

- flagged: the distinct rule ids among a plan's findings.
- precision = |flagged ∩ must_flag| / |flagged ∩ (must_flag ∪ must_not_flag)|. Only labelled
  rules count: a finding for a rule the labels say nothing about is neither right nor wrong.
- recall = |flagged ∩ must_flag| / |must_flag|.
- line accuracy: over must_flag entries that carry a line and were flagged, the share where
  at least one finding of that rule points within ±LINE_TOLERANCE lines of the label.
- verdict accuracy: the share of plans whose review verdict equals the labelled verdict.

A plan whose review raised counts every must_flag rule as missed and its verdict as wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FAMILIES = ("L", "M", "P", "T", "D", "O", "S")
FAMILY_NAMES = {
    "L": "leakage",
    "M": "metrics",
    "P": "privacy and ethics",
    "T": "training practice",
    "D": "deployment",
    "O": "monitoring",
    "S": "structure",
}
VERDICTS = ("ready", "needs_work", "not_ready")
LINE_TOLERANCE = 2
RULE_ID = re.compile(r"^[LMPTDOS]\d{2}$")
_PLAN_KEYS = {"file", "style", "domain", "must_flag", "must_not_flag", "verdict", "note"}
_EXPECTED_KEYS = {"rule", "line", "quote"}
_CATALOG_ROW = re.compile(r"^\|\s*([A-Z]\d{2})\s*\|", re.M)


class LabelError(ValueError):
    """A labels file that is not in the documented format."""


@dataclass(frozen=True)
class Expected:
    """One rule a good reviewer must flag, and where the evidence is."""

    rule: str
    line: int | None = None
    """1-based line of the evidence; None when the defect is an absence."""
    quote: str | None = None
    """Text expected on `line` (guards the label against edits of the plan)."""


@dataclass(frozen=True)
class PlanLabel:
    file: str
    """Path relative to the labels file's folder."""
    must_flag: tuple[Expected, ...]
    must_not_flag: tuple[str, ...]
    verdict: str
    style: str = ""
    domain: str = ""
    note: str = ""

    @property
    def must_rules(self) -> frozenset[str]:
        return frozenset(e.rule for e in self.must_flag)


@dataclass(frozen=True)
class Flag:
    """One finding of a review, reduced to what the scorer needs."""

    rule: str
    line: int | None = None


@dataclass(frozen=True)
class LineMiss:
    rule: str
    expected: int
    got: tuple[int | None, ...]
    """Lines of every finding of this rule (None for findings without a line)."""


@dataclass(frozen=True)
class PlanScore:
    file: str
    tp: frozenset[str]
    fp: frozenset[str]
    """Flagged rules labelled must_not_flag."""
    fn: frozenset[str]
    """must_flag rules the review did not flag."""
    line_hits: tuple[str, ...]
    line_misses: tuple[LineMiss, ...]
    verdict_expected: str
    verdict_got: str | None
    unlabelled: frozenset[str] = frozenset()
    """Flagged rules in neither list (reported, not scored)."""
    error: str | None = None

    @property
    def verdict_ok(self) -> bool:
        return self.verdict_got == self.verdict_expected


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    line_ok: int = 0
    line_total: int = 0

    @property
    def must_flag(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        """None when nothing labelled was flagged (no denominator)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def line_accuracy(self) -> float | None:
        return self.line_ok / self.line_total if self.line_total else None


@dataclass
class Summary:
    families: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    plans: int = 0
    verdict_ok: int = 0
    errors: int = 0

    @property
    def verdict_accuracy(self) -> float | None:
        return self.verdict_ok / self.plans if self.plans else None


# --------------------------------------------------------------------------- labels


def load_labels(path: Path) -> list[PlanLabel]:
    """Parse labels.yaml; raises LabelError on anything outside the documented format."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("plans"), list):
        raise LabelError(f"{path}: expected a mapping with a `plans` list")
    if not data["plans"]:
        raise LabelError(f"{path}: `plans` is empty")
    return [_parse_plan(item, f"{Path(path).name}#{n}") for n, item in enumerate(data["plans"])]


def _parse_plan(item: object, where: str) -> PlanLabel:
    if not isinstance(item, dict):
        raise LabelError(f"{where}: each plan must be a mapping")
    unknown = set(item) - _PLAN_KEYS
    if unknown:
        raise LabelError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("file", "must_flag", "must_not_flag", "verdict"):
        if key not in item:
            raise LabelError(f"{where}: missing `{key}`")
    file = item["file"]
    if not isinstance(file, str) or not file.strip():
        raise LabelError(f"{where}: `file` must be a non-empty string")
    where = f"{where} ({file})"
    if item["verdict"] not in VERDICTS:
        raise LabelError(f"{where}: `verdict` must be one of {VERDICTS}, got {item['verdict']!r}")
    must, must_not = item["must_flag"], item["must_not_flag"]
    if not isinstance(must, list):
        raise LabelError(f"{where}: `must_flag` must be a list")
    if not isinstance(must_not, list) or not all(isinstance(r, str) for r in must_not):
        raise LabelError(f"{where}: `must_not_flag` must be a list of rule ids")
    for key in ("style", "domain", "note"):
        if not isinstance(item.get(key, ""), str):
            raise LabelError(f"{where}: `{key}` must be a string")
    return PlanLabel(
        file=file,
        must_flag=tuple(_parse_expected(e, where) for e in must),
        must_not_flag=tuple(must_not),
        verdict=item["verdict"],
        style=item.get("style", ""),
        domain=item.get("domain", ""),
        note=item.get("note", ""),
    )


def _parse_expected(item: object, where: str) -> Expected:
    if not isinstance(item, dict) or "rule" not in item or "line" not in item:
        raise LabelError(f"{where}: each must_flag entry needs `rule` and `line` (null if absent)")
    unknown = set(item) - _EXPECTED_KEYS
    if unknown:
        raise LabelError(f"{where}: unknown must_flag keys {sorted(unknown)}")
    rule, line, quote = item["rule"], item["line"], item.get("quote")
    if not isinstance(rule, str):
        raise LabelError(f"{where}: rule must be a string, got {rule!r}")
    if line is not None and (isinstance(line, bool) or not isinstance(line, int)):
        raise LabelError(f"{where} {rule}: `line` must be an integer or null, got {line!r}")
    if quote is not None and (not isinstance(quote, str) or not quote.strip()):
        raise LabelError(f"{where} {rule}: `quote` must be a non-empty string")
    return Expected(rule=rule, line=line, quote=quote)


def catalog_rule_ids(rules_markdown: str) -> set[str]:
    """Rule ids of the catalogue table in docs/rules.md (rows like `| L01 | training | ...`)."""
    return set(_CATALOG_ROW.findall(rules_markdown))


def validate_labels(
    labels: Sequence[PlanLabel], base_dir: Path, rule_ids: Collection[str]
) -> list[str]:
    """Problems that make the labels untrustworthy (empty list = valid).

    Checks: unique files that exist; every rule id well formed and in the catalogue; no rule
    twice in a list or in both lists; labelled lines inside the file and holding their quote;
    no quote without a line.
    """
    problems: list[str] = []
    for file, n in Counter(p.file for p in labels).items():
        if n > 1:
            problems.append(f"{file}: labelled {n} times")
    for plan in labels:
        path = Path(base_dir) / plan.file
        lines: list[str] | None = None
        if not path.is_file():
            problems.append(f"{plan.file}: file does not exist")
        else:
            lines = path.read_text(encoding="utf-8").splitlines()
        must = [e.rule for e in plan.must_flag]
        for rule in [*must, *plan.must_not_flag]:
            if not RULE_ID.match(rule) or rule not in rule_ids:
                problems.append(f"{plan.file}: {rule!r} is not a catalogue rule id")
        for rule, n in Counter(must).items():
            if n > 1:
                problems.append(f"{plan.file}: {rule} appears {n} times in must_flag")
        for rule, n in Counter(plan.must_not_flag).items():
            if n > 1:
                problems.append(f"{plan.file}: {rule} appears {n} times in must_not_flag")
        for rule in sorted(set(must) & set(plan.must_not_flag)):
            problems.append(f"{plan.file}: {rule} is in both must_flag and must_not_flag")
        for e in plan.must_flag:
            if e.line is None:
                if e.quote is not None:
                    problems.append(f"{plan.file} {e.rule}: quote given but line is null")
                continue
            if lines is None:
                continue
            if not 1 <= e.line <= len(lines):
                problems.append(
                    f"{plan.file} {e.rule}: line {e.line} outside the file (1..{len(lines)})"
                )
            elif e.quote is not None and e.quote not in lines[e.line - 1]:
                problems.append(f"{plan.file} {e.rule}: line {e.line} does not contain {e.quote!r}")
    return problems


# --------------------------------------------------------------------------- scoring


def family(rule_id: str) -> str:
    return rule_id[:1]


def line_matches(expected: int, got: Iterable[int | None], tolerance: int = LINE_TOLERANCE) -> bool:
    """True if any finding line is within ±tolerance of the expected line."""
    return any(line is not None and abs(line - expected) <= tolerance for line in got)


def score_plan(
    label: PlanLabel,
    flags: Iterable[Flag],
    verdict: str | None,
    *,
    tolerance: int = LINE_TOLERANCE,
) -> PlanScore:
    """Score one review (its findings as Flags, its verdict) against one plan's labels."""
    lines_by_rule: dict[str, list[int | None]] = {}
    for flag in flags:
        lines_by_rule.setdefault(flag.rule, []).append(flag.line)
    flagged = frozenset(lines_by_rule)
    must, must_not = label.must_rules, frozenset(label.must_not_flag)
    hits: list[str] = []
    misses: list[LineMiss] = []
    for e in label.must_flag:
        if e.line is None or e.rule not in flagged:
            continue
        got = lines_by_rule[e.rule]
        if line_matches(e.line, got, tolerance):
            hits.append(e.rule)
        else:
            misses.append(LineMiss(rule=e.rule, expected=e.line, got=tuple(got)))
    return PlanScore(
        file=label.file,
        tp=flagged & must,
        fp=flagged & must_not,
        fn=must - flagged,
        line_hits=tuple(hits),
        line_misses=tuple(misses),
        verdict_expected=label.verdict,
        verdict_got=verdict,
        unlabelled=flagged - must - must_not,
    )


def failed_plan(label: PlanLabel, error: str) -> PlanScore:
    """The score of a plan whose review raised: everything missed, no verdict."""
    return PlanScore(
        file=label.file,
        tp=frozenset(),
        fp=frozenset(),
        fn=label.must_rules,
        line_hits=(),
        line_misses=(),
        verdict_expected=label.verdict,
        verdict_got=None,
        error=error,
    )


def tally(scores: Iterable[PlanScore], family_id: str | None = None) -> Tally:
    """Sum counts over plans, for one rule family or (None) all rules."""

    def keep(rules: Iterable[str]) -> int:
        return sum(1 for r in rules if family_id is None or family(r) == family_id)

    out = Tally()
    for s in scores:
        out.tp += keep(s.tp)
        out.fp += keep(s.fp)
        out.fn += keep(s.fn)
        ok = keep(s.line_hits)
        out.line_ok += ok
        out.line_total += ok + keep(m.rule for m in s.line_misses)
    return out


def summarise(scores: Sequence[PlanScore]) -> Summary:
    return Summary(
        families={f: tally(scores, f) for f in FAMILIES},
        overall=tally(scores),
        plans=len(scores),
        verdict_ok=sum(1 for s in scores if s.verdict_ok),
        errors=sum(1 for s in scores if s.error is not None),
    )


def verdict_confusion(scores: Iterable[PlanScore]) -> dict[tuple[str, str], int]:
    """(labelled verdict, review verdict or 'error') -> number of plans."""
    counts: Counter[tuple[str, str]] = Counter(
        (s.verdict_expected, s.verdict_got or "error") for s in scores
    )
    return dict(counts)


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"
