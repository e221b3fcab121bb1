"""Retrieval eval: recall@5, strict recall@5, MRR@10 and warm query latency per mode x embedder.

Runs the labelled queries in evals/retrieval/*.yaml against mlplan.knowledge.index.KnowledgeIndex
(a fresh temporary index per embedder) in bm25, dense and hybrid modes.

Goal (issue #4): hybrid recall@5 >= 0.90, p50 query < 30 ms warm.

Run:  python benchmarks/eval_retrieval.py [--embedders none,fake,minilm,openai] [--json out.json]
      (default: every embedder that can load here; openai only with OPENAI_API_KEY set)

- recall@5        share of queries with >= 1 relevant doc among the top-5 distinct doc ids
- strict recall@5 mean fraction of each query's relevant docs among the top-5 distinct doc ids
- MRR@10          mean 1/rank of the first relevant doc over distinct doc ids in the top-10 chunks
- p50/p95 ms      per search() call, after one warm-up pass over all queries
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _retrieval_metrics import (
    EvalQuery,
    distinct,
    first_relevant_rank,
    hit_at_k,
    load_suite,
    mean,
    percentile,
    recall_at_k,
    reciprocal_rank,
    suite_files,
    validate_suite,
)

ROOT = Path(__file__).resolve().parents[1]
SUITE_DIR = ROOT / "evals" / "retrieval"
EMBEDDERS = ("none", "fake", "minilm", "openai")
MODES = ("bm25", "dense", "hybrid")
RECALL_K = 5
MRR_CHUNKS = 10
FETCH_K = 20
"""Chunks fetched per query. The index fuses max(k, 20) results per ranker, so k=20 returns
exactly the k=10 ranking as its first 10 chunks and leaves room for 5 distinct docs."""
GOAL_RECALL = 0.90
GOAL_P50_MS = 30.0


@dataclass
class QueryOutcome:
    id: str
    style: str
    section: str | None
    relevant: list[str]
    top_docs: list[str]
    """Distinct doc ids of the fetched chunks, best first."""
    hit5: float
    recall5: float
    rr10: float
    first_rank: int | None
    latency_ms: list[float]


@dataclass
class RunResult:
    embedder: str
    mode: str
    n: int
    recall5: float
    strict_recall5: float
    mrr10: float
    p50_ms: float
    p95_ms: float
    by_style: dict[str, dict[str, float]]
    ingest_s: float
    short_lists: int
    """Queries whose fetched chunks held fewer than 5 distinct docs."""
    outcomes: list[QueryOutcome] = field(default_factory=list)


# --------------------------------------------------------------------------- setup


def load_and_validate(suite_dir: Path) -> list[EvalQuery]:
    from mlplan.knowledge import catalog

    files = suite_files(suite_dir)
    if not files:
        sys.exit(f"no suite files in {suite_dir}")
    queries = load_suite(files)
    docs = catalog()
    problems = validate_suite(queries, docs.keys(), {k: v.sections for k, v in docs.items()})
    if problems:
        sys.exit("invalid retrieval suite:\n  " + "\n  ".join(problems))
    return queries


def make_embedder(name: str, data_dir: Path) -> tuple[Any, str | None]:
    """(embedder or None, reason it cannot load or None). `none` loads as None (BM25 only)."""
    if name == "none":
        return None, None
    if name == "fake":
        from mlplan.testing import FakeEmbedder

        return FakeEmbedder(), None
    from mlplan.config import Settings
    from mlplan.knowledge.embedders import get_embedder

    try:
        embedder = get_embedder(Settings(embedder=name, data_dir=data_dir))  # type: ignore[arg-type]
        if embedder is None:
            return None, f"get_embedder returned None for {name!r}"
        embedder.embed(["warm-up: load the model before timing"])
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return embedder, None


# --------------------------------------------------------------------------- run


def run_mode(
    index: Any, queries: Sequence[EvalQuery], mode: str, *, use_section: bool, repeats: int
) -> list[QueryOutcome]:
    def search(q: EvalQuery) -> list[str]:
        section = q.section if use_section else None
        return [p.doc_id for p in index.search(q.query, k=FETCH_K, mode=mode, section=section)]

    for q in queries:  # warm-up pass: lazy imports, BM25 build, chromadb handles, caches
        search(q)
    outcomes = []
    for q in queries:
        times: list[float] = []
        chunk_docs: list[str] = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            chunk_docs = search(q)
            times.append((time.perf_counter() - t0) * 1000)
        relevant = set(q.relevant)
        outcomes.append(
            QueryOutcome(
                id=q.id,
                style=q.style,
                section=q.section if use_section else None,
                relevant=list(q.relevant),
                top_docs=distinct(chunk_docs),
                hit5=hit_at_k(chunk_docs, relevant, RECALL_K),
                recall5=recall_at_k(chunk_docs, relevant, RECALL_K),
                rr10=reciprocal_rank(chunk_docs, relevant, MRR_CHUNKS),
                first_rank=first_relevant_rank(chunk_docs, relevant),
                latency_ms=times,
            )
        )
    return outcomes


def summarise(embedder: str, mode: str, outcomes: list[QueryOutcome], ingest_s: float) -> RunResult:
    latencies = [t for o in outcomes for t in o.latency_ms]
    by_style: dict[str, dict[str, float]] = {}
    for style in sorted({o.style for o in outcomes}):
        sub = [o for o in outcomes if o.style == style]
        by_style[style] = {
            "n": len(sub),
            "recall5": mean([o.hit5 for o in sub]),
            "strict_recall5": mean([o.recall5 for o in sub]),
            "mrr10": mean([o.rr10 for o in sub]),
        }
    return RunResult(
        embedder=embedder,
        mode=mode,
        n=len(outcomes),
        recall5=mean([o.hit5 for o in outcomes]),
        strict_recall5=mean([o.recall5 for o in outcomes]),
        mrr10=mean([o.rr10 for o in outcomes]),
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        by_style=by_style,
        ingest_s=ingest_s,
        short_lists=sum(1 for o in outcomes if len(o.top_docs) < RECALL_K),
        outcomes=outcomes,
    )


def run_embedder(
    name: str,
    queries: Sequence[EvalQuery],
    modes: Sequence[str],
    *,
    use_section: bool,
    repeats: int,
) -> tuple[list[RunResult], str | None]:
    from mlplan.knowledge.index import KnowledgeIndex
    from mlplan.resources import knowledge_dir

    with tempfile.TemporaryDirectory(prefix=f"mlplan-eval-{name}-") as tmp:
        data_dir = Path(tmp)
        embedder, reason = make_embedder(name, data_dir)
        if reason is not None:
            return [], reason
        index = KnowledgeIndex(data_dir=data_dir, kb_dirs=[knowledge_dir()], embedder=embedder)
        t0 = time.perf_counter()
        index.ingest()
        ingest_s = time.perf_counter() - t0
        results = []
        for mode in modes:
            if embedder is None and mode != "bm25":
                continue  # without an embedder, dense is impossible and hybrid is BM25
            outcomes = run_mode(index, queries, mode, use_section=use_section, repeats=repeats)
            results.append(summarise(name, mode, outcomes, ingest_s))
        return results, None


# --------------------------------------------------------------------------- report


def markdown_table(results: Sequence[RunResult]) -> str:
    lines = [
        "| embedder | mode | recall@5 | strict recall@5 | MRR@10 | p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.embedder} | {r.mode} | {r.recall5:.3f} | {r.strict_recall5:.3f} "
            f"| {r.mrr10:.3f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} |"
        )
    return "\n".join(lines)


def style_table(results: Sequence[RunResult]) -> str:
    lines = [
        "| embedder | mode | style | n | recall@5 | strict recall@5 | MRR@10 |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for style, s in r.by_style.items():
            lines.append(
                f"| {r.embedder} | {r.mode} | {style} | {int(s['n'])} | {s['recall5']:.3f} "
                f"| {s['strict_recall5']:.3f} | {s['mrr10']:.3f} |"
            )
    return "\n".join(lines)


def misses_report(result: RunResult, queries: Sequence[EvalQuery]) -> str:
    text = {q.id: q.query for q in queries}
    missed = [o for o in result.outcomes if not o.hit5]
    lines = [f"Misses at recall@5, {result.embedder}/{result.mode}: {len(missed)}/{result.n}"]
    for o in missed:
        rank = f"first relevant at rank {o.first_rank}" if o.first_rank else "no relevant doc"
        lines.append(
            f"- {o.id} ({o.style}{', ' + o.section if o.section else ''}): {text[o.id]!r}\n"
            f"    relevant {o.relevant}; top-5 {o.top_docs[:RECALL_K]}; {rank} in top {FETCH_K} chunks"
        )
    return "\n".join(lines)


def goal_line(results: Sequence[RunResult]) -> str:
    hybrid = [r for r in results if r.mode == "hybrid"]
    if not hybrid:
        return "Goal (hybrid recall@5 >= 0.90, p50 < 30 ms): no hybrid run (no embedder loaded)."
    parts = []
    for r in hybrid:
        ok = r.recall5 >= GOAL_RECALL and r.p50_ms < GOAL_P50_MS
        parts.append(
            f"{r.embedder}: recall@5 {r.recall5:.3f}, p50 {r.p50_ms:.1f} ms -> "
            f"{'met' if ok else 'NOT met'}"
        )
    return "Goal (hybrid recall@5 >= 0.90, p50 < 30 ms): " + "; ".join(parts)


# --------------------------------------------------------------------------- main


def _loadavg() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # not available on every platform
        return "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--embedders",
        default=None,
        help=f"comma list from {','.join(EMBEDDERS)} (default: every one that loads here)",
    )
    parser.add_argument("--modes", default=",".join(MODES), help="comma list of search modes")
    parser.add_argument("--suite-dir", type=Path, default=SUITE_DIR)
    parser.add_argument("--repeats", type=int, default=3, help="timed searches per query")
    parser.add_argument(
        "--no-section", action="store_true", help="ignore the queries' section filters"
    )
    parser.add_argument(
        "--misses",
        default="hybrid",
        help="print missed queries for these modes (comma list, 'none' for no list)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write results as JSON")
    args = parser.parse_args(argv)

    requested = args.embedders.split(",") if args.embedders else list(EMBEDDERS)
    unknown = [e for e in requested if e not in EMBEDDERS]
    modes = [m for m in args.modes.split(",") if m]
    if unknown or any(m not in MODES for m in modes):
        parser.error(f"embedders must be in {EMBEDDERS} and modes in {MODES}")
    queries = load_and_validate(args.suite_dir)
    load_before = _loadavg()
    styles = {s: sum(1 for q in queries if q.style == s) for s in ("drafter", "user")}
    print(
        f"Retrieval suite: {len(queries)} queries ({styles['drafter']} drafter, "
        f"{styles['user']} user) from {args.suite_dir}; section filter "
        f"{'off' if args.no_section else 'on'}; {args.repeats} timed runs per query\n"
    )

    results: list[RunResult] = []
    skipped: dict[str, str] = {}
    for name in requested:
        runs, reason = run_embedder(
            name, queries, modes, use_section=not args.no_section, repeats=args.repeats
        )
        if reason is not None:
            skipped[name] = reason
            print(f"(skipped embedder {name}: {reason})", file=sys.stderr)
        results.extend(runs)
    if not results:
        print("no embedder could run", file=sys.stderr)
        return 1

    print(markdown_table(results))
    print()
    print(style_table(results))
    print()
    for name, reason in skipped.items():
        print(f"Skipped embedder {name}: {reason}")
    ingest = {r.embedder: r.ingest_s for r in results}
    load_after = _loadavg()
    print(
        f"Machine: {os.cpu_count()} CPUs, load average {load_before} before, {load_after} after "
        "(tail latency of dense search suffers under CPU contention)"
    )
    print("Ingest time (s): " + ", ".join(f"{k} {v:.2f}" for k, v in ingest.items()))
    print(goal_line(results))
    miss_modes = set() if args.misses == "none" else set(args.misses.split(","))
    for r in results:
        if r.mode in miss_modes or (r.embedder == "none" and "hybrid" in miss_modes):
            print()
            print(misses_report(r, queries))

    if args.json is not None:
        payload = {
            "suite": {"n": len(queries), "styles": styles, "dir": str(args.suite_dir)},
            "settings": {
                "fetch_k": FETCH_K,
                "recall_k": RECALL_K,
                "mrr_chunks": MRR_CHUNKS,
                "repeats": args.repeats,
                "section_filter": not args.no_section,
            },
            "machine": {
                "cpus": os.cpu_count(),
                "load_before": load_before,
                "load_after": load_after,
            },
            "skipped": skipped,
            "results": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
