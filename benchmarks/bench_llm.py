"""LLM-mode orchestration benchmark: wall time per plan vs calls, rounds and concurrency.

An OpenAI-compatible stub server (stdlib, loopback) answers every chat completion after a
fixed delay, so the numbers measure mlplan's orchestration (waves, repairs, concurrency,
validation between rounds), not a model. The stub answers `{}` (keep the expert draft) except
that, in the `repair` scenario, the evaluation section's first answer picks accuracy for a 4 %
churn brief (wave one) and the training section's a random split of monthly snapshots (wave
two); the validators send each back once, so the critical path is three rounds.

With `--local URL` it also drafts one plan through a real OpenAI-compatible server (e.g.
llama.cpp serving SmolLM2-135M) and reports wall time, tokens and outcomes.

Run:  python benchmarks/bench_llm.py [--delay 0.2] [--local http://127.0.0.1:8080/v1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mlplan.config import Settings
from mlplan.service import build_service

BRIEF = (
    "Predict churn for our subscription service; 10M CRM rows of monthly snapshots; ~4% churn; "
    "GDPR applies; scores needed weekly for the retention team."
)


_WRONG_FIRST = {
    "evaluation": {"primary_metric": {"name": "accuracy"}},  # M01 at 4 % churn (wave 1)
    "training": {"split": {"strategy": "random"}},  # L01 on monthly snapshots (wave 2)
}
"""First answers the validators reject in the `repair` scenario: one repair per wave."""


class _Stub(BaseHTTPRequestHandler):
    delay = 0.2
    scenario = "clean"
    lock = threading.Lock()
    in_flight = 0
    max_in_flight = 0
    prompt_chars = 0

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._send({"object": "list", "data": [{"id": "stub", "object": "model"}]})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        cls = type(self)
        with cls.lock:
            cls.in_flight += 1
            cls.max_in_flight = max(cls.max_in_flight, cls.in_flight)
            chars = sum(len(m["content"]) for m in body["messages"])
            cls.prompt_chars += chars
        time.sleep(cls.delay)
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        content = "{}"
        first_attempt = len(body["messages"]) == 2
        if cls.scenario == "repair" and first_attempt:
            for section, wrong in _WRONG_FIRST.items():
                if f"Write the `{section}` section" in user:
                    content = json.dumps(wrong)
        with cls.lock:
            cls.in_flight -= 1
        self._send(
            {
                "id": "x",
                "object": "chat.completion",
                "created": 0,
                "model": "stub",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": chars // 4,
                    "completion_tokens": len(content) // 4 + 1,
                    "total_tokens": chars // 4 + len(content) // 4 + 1,
                },
            }
        )

    def _send(self, payload: dict[str, object]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _settings(url: str, data_dir: Path, **kw: object) -> Settings:
    base: dict[str, object] = {
        "data_dir": data_dir,
        "llm": "local",
        "llm_base_url": url,
        "llm_cache": "off",
    }
    return Settings(**(base | kw))


def stub_runs(delay: float, repeats: int) -> list[dict[str, object]]:
    _Stub.delay = delay
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for scenario in ("clean", "repair"):
                for concurrency in (1, 4, 9):
                    _Stub.scenario = scenario
                    _Stub.max_in_flight = 0
                    service = build_service(_settings(url, Path(tmp), llm_concurrency=concurrency))
                    service.plan(BRIEF, llm="none")  # open the index outside the timing
                    times, plan = [], None
                    for _ in range(repeats):
                        _Stub.prompt_chars = 0
                        started = time.perf_counter()
                        plan = service.plan(BRIEF)
                        times.append(time.perf_counter() - started)
                    assert plan is not None and plan.meta.llm is not None
                    run = plan.meta.llm
                    rows.append(
                        {
                            "scenario": scenario,
                            "concurrency": concurrency,
                            "calls": len(run.calls),
                            "rounds": run.rounds,
                            "max_in_flight": _Stub.max_in_flight,
                            "wall_s_median": round(statistics.median(times), 2),
                            "ideal_s": round(run.rounds * delay, 2),
                            "prompt_chars": _Stub.prompt_chars,
                        }
                    )
    finally:
        server.shutdown()
    return rows


def local_run(url: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        service = build_service(
            _settings(url, Path(tmp), llm_temperature=0.0, llm_max_tokens=600, llm_timeout_s=600)
        )
        service.plan(BRIEF, llm="none")
        started = time.perf_counter()
        plan = service.plan(BRIEF)
        wall = time.perf_counter() - started
    run = plan.meta.llm
    assert run is not None
    outcomes: dict[str, list[str]] = {}
    for c in run.calls:
        outcomes.setdefault(c.section, []).append(c.outcome)
    return {
        "wall_s": round(wall, 1),
        "calls": len(run.calls),
        "rounds": run.rounds,
        "input_tokens": run.input_tokens,
        "output_tokens": run.output_tokens,
        "fallbacks": run.fallbacks,
        "outcomes": outcomes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.2, help="stub answer delay, seconds")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--local", help="OpenAI-compatible base URL of a real server")
    args = parser.parse_args(argv)
    rows = stub_runs(args.delay, args.repeats)
    print(f"Stub server answering after {args.delay:.2f} s; median of {args.repeats} plans\n")
    print("| scenario | concurrency | calls | rounds | max in flight | wall s | rounds x delay |"
          " prompt chars |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['scenario']} | {r['concurrency']} | {r['calls']} | {r['rounds']} | "
            f"{r['max_in_flight']} | {r['wall_s_median']} | {r['ideal_s']} | {r['prompt_chars']} |"
        )
    if args.local:
        print(f"\nReal server at {args.local}:")
        print(json.dumps(local_run(args.local), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
