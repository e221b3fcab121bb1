"""Numbers a plan must compute from the brief: split sizes, positives, A/B size, replicas, time.

Each check takes the drafted plan and returns None when it holds, or a message naming the
numbers that disagree.
"""

from __future__ import annotations

import math

from mlplan.domain import Plan
from mlplan.stats import ab_sample_size_per_arm


def split_sizes_add_up(plan: Plan) -> str | None:
    """Rows per split sum to the brief's volume and follow the stated ratios (±1 row)."""
    total = plan.brief.total_rows
    split = plan.training.split
    if total is None:
        return "brief.total_rows is unknown, so no split sizes can be checked"
    if split.sizes is None or split.ratios is None:
        return f"the brief gives {total:,} rows but training.split has no sizes/ratios"
    s, r = split.sizes, split.ratios
    if abs(r.train + r.validation + r.test - 1.0) > 1e-6:
        return f"split ratios sum to {r.train + r.validation + r.test:g}, not 1"
    rows = s.train_rows + s.validation_rows + s.test_rows
    if rows != total:
        return f"split rows sum to {rows:,}, brief states {total:,}"
    for name, n, ratio in (
        ("train", s.train_rows, r.train),
        ("validation", s.validation_rows, r.validation),
        ("test", s.test_rows, r.test),
    ):
        if abs(n - total * ratio) > 1:
            return f"{name} has {n:,} rows, {ratio:g} x {total:,} = {total * ratio:,.0f}"
    return None


def expected_positives_match_rate(plan: Plan) -> str | None:
    """Each split's expected positives ≈ its rows × the stated positive rate (±1 example)."""
    rate = plan.brief.positive_class_rate
    sizes = plan.training.split.sizes
    if rate is None:
        return "the brief's positive-class rate was not read (brief.positive_class_rate is null)"
    if sizes is None:
        return "no split sizes, so positives per split are missing"
    for name, rows, pos in (
        ("train", sizes.train_rows, sizes.train_positives),
        ("validation", sizes.validation_rows, sizes.validation_positives),
        ("test", sizes.test_rows, sizes.test_positives),
    ):
        if pos is None:
            return f"{name} split has no expected positives"
        if abs(pos - rows * rate) > 1:
            return f"{name}: {pos:,} positives, expected {rows:,} x {rate:g} = {rows * rate:,.0f}"
    return None


def ab_sample_size_consistent(plan: Plan) -> str | None:
    """The A/B test names a unit and its per-arm size matches the two-proportion z-test."""
    ab = plan.evaluation.validation_strategy.ab_test
    if ab is None:
        return "no A/B test planned"
    if not ab.unit.strip():
        return "A/B test has no randomisation unit"
    if ab.baseline_rate is None or ab.minimum_detectable_effect is None:
        return "A/B test lacks a baseline rate or minimum detectable effect"
    if ab.sample_size_per_arm is None:
        return "A/B test has no sample size"
    want = ab_sample_size_per_arm(
        ab.baseline_rate, ab.minimum_detectable_effect, alpha=ab.alpha, power=ab.power
    )
    if want != ab.sample_size_per_arm:
        return (
            f"A/B sample size {ab.sample_size_per_arm:,} per arm, but baseline {ab.baseline_rate:g}"
            f" and MDE {ab.minimum_detectable_effect:g} need {want}"
        )
    if not ab.guardrail_metrics:
        return "A/B test has no guardrail metrics"
    return None


def ab_baseline_is_stated_rate(plan: Plan) -> str | None:
    """When the brief states a positive rate, the A/B test starts from it, not a default."""
    ab = plan.evaluation.validation_strategy.ab_test
    rate = plan.brief.positive_class_rate
    if rate is None:
        return "the brief's positive-class rate was not read"
    if ab is None or ab.baseline_rate is None:
        return "no A/B test with a baseline rate"
    if not math.isclose(ab.baseline_rate, rate, rel_tol=1e-6):
        return f"A/B baseline {ab.baseline_rate:g} differs from the stated rate {rate:g}"
    return None


def replicas_cover_load(plan: Plan) -> str | None:
    """Replicas × per-replica concurrency ≥ peak throughput × p99 latency (Little's law)."""
    b, d = plan.brief, plan.deployment
    sc = d.scaling
    if b.throughput_rps is None or b.latency_p99_ms is None:
        return "the brief's throughput or latency was not read"
    if d.latency_ms_p99 != b.latency_p99_ms:
        return f"deployment p99 {d.latency_ms_p99} ms, brief says {b.latency_p99_ms:g} ms"
    if sc.peak_rps is None or not math.isclose(sc.peak_rps, b.throughput_rps, rel_tol=1e-6):
        return f"scaling.peak_rps {sc.peak_rps} differs from the brief's {b.throughput_rps:g} rps"
    if sc.replicas is None or sc.concurrency_per_replica is None:
        return "no replica count or per-replica concurrency"
    in_flight = b.throughput_rps * b.latency_p99_ms / 1000.0
    capacity = sc.replicas * sc.concurrency_per_replica
    if capacity < in_flight:
        return (
            f"{sc.replicas} replicas x {sc.concurrency_per_replica} slots < {in_flight:g} in flight"
        )
    util = sc.target_utilisation or 1.0
    if capacity * util < in_flight:
        return f"capacity {capacity} at {util:g} utilisation cannot hold {in_flight:g} in flight"
    if sc.max_replicas is not None and sc.max_replicas < sc.replicas:
        return f"max_replicas {sc.max_replicas} < replicas {sc.replicas}"
    return None


def timeline_consistent(plan: Plan) -> str | None:
    """Total weeks = end of the last phase; phases start after what they depend on."""
    t = plan.timeline
    if not t.phases or t.total_weeks is None:
        return "timeline has no phases or no total"
    ends = {p.name: p.start_week + p.weeks for p in t.phases}
    last = max(ends.values())
    if abs(last - t.total_weeks) > 0.01:
        return f"total_weeks {t.total_weeks:g} but the last phase ends in week {last:g}"
    for p in t.phases:
        for dep in p.depends_on:
            if dep not in ends:
                return f"phase {p.name!r} depends on unknown phase {dep!r}"
            if p.start_week + 1e-9 < ends[dep]:
                return f"phase {p.name!r} starts week {p.start_week:g}, before {dep!r} ends"
    late = [m.name for m in t.milestones if m.week > t.total_weeks + 0.01]
    if late:
        return f"milestones after the end of the timeline: {late}"
    return None


def timeline_uses_stated_team(plan: Plan) -> str | None:
    """A stated team size is used (not assumed) in the timeline."""
    size = plan.brief.team_size
    if size is None or plan.brief.origin("team_size") is None:
        return "no team size in the brief"
    if str(plan.brief.origin("team_size")) == "assumed":
        return "team size was assumed although the brief states it"
    if str(size) not in plan.timeline.team or "assumed" in plan.timeline.team:
        return f"timeline.team is {plan.timeline.team!r}, brief states {size} people"
    return None
