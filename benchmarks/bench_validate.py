"""Warm latency of ``validate_plan`` on a complete plan (goal: median < 5 ms).

Run: ``.venv/bin/python benchmarks/bench_validate.py [RUNS]``. A plain script, not a test:
timings vary by machine, so it reports numbers and never fails a build.
"""

from __future__ import annotations

import statistics
import sys
import time

from mlplan.domain import Plan
from mlplan.validate import RULES, validate_plan
from mlplan.validate._examples import good_plan

GOAL_MS = 5.0
WARM_UP = 50
"""Calls before timing: imports, regex compilation and pydantic caches are paid here."""


def _plan_with_findings() -> Plan:
    """The full plan with a few defects, so message formatting is timed too."""
    plan = good_plan()
    plan.evaluation.slices = []
    plan.deployment.rollback = None
    plan.deployment.cost_estimate = "TBD"
    plan.evaluation.latency_target_ms = 80
    return plan


def _timings_ms(plan: Plan, runs: int) -> list[float]:
    for _ in range(WARM_UP):
        validate_plan(plan)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        validate_plan(plan)
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)


def main(runs: int = 1000) -> None:
    print(f"validate_plan, {len(RULES)} rules, {runs} warm runs per plan (goal < {GOAL_MS:g} ms)")
    for label, plan in (
        ("full plan, clean", good_plan()),
        ("full plan, with findings", _plan_with_findings()),
    ):
        timings = _timings_ms(plan, runs)
        median = statistics.median(timings)
        p95 = timings[round(0.95 * (len(timings) - 1))]
        verdict = "ok" if median < GOAL_MS else "ABOVE GOAL"
        print(f"  {label:<24} median {median:6.3f} ms   p95 {p95:6.3f} ms   {verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
