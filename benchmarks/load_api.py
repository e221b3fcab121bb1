"""Load test of the HTTP API: `mlplan serve` on loopback, N concurrent clients for D seconds.

Starts the server in a subprocess (its own data dir, SQLite store, a fresh API key, rate
limit off), then runs asyncio + httpx clients that alternate offline `POST /v1/plans` and
`POST /v1/reviews` with varied bodies. Reports throughput, p50, p99 and errors per endpoint.

    python benchmarks/load_api.py                    # 50 clients, 60 s (the documented run)
    python benchmarks/load_api.py --duration 10      # shorter while developing
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

BRIEFS = [
    "Predict churn for our subscription service; 10M CRM rows of monthly snapshots; ~4% churn; GDPR applies.",
    "Forecast daily demand per store for 300 stores, 3 years of history, 14-day horizon.",
    "Detect fraudulent card transactions in real time; 0.2% fraud rate; p99 latency under 50 ms; PCI DSS.",
    "Rank products for search queries on our retail site; 5M queries a day; click logs for 2 years.",
    "Classify support tickets into 12 categories; 400k labelled tickets; route them hourly in batch.",
]
PLAN_MD = """# {title}

## Problem
Predict which customers cancel in the next 30 days.

## Data
10M rows of CRM snapshots, one per customer per month.

## Evaluation
We will measure accuracy on a random split.

## Deployment
Nightly batch scoring; no rollback plan yet.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mlplan() -> list[str]:
    """The `mlplan` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("mlplan")
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from mlplan.adapters.cli import main; main()"]
    )


def _start_server(data_dir: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        **os.environ,
        "MLPLAN_DATA_DIR": str(data_dir),
        "MLPLAN_LLM": "none",
        "MLPLAN_API_RATE_LIMIT_PER_MINUTE": "0",
    }
    env.pop("MLPLAN_DATABASE_URL", None)
    key = subprocess.run(
        [*_mlplan(), "apikey", "create", "--name", "load"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[0]  # fmt: skip
    log = (data_dir / "server.log").open("wb")
    proc = subprocess.Popen(
        [*_mlplan(), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {(data_dir / 'server.log').read_text()[-800:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return proc, key
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("server did not become ready in 60 s")


async def _client(
    n: int, base: str, key: str, stop_at: float, results: dict[str, list[float]],
    errors: dict[str, int],
) -> None:  # fmt: skip
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        i = n
        while time.monotonic() < stop_at:
            i += 1
            if i % 2:
                name = "POST /v1/plans"
                kwargs: dict[str, object] = {
                    "json": {"brief": f"{BRIEFS[i % len(BRIEFS)]} Run {i}."}
                }
                url = "/v1/plans"
            else:
                name = "POST /v1/reviews"
                kwargs = {
                    "json": {"text": PLAN_MD.format(title=f"Plan {i}"), "filename": "plan.md"}
                }
                url = "/v1/reviews"
            started = time.perf_counter()
            try:
                r = await client.post(url, **kwargs)  # type: ignore[arg-type]
                ok = r.status_code == 201
            except httpx.HTTPError:
                ok = False
            elapsed = time.perf_counter() - started
            if ok:
                results.setdefault(name, []).append(elapsed)
            else:
                errors[name] = errors.get(name, 0) + 1


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _run(base: str, key: str, clients: int, duration: float) -> dict[str, object]:
    results: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    started = time.monotonic()
    stop_at = started + duration
    await asyncio.gather(*(_client(n, base, key, stop_at, results, errors) for n in range(clients)))
    wall = time.monotonic() - started
    report: dict[str, object] = {"clients": clients, "duration_s": round(wall, 1)}
    every = [v for vs in results.values() for v in vs]
    for name, values in [*sorted(results.items()), ("all", every)]:
        failed = sum(errors.values()) if name == "all" else errors.get(name, 0)
        report[name] = {
            "ok": len(values),
            "errors": failed,
            "throughput_rps": round(len(values) / wall, 1),
            "p50_ms": round(_pct(values, 0.50) * 1000, 1),
            "p99_ms": round(_pct(values, 0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None,
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--json", action="store_true", help="print the report as JSON only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mlplan-load-") as tmp:
        port = _free_port()
        proc, key = _start_server(Path(tmp), port)
        try:
            report = asyncio.run(_run(f"http://127.0.0.1:{port}", key, args.clients, args.duration))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['clients']} clients, {report['duration_s']} s, one uvicorn worker, SQLite")
    print(f"{'endpoint':<18} {'ok':>6} {'err':>5} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for name, row in report.items():
        if isinstance(row, dict):
            print(
                f"{name:<18} {row['ok']:>6} {row['errors']:>5} {row['throughput_rps']:>7} "
                f"{row['p50_ms']:>8} {row['p99_ms']:>8}"
            )


if __name__ == "__main__":
    main()
