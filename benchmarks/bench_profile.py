"""Profiling + measured baselines on generated churn files of 100k and 1M rows.

Run: ``.venv/bin/python benchmarks/bench_profile.py [ROWS ...]`` (default 100000 1000000).
The files carry the planted problems of tests/profile/_planted.py; the script checks they are
still found and reports wall times. It reports numbers and never fails a build.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from mlplan.domain import Metric, MetricName, SplitStrategy, TaskType
from mlplan.profile import DEFAULT_SAMPLE_ROWS, profile_file
from mlplan.profile.baselines import DEFAULT_ROW_CAP, measure_baselines

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "profile"))
from _planted import write_csv


def run(rows: int, folder: Path) -> None:
    path = write_csv(folder / f"churn_{rows}.csv", rows)
    mb = path.stat().st_size / 1e6
    t0 = time.perf_counter()
    data = profile_file(path, target="churned")
    t1 = time.perf_counter()
    baselines = measure_baselines(
        data,
        task=TaskType.BINARY_CLASSIFICATION,
        split=SplitStrategy.GROUP_TIME_BASED,
        metrics=[Metric(name=MetricName.PR_AUC), Metric(name=MetricName.ROC_AUC)],
    )
    t2 = time.perf_counter()
    p = data.profile
    found = {s.column for s in p.leakage} >= {"refund_flag_score", "cancellation_reason"}
    per_model = ", ".join(f"{r.name} {r.seconds:.2f} s" for r in baselines.results)
    print(
        f"{rows:>9,} rows ({mb:.0f} MB CSV, {len(p.columns)} columns): profile {t1 - t0:.2f} s "
        f"on {p.sample_rows:,} rows ({'sampled' if p.sampled else 'all'}); baselines "
        f"{t2 - t1:.2f} s on {baselines.train_rows + baselines.test_rows:,} rows ({per_model}); "
        f"total {t2 - t0:.2f} s; planted leaks found: {found}"
    )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    print(f"sample cap {DEFAULT_SAMPLE_ROWS:,} rows, baseline row cap {DEFAULT_ROW_CAP:,}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            run(rows, Path(tmp))


if __name__ == "__main__":
    main()
