"""Generated data files with planted problems; each must be found by the profiler."""

from __future__ import annotations

from pathlib import Path

import numpy as np

PLANTED = {
    "leak_predictive": "refund_flag_score",
    "leak_post_outcome": "cancellation_reason",
    "row_id": "row_id",
    "group_key": "customer_id",
    "email": "contact_email",
    "phone": "phone",
    "name": "full_name",
    "national_id": "ssn",
    "drifting": "income",
    "constant": "country",
    "duplicate": "age_copy",
}


def planted_rows(n: int, seed: int = 7) -> dict[str, list[object]]:
    """Columns of a churn table with every planted problem above, in time order."""
    rng = np.random.default_rng(seed)
    customers = rng.integers(0, max(n // 4, 10), n)
    churned = rng.random(n) < 0.08
    days = np.sort(rng.integers(0, 730, n))
    first = ["Anna", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hugo"]
    last = ["Smith", "Jones", "Garcia", "Miller", "Brown", "Khan", "Novak", "Rossi"]
    age = rng.integers(18, 80, n)
    drift = days / 730.0
    return {
        "row_id": list(range(1, n + 1)),
        "customer_id": [f"C{c:06d}" for c in customers],
        "event_date": [str(np.datetime64("2022-01-01") + int(d)) for d in days],
        "contact_email": [f"user{c}@example.com" for c in customers],
        "phone": [f"+44 20 7{c % 1000:03d} {c % 10000:04d}" for c in customers],
        "full_name": [f"{first[c % 8]} {last[(c // 8) % 8]}" for c in customers],
        "ssn": [f"{100 + c % 800:03d}-{10 + c % 89:02d}-{1000 + c % 8999:04d}" for c in customers],
        "age": age.tolist(),
        "age_copy": age.tolist(),
        "country": ["GB"] * n,
        "plan_type": rng.choice(["basic", "plus", "pro"], n).tolist(),
        "income": (30_000 + 40_000 * drift + rng.normal(0, 5_000, n)).round(2).tolist(),
        "monthly_spend": (rng.gamma(2.0, 20.0, n) + 10 * churned).round(2).tolist(),
        "support_calls": (rng.poisson(1.0, n) + 2 * churned).tolist(),
        "refund_flag_score": (churned * 1.0 + rng.normal(0, 0.05, n)).round(4).tolist(),
        "cancellation_reason": [
            rng.choice(["price", "service", "moved"]) if c else None for c in churned
        ],
        "churned": churned.astype(int).tolist(),
    }


def write_csv(path: Path, n: int, seed: int = 7) -> Path:
    cols = planted_rows(n, seed)
    names = list(cols)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(",".join(names) + "\n")
        for i in range(n):
            fh.write(",".join("" if cols[c][i] is None else str(cols[c][i]) for c in names) + "\n")
    return path
