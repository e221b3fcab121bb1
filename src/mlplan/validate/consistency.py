"""S03: numbers that must agree across sections, and split ratios that must sum to one.

Plans are drafted section by section (and by people, over weeks), so the same quantity
ends up in several places: the positive rate in the brief and the data section, the latency
budget in evaluation, deployment and scaling, the row count in the volume and the split
sizes. Each check below compares two places that must agree and names both.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from mlplan.domain import MetricName, Plan, Section, Severity
from mlplan.validate._facts import blank, fmt_num, q
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import MLPLAN

RATIO_TOLERANCE = 0.001
SHARE_TOLERANCE = 0.02
"""Split sizes may round; a share further than this from its ratio is a contradiction."""
VOLUME_TOLERANCE = 0.10
"""Split sizes may drop a few rows (dedup, filters); more than this is a contradiction."""

_M = MetricName
_LOWER_IS_BETTER = frozenset(
    {_M.LOG_LOSS, _M.BRIER, _M.ECE, _M.HAMMING_LOSS, _M.RMSE, _M.MAE, _M.MAPE, _M.SMAPE,
     _M.WAPE, _M.MASE, _M.RMSLE, _M.PINBALL_LOSS, _M.DAVIES_BOULDIN, _M.DETECTION_DELAY,
     _M.OTHER}
)  # fmt: skip
_ROWS = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<mult>k|m|mn|b|bn|thousand|million|billion)?\s+"
    r"(?:[\w-]+\s+)?(?:rows|records|samples|examples|events|transactions|images|documents|"
    r"observations|instances|entries)\b",
    re.I,
)
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
                "b": 1e9, "bn": 1e9, "billion": 1e9}  # fmt: skip


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _rows_in(text: str) -> float | None:
    """Row count written in a volume summary ('2.4M rows', '120,000 labelled images')."""
    match = _ROWS.search(text)
    if match is None:
        return None
    digits = match.group("num").replace(",", "")
    try:
        number = float(digits)
    except ValueError:
        return None
    return number * _MULTIPLIERS.get((match.group("mult") or "").lower(), 1.0)


def _split_checks(plan: Plan) -> Iterator[Hit]:
    split = plan.training.split
    ratios, sizes = split.ratios, split.sizes
    if ratios is not None:
        total = ratios.train + ratios.validation + ratios.test
        given = sum(1 for r in (ratios.train, ratios.validation, ratios.test) if r > 0)
        # one share alone ('15 % of pipe lengths held back') is an incomplete split, which L12
        # and S01 judge; only two or more shares can contradict each other
        if given >= 2 and abs(total - 1.0) > RATIO_TOLERANCE:
            yield Hit(
                f"Split ratios {fmt_num(ratios.train)} / {fmt_num(ratios.validation)} / "
                f"{fmt_num(ratios.test)} sum to {fmt_num(total)}, not 1.0.",
                "training.split.ratios",
            )
    if sizes is None:
        return
    rows = {"train": sizes.train_rows, "validation": sizes.validation_rows, "test": sizes.test_rows}
    n = sum(rows.values())
    if ratios is not None and n > 0:
        for part, ratio in (("train", ratios.train), ("validation", ratios.validation),
                            ("test", ratios.test)):  # fmt: skip
            share = rows[part] / n
            if abs(rows[part] - n * ratio) <= 1:
                continue  # rounding to whole rows, not a contradiction
            if abs(share - ratio) > SHARE_TOLERANCE:
                yield Hit(
                    f"training.split.sizes gives {part} {rows[part]:,} of {n:,} rows "
                    f"({share:.1%}) but training.split.ratios.{part} is {fmt_num(ratio)}.",
                    f"training.split.sizes.{part}_rows",
                )
    volume = _rows_in(plan.data.volume_summary)
    where = f"data.volume_summary says {q(plan.data.volume_summary, 50)}"
    if volume is None and plan.brief.total_rows:
        volume, where = (
            float(plan.brief.total_rows),
            f"brief.total_rows is {plan.brief.total_rows:,}",
        )
    if volume and abs(n - volume) / volume > VOLUME_TOLERANCE:
        yield Hit(f"training.split.sizes add up to {n:,} rows but {where}.", "training.split.sizes")
    for part in ("train", "validation", "test"):
        positives = getattr(sizes, f"{part}_positives")
        if positives is not None and positives > rows[part]:
            yield Hit(
                f"training.split.sizes.{part}_positives ({positives:,}) exceeds "
                f"{part}_rows ({rows[part]:,}).",
                f"training.split.sizes.{part}_positives",
            )


def _rate_checks(plan: Plan) -> Iterator[Hit]:
    ours, theirs = plan.data.positive_class_rate, plan.brief.positive_class_rate
    if (
        ours is not None
        and theirs is not None
        and not math.isclose(ours, theirs, rel_tol=0.05, abs_tol=0.001)
    ):
        yield Hit(
            f"data.positive_class_rate is {fmt_num(ours)} but brief.positive_class_rate is "
            f"{fmt_num(theirs)}.",
            "data.positive_class_rate",
        )
    sizes = plan.training.split.sizes
    rate = ours if ours is not None else theirs
    if sizes is None or rate is None:
        return
    for part in ("train", "validation", "test"):
        positives, rows = getattr(sizes, f"{part}_positives"), getattr(sizes, f"{part}_rows")
        if positives is None or rows <= 0 or positives > rows:
            continue
        share = positives / rows
        if abs(positives - rows * rate) <= 1:
            continue  # rounding to whole rows, not a contradiction
        if abs(share - rate) > 0.01 and not (rate / 2 <= share <= rate * 2):
            yield Hit(
                f"training.split.sizes implies {share:.2%} positives in {part} "
                f"({positives:,}/{rows:,}) but the positive rate is {fmt_num(rate)}.",
                f"training.split.sizes.{part}_positives",
            )


POPULATION_TOLERANCE = 0.10
"""'About 4,000 segments' agrees with 4,200; two exact counts must be equal."""


def _population_checks(plan: Plan) -> Iterator[Hit]:
    """The same population counted differently in two places ('38 rooms' / 'all 42 rooms')."""
    populations = plan.data.populations
    reported: set[str] = set()
    for i, stated in enumerate(populations):
        if stated.unit in reported:
            continue
        for j in range(i):
            earlier = populations[j]
            if earlier.unit != stated.unit or (
                earlier.kind and stated.kind and earlier.kind != stated.kind
            ):
                continue
            loose = stated.approximate or earlier.approximate
            gap = abs(stated.count - earlier.count) / max(stated.count, earlier.count, 1)
            if earlier.count != stated.count and (not loose or gap > POPULATION_TOLERANCE):
                yield Hit(
                    f"data.populations[{i}] counts {stated.count:,} {stated.unit} but "
                    f"data.populations[{j}] counts {earlier.count:,}.",
                    f"data.populations[{i}]",
                )
                reported.add(stated.unit)  # one finding per population, however often restated
                break


def _latency_checks(plan: Plan) -> Iterator[Hit]:
    deployment = plan.deployment
    p99 = _finite(deployment.latency_ms_p99)
    target = _finite(plan.evaluation.latency_target_ms)
    brief = _finite(plan.brief.latency_p99_ms)
    if p99 is not None and target is not None and not math.isclose(p99, target, rel_tol=0.01):
        yield Hit(
            f"deployment.latency_ms_p99 is {fmt_num(p99)} ms but evaluation.latency_target_ms "
            f"is {fmt_num(target)} ms.",
            "deployment.latency_ms_p99",
        )
    for path, value in (("deployment.latency_ms_p99", p99),
                        ("evaluation.latency_target_ms", target)):  # fmt: skip
        if value is not None and brief is not None and value > brief * 1.001:
            yield Hit(
                f"{path} is {fmt_num(value)} ms, looser than the {fmt_num(brief)} ms p99 the "
                "brief requires.",
                path,
            )
    scaling = deployment.scaling
    service_ms = _finite(scaling.latency_ms)
    if service_ms is not None and p99 is not None and service_ms > p99 * 1.001:
        yield Hit(
            f"deployment.scaling.latency_ms is {fmt_num(service_ms)} ms, above the "
            f"{fmt_num(p99)} ms p99 the deployment promises.",
            "deployment.scaling.latency_ms",
        )


def _capacity_checks(plan: Plan) -> Iterator[Hit]:
    deployment = plan.deployment
    scaling = deployment.scaling
    peak, latency = _finite(scaling.peak_rps), _finite(scaling.latency_ms)
    slots, util = scaling.concurrency_per_replica, _finite(scaling.target_utilisation)
    if (
        scaling.replicas is not None
        and peak is not None
        and latency is not None
        and slots is not None
        and slots > 0
        and util
        and 0 < util <= 1
        and peak >= 0
        and latency >= 0
    ):
        needed = math.ceil(peak * latency / 1000 / slots / util - 1e-9)
        if scaling.replicas < needed:
            yield Hit(
                f"deployment.scaling.replicas is {scaling.replicas} but {fmt_num(peak)} rps x "
                f"{fmt_num(latency)} ms / {slots} concurrent / {fmt_num(util)} utilisation "
                f"needs {needed}.",
                "deployment.scaling.replicas",
            )
    if (
        scaling.replicas is not None
        and scaling.max_replicas is not None
        and scaling.replicas > scaling.max_replicas
    ):
        yield Hit(
            f"deployment.scaling.replicas ({scaling.replicas}) exceeds max_replicas "
            f"({scaling.max_replicas}).",
            "deployment.scaling.max_replicas",
        )
    required = _finite(plan.brief.throughput_rps)
    for path, value in (("deployment.throughput_rps", _finite(deployment.throughput_rps)),
                        ("deployment.scaling.peak_rps", peak)):  # fmt: skip
        if value is not None and required is not None and value < required * 0.999:
            yield Hit(
                f"{path} is {fmt_num(value)} rps, below the {fmt_num(required)} rps peak the "
                "brief states.",
                path,
            )


def _timeline_checks(plan: Plan) -> Iterator[Hit]:
    timeline = plan.timeline
    total = _finite(timeline.total_weeks)
    ends = [
        p.start_week + p.weeks for p in timeline.phases if math.isfinite(p.start_week + p.weeks)
    ]
    if total is not None and ends and abs(max(ends) - total) > 0.5:
        yield Hit(
            f"The phases end in week {fmt_num(max(ends))} but timeline.total_weeks is "
            f"{fmt_num(total)}.",
            "timeline.total_weeks",
        )
    deadline = _finite(plan.brief.deadline_weeks)
    if (
        total is not None
        and deadline is not None
        and total > deadline
        and blank(timeline.deadline_fit)
    ):
        yield Hit(
            f"timeline.total_weeks is {fmt_num(total)} but the brief's deadline is "
            f"{fmt_num(deadline)} weeks, and deadline_fit does not address it.",
            "timeline.deadline_fit",
        )
    for i, milestone in enumerate(timeline.milestones):
        if total is not None and math.isfinite(milestone.week) and milestone.week > total + 0.5:
            yield Hit(
                f"Milestone {q(milestone.name, 40)} is in week {fmt_num(milestone.week)}, after "
                f"the plan ends (week {fmt_num(total)}).",
                f"timeline.milestones[{i}].week",
            )


def _framing_checks(plan: Plan) -> Iterator[Hit]:
    stated = plan.model.problem_type
    if stated is not None and stated is not plan.brief.task_type:
        yield Hit(
            f"model.problem_type is '{stated}' but brief.task_type is '{plan.brief.task_type}'.",
            "model.problem_type",
        )
    metrics = [("evaluation.primary_metric", plan.evaluation.primary_metric)] + [
        (f"evaluation.secondary_metrics[{i}]", m)
        for i, m in enumerate(plan.evaluation.secondary_metrics)
    ]
    for path, metric in metrics:
        low, high = _finite(metric.minimum), _finite(metric.target)
        higher_is_better = metric.name not in _LOWER_IS_BETTER
        if higher_is_better and low is not None and high is not None and low > high:
            yield Hit(
                f"{path} ('{metric.name}') has minimum {fmt_num(low)} above its target "
                f"{fmt_num(high)}.",
                f"{path}.minimum",
            )


@rule(
    "S03",
    section=Section.ANY,
    severity=Severity.ERROR,
    title="Numbers contradict each other",
    rationale="When split ratios do not sum to one, or the same quantity (positive rate, "
    "latency budget, row count, capacity) has different values in different sections, at "
    "least one section was drafted from a wrong number.",
    source=MLPLAN,
    fix="Decide the correct value and use it everywhere; recompute derived numbers (split "
    "sizes, replicas) from it.",
)
def s03_numbers(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    yield from _split_checks(plan)
    yield from _rate_checks(plan)
    yield from _population_checks(plan)
    yield from _latency_checks(plan)
    yield from _capacity_checks(plan)
    yield from _timeline_checks(plan)
    yield from _framing_checks(plan)
