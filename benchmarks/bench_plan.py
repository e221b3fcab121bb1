"""Plan-time benchmark: warm in-process plan time and cold `mlplan plan` process time.

Goals (issue #2): warm < 50 ms per plan, cold CLI < 1.5 s on the 2-core CI machines.
Run: python benchmarks/bench_plan.py [--cold-runs 5] [--warm-runs 50]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

BRIEFS = [
    "Predict churn for our subscription service; 10M CRM rows; ~4 % churn; GDPR applies",
    "Card-payment fraud detection at checkout: 0.1% of ~2.5M daily transactions are fraudulent; p99 under 80ms, 30k req/min peak; PCI DSS",
    "Forecast weekly demand for 3,000 SKUs across 120 stores, 12 weeks ahead, using 3 years of sales history",
    "Route support tickets into one of 14 queues; 800k labelled tickets in Zendesk",
    "Recommend products on the home page for 2M users; 50k items; realtime, p99 under 150 ms",
    "Classify chest X-ray images as normal or pneumonia; 40k images from 3 hospitals; HIPAA",
    "Segment our 1.2M retail customers into groups for targeted campaigns",
    "Detect anomalies in vibration sensor readings from 400 turbines without labels",
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def warm(runs: int) -> list[float]:
    from mlplan.service import build_service

    service = build_service()
    for brief in BRIEFS:  # warm caches: tables, catalogue, regexes
        service.plan(brief)
    times: list[float] = []
    for _ in range(runs):
        for brief in BRIEFS:
            t0 = time.perf_counter()
            service.plan(brief)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def cold(runs: int) -> list[float]:
    exe = shutil.which("mlplan") or sys.exit("mlplan is not on PATH; pip install -e . first")
    times: list[float] = []
    for i in range(runs):
        brief = BRIEFS[i % len(BRIEFS)]
        t0 = time.perf_counter()
        subprocess.run([exe, "plan", brief], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warm-runs", type=int, default=50)
    parser.add_argument("--cold-runs", type=int, default=8)
    args = parser.parse_args()
    w = warm(args.warm_runs)
    print(
        f"warm plan (understand+draft+validate), {len(w)} plans: median {statistics.median(w):.1f} ms, p95 {_pct(w, 0.95):.1f} ms, max {max(w):.1f} ms  (goal < 50 ms)"
    )
    c = cold(args.cold_runs)
    print(
        f"cold `mlplan plan` process, {len(c)} runs: median {statistics.median(c):.2f} s, max {max(c):.2f} s  (goal < 1.5 s)"
    )


if __name__ == "__main__":
    main()
