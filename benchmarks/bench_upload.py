"""A data-grounded plan through the HTTP API: upload, job, grounded plan — wall times.

Run: ``.venv/bin/python benchmarks/bench_upload.py [ROWS ...]`` (default 100000 1000000).
Starts `mlplan serve`'s app with uvicorn on a free local port (SQLite store, anonymous, a
temporary data dir), POSTs a generated churn CSV (the planted file of tests/profile) as
multipart with `target=churned`, and reports the time to the 202 (upload streamed to disk +
the quick column check), the job's run time (profile, draft, baselines, validate) and the
server's peak RSS. It checks the planted leaks reached the plan's findings and that the
upload folder is empty afterwards. It reports numbers and never fails a build.
"""

from __future__ import annotations

import resource
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from mlplan.adapters.api import create_app
from mlplan.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "profile"))
from _planted import write_csv

BRIEF = "Predict which subscribers churn next month from our CRM data; GDPR applies."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path) -> tuple[uvicorn.Server, str]:
    settings = Settings(
        data_dir=data_dir, llm="none", api_anonymous=True, max_data_bytes=500 * 1024 * 1024
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings=settings), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(url + "/healthz").status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


def run(url: str, path: Path, data_dir: Path) -> None:
    mb = path.stat().st_size / 1e6
    t0 = time.perf_counter()
    with path.open("rb") as fh:
        r = httpx.post(
            url + "/v1/plans",
            data={"brief": BRIEF, "target": "churned", "time_column": "event_date"},
            files={"data": (path.name, fh, "text/csv")},
            timeout=600,
        )
    t1 = time.perf_counter()
    r.raise_for_status()
    job_url = url + r.headers["location"]
    while (job := httpx.get(job_url).json())["state"] not in ("done", "failed"):
        time.sleep(0.1)
    t2 = time.perf_counter()
    if job["state"] != "done":
        print(f"{path.name}: job failed: {job['error']}")
        return
    plan = httpx.get(f"{url}/v1/plans/{job['result_id']}").json()["plan"]
    leaks = {f["rule_id"] for f in plan["findings"] if f["rule_id"] == "L13"}
    left = [p for p in (data_dir / "uploads").rglob("*") if p.is_file()]
    print(
        f"{path.name} ({mb:.0f} MB): 202 after {t1 - t0:.2f} s (upload + column check); "
        f"job {t2 - t1:.2f} s (profile {plan['data']['profile']['seconds']:.2f} s on "
        f"{plan['data']['profile']['sample_rows']:,} rows, baselines "
        f"{plan['evaluation']['measured_baselines']['seconds']:.2f} s); total {t2 - t0:.2f} s; "
        f"L13 in findings: {bool(leaks)}; uploads left: {len(left)}"
    )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        server, url = _serve(data_dir)
        try:
            for rows in sizes:
                run(url, write_csv(Path(tmp) / f"churn_{rows}.csv", rows), data_dir)
        finally:
            server.should_exit = True
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process (server + client): {peak:.0f} MB")


if __name__ == "__main__":
    main()
