"""Run eval suites and write a run folder: manifest.json + results.jsonl.

One runner for three kinds of suite, told apart by their files:
- plan suites (`evals/plan/*.yaml`): draft each case's brief with the chosen backend and
  check its assertions, `epochs` times, `concurrency` cases at once;
- the retrieval suite (`evals/retrieval/`): each labelled query must find a relevant
  document in the top 5 (recall@5 and MRR in the summary);
- the critique suite (`evals/critique/labels.yaml`): each labelled plan must be reviewed
  with no missed defect and no false alarm (precision and recall in the summary).
The retrieval and critique scorers live in the repository's `benchmarks/` (the suites only
exist in a checkout), and are loaded from there.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from mlplan.errors import MlplanError, UserInputError
from mlplan.prompt_evals.assertions import Observed, Outcome, check
from mlplan.prompt_evals.cases import DETERMINISTIC, EvalCase, LlmRubric, load_cases, suite_files
from mlplan.service import PlanService

Backend = Literal["expert", "openai", "local"]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RunOptions:
    backend: Backend = "expert"
    prompts: str = "v1"
    epochs: int = 1
    concurrency: int = 4
    judge: bool = False
    """Run `llm_rubric` assertions (needs an LLM backend configured for the judge)."""
    runs_dir: Path = Path("evals/runs")
    label: str = ""


@dataclass
class RunResult:
    path: Path
    manifest: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        return sum(r["passed"] for r in self.rows) / len(self.rows) if self.rows else 0.0


def suite_kind(target: Path) -> str:
    parts = set(target.resolve().parts)
    if "retrieval" in parts:
        return "retrieval"
    if "critique" in parts:
        return "critique"
    return "plan"


def run(
    service: PlanService,
    targets: list[Path],
    options: RunOptions,
    progress: Progress | None = None,
) -> RunResult:
    """Run every suite in `targets` and write the run folder; returns rows and manifest."""
    started = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    summaries: dict[str, Any] = {}
    for target in targets:
        if not target.exists():
            raise UserInputError(f"{target}: no such suite")
        kind = suite_kind(target)
        if kind == "plan":
            cases = load_cases(suite_files(target))
            suite_rows = asyncio.run(_plan_suite(service, cases, options, str(target), progress))
            summaries[str(target)] = _summary(suite_rows)
        elif kind == "retrieval":
            suite_rows, summaries[str(target)] = _retrieval_suite(service, target, progress)
        else:
            suite_rows, summaries[str(target)] = _critique_suite(service, target, progress)
        rows += suite_rows
    finished = datetime.now(UTC)
    manifest = _manifest(service, targets, options, started, finished, rows, summaries)
    path = _write(options, manifest, rows, started)
    return RunResult(path=path, manifest=manifest, rows=rows)


# -- plan suites ------------------------------------------------------------------------------


async def _plan_suite(
    service: PlanService,
    cases: list[EvalCase],
    options: RunOptions,
    suite: str,
    progress: Progress | None,
) -> list[dict[str, Any]]:
    semaphore = asyncio.Semaphore(options.concurrency)
    jobs = [(case, epoch) for case in cases for epoch in range(options.epochs)]
    done = 0
    checks_dir = _checks_dir(cases)

    async def one(case: EvalCase, epoch: int) -> dict[str, Any]:
        nonlocal done
        async with semaphore:
            row = await _plan_case(service, case, epoch, options, suite, checks_dir)
        done += 1
        if progress is not None:
            progress(done, len(jobs), f"{case.id} {'pass' if row['passed'] else 'FAIL'}")
        return row

    return list(await asyncio.gather(*(one(c, e) for c, e in jobs)))


async def _plan_case(
    service: PlanService,
    case: EvalCase,
    epoch: int,
    options: RunOptions,
    suite: str,
    checks_dir: Path | None,
) -> dict[str, Any]:
    mode = "none" if options.backend == "expert" else options.backend
    started = time.perf_counter()
    row: dict[str, Any] = {"suite": suite, "case": case.id, "epoch": epoch, "tags": case.tags}
    try:
        plan = await service.aplan(case.brief, llm=mode, prompts=options.prompts, repeat=epoch)
    except MlplanError as exc:
        latency = (time.perf_counter() - started) * 1000
        return row | {
            "passed": False,
            "error": f"{exc.code}: {exc.message}",
            "outcomes": [],
            "latency_ms": round(latency, 1),
            "tokens": 0,
            "cost_usd": None,
            "attempts": 0,
            "cached": 0,
        }
    latency = (time.perf_counter() - started) * 1000
    run = plan.meta.llm
    observed = Observed(
        latency_ms=latency,
        tokens=(run.input_tokens + run.output_tokens) if run else 0,
        cost_usd=run.cost_usd if run else None,
    )
    outcomes = [
        check(a, plan, observed, checks_dir) for a in case.assertions if a.kind in DETERMINISTIC
    ]
    judged = [a for a in case.assertions if a.kind == "llm_rubric"]
    if judged and options.judge:
        from mlplan.prompt_evals.judge import judge

        outcomes += [await judge(service, a, plan) for a in judged if isinstance(a, LlmRubric)]
    return row | {
        "passed": all(o.verdict == "pass" for o in outcomes),
        "error": None,
        "outcomes": [_outcome(o) for o in outcomes],
        "latency_ms": round(latency, 1),
        "tokens": observed.tokens,
        "cost_usd": observed.cost_usd,
        "attempts": len(run.calls) if run else 0,
        "cached": run.cache_hits if run else 0,
        "primary_metric": plan.evaluation.primary_metric.name.value,
        "fallbacks": sorted(run.fallbacks) if run else [],
    }


def _outcome(o: Outcome) -> dict[str, str]:
    return {"kind": o.kind, "verdict": o.verdict, "message": o.message}


def _checks_dir(cases: list[EvalCase]) -> Path | None:
    """evals/checks/ beside the suite folder (cases carry their source file)."""
    for case in cases:
        source = Path(case.source.rsplit(":", 1)[0])
        for parent in source.resolve().parents:
            candidate = parent / "checks"
            if candidate.is_dir():
                return candidate
    return None


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    passed = sum(r["passed"] for r in rows)
    by_kind: dict[str, list[int]] = {}
    for r in rows:
        for o in r["outcomes"]:
            tally = by_kind.setdefault(o["kind"], [0, 0, 0])
            tally[("pass", "fail", "error").index(o["verdict"])] += 1
    return {
        "cases": n,
        "passed": passed,
        "pass_rate": round(passed / n, 4) if n else None,
        "by_assertion": {
            k: dict(zip(("pass", "fail", "error"), v, strict=True)) for k, v in by_kind.items()
        },
        "errors": sum(1 for r in rows if r.get("error")),
    }


# -- retrieval and critique suites ---------------------------------------------------------------


def _benchmark_module(target: Path, name: str) -> ModuleType:
    for parent in target.resolve().parents:
        path = parent / "benchmarks" / f"{name}.py"
        if path.is_file():
            spec = importlib.util.spec_from_file_location(f"mlplan_bench_{name}", path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module  # dataclasses need the module registered
            spec.loader.exec_module(module)
            return module
    raise UserInputError(
        f"{target}: benchmarks/{name}.py not found (run from a repository checkout)"
    )


def _retrieval_suite(
    service: PlanService, target: Path, progress: Progress | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    m = _benchmark_module(target, "_retrieval_metrics")
    files = m.suite_files(target) if target.is_dir() else [target]
    queries = m.load_suite(files)
    rows: list[dict[str, Any]] = []
    rr: list[float] = []
    for i, q in enumerate(queries, 1):
        started = time.perf_counter()
        hits = service.kb_search(q.query, k=5, section=getattr(q, "section", None), mode="bm25")
        latency = (time.perf_counter() - started) * 1000
        doc_ids = [h.doc_id for h in hits]
        relevant = set(q.relevant)
        rank = m.first_relevant_rank(doc_ids, relevant)
        rr.append(m.reciprocal_rank(doc_ids, relevant))
        rows.append(
            {
                "suite": str(target),
                "case": q.id,
                "epoch": 0,
                "passed": rank is not None,
                "error": None,
                "outcomes": [
                    {
                        "kind": "relevant_in_top_5",
                        "verdict": "pass" if rank is not None else "fail",
                        "message": "" if rank else f"got {m.distinct(doc_ids)}",
                    }
                ],
                "latency_ms": round(latency, 2),
                "tokens": 0,
                "cost_usd": None,
                "attempts": 0,
                "cached": 0,
            }
        )
        if progress is not None:
            progress(i, len(queries), q.id)
    summary = _summary(rows) | {"recall_at_5": round(m.mean([r["passed"] for r in rows]), 4),
                                "mrr": round(m.mean(rr), 4)}  # fmt: skip
    return rows, summary


def _critique_suite(
    service: PlanService, target: Path, progress: Progress | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    m = _benchmark_module(target, "_critique_metrics")
    labels_path = target / "labels.yaml" if target.is_dir() else target
    labels = m.load_labels(labels_path)
    scores = []
    rows: list[dict[str, Any]] = []
    for i, label in enumerate(labels, 1):
        started = time.perf_counter()
        try:
            review = service.review(str(labels_path.parent / label.file))
            flags = [
                m.Flag(f.rule_id, f.evidence.line if f.evidence is not None else None)
                for f in review.findings
            ]
            score = m.score_plan(label, flags, str(review.verdict))
            error = None
        except MlplanError as exc:
            score = m.failed_plan(label, exc.message)
            error = exc.message
        latency = (time.perf_counter() - started) * 1000
        scores.append(score)
        missed = sorted(score.fn)
        false_pos = sorted(score.fp)
        rows.append(
            {
                "suite": str(target),
                "case": label.file,
                "epoch": 0,
                "passed": not missed and not false_pos and error is None,
                "error": error,
                "outcomes": [
                    {
                        "kind": "no_missed_defect",
                        "verdict": "fail" if missed else "pass",
                        "message": ", ".join(missed),
                    },
                    {
                        "kind": "no_false_alarm",
                        "verdict": "fail" if false_pos else "pass",
                        "message": ", ".join(false_pos),
                    },
                ],
                "latency_ms": round(latency, 1),
                "tokens": 0,
                "cost_usd": None,
                "attempts": 0,
                "cached": 0,
            }
        )
        if progress is not None:
            progress(i, len(labels), label.file)
    total = m.summarise(scores)
    summary = _summary(rows) | {
        "precision": total.overall.precision,
        "recall": total.overall.recall,
    }
    return rows, summary


# -- writing the run ----------------------------------------------------------------------------


def _manifest(
    service: PlanService,
    targets: list[Path],
    options: RunOptions,
    started: datetime,
    finished: datetime,
    rows: list[dict[str, Any]],
    summaries: dict[str, Any],
) -> dict[str, Any]:
    from mlplan import __version__

    settings = service.settings
    prompt_hash = ""
    if options.backend != "expert":
        from mlplan.draft.llm import load_prompts

        prompt_hash = load_prompts(options.prompts, base=settings.prompts_dir).hash
    passed = sum(r["passed"] for r in rows)
    return {
        "mlplan_version": __version__,
        "git_sha": _git_sha(),
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "wall_s": round((finished - started).total_seconds(), 2),
        "suites": [str(t) for t in targets],
        "backend": options.backend,
        "model": "expert" if options.backend == "expert" else settings.llm_model,
        "base_url": "" if options.backend == "expert" else (settings.llm_base_url or ""),
        "prompts": options.prompts if options.backend != "expert" else "",
        "prompt_hash": prompt_hash,
        "parameters": {
            "epochs": options.epochs,
            "concurrency": options.concurrency,
            "judge": options.judge,
            "temperature": settings.llm_temperature,
            "max_attempts": settings.llm_max_attempts,
            "cache": settings.llm_cache,
        },
        "totals": {
            "rows": len(rows),
            "passed": passed,
            "pass_rate": round(passed / len(rows), 4) if rows else None,
            "tokens": sum(r["tokens"] for r in rows),
            "cost_usd": round(sum(r["cost_usd"] or 0.0 for r in rows), 6),
        },
        "summaries": summaries,
    }


def _git_sha() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _write(
    options: RunOptions, manifest: dict[str, Any], rows: list[dict[str, Any]], started: datetime
) -> Path:
    name = "_".join(
        p
        for p in (
            started.strftime("%Y%m%dT%H%M%SZ"),
            manifest["prompts"] or "expert",
            _slug(manifest["model"]),
            options.label,
        )
        if p
    )
    path = options.runs_dir / name
    n = 1
    while path.exists():
        n += 1
        path = options.runs_dir / f"{name}-{n}"
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    with (path / "results.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "-" for c in text)[:40]
