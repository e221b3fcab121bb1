"""`mlplan eval run|compare`: eval suites on prompts, decision tables and models; a CI gate."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlplan.adapters._common import EXIT_FINDINGS, door, emit

eval_app = typer.Typer(
    help="Run eval suites (plan cases, retrieval, critique) and compare runs.",
    no_args_is_help=True,
)


class BackendChoice(StrEnum):
    expert = "expert"
    openai = "openai"
    local = "local"


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    junit = "junit"
    html = "html"


@eval_app.command("run")
def run_cmd(
    suites: Annotated[
        list[Path] | None,
        typer.Argument(help="Suite folders or files (default: evals/plan)."),
    ] = None,
    backend: Annotated[
        BackendChoice, typer.Option(help="Who drafts the plans.")
    ] = BackendChoice.expert,
    prompts: Annotated[str, typer.Option(help="Prompt version for LLM backends.")] = "v1",
    epochs: Annotated[int, typer.Option(min=1, help="Times each case is drafted.")] = 1,
    concurrency: Annotated[int, typer.Option(min=1, help="Cases drafted at once.")] = 4,
    judge: Annotated[bool, typer.Option(help="Also run llm_rubric assertions.")] = False,
    runs_dir: Annotated[Path, typer.Option(help="Where run folders are written.")] = Path(
        "evals/runs"
    ),
    label: Annotated[str, typer.Option(help="Suffix for the run folder name.")] = "",
    min_pass_rate: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Exit 1 below this pass rate.")
    ] = 0.0,
) -> None:
    """Run suites; writes RUNS_DIR/<time>_<prompts>_<model>/manifest.json and results.jsonl."""
    with door():
        from mlplan.prompt_evals.runner import RunOptions, run
        from mlplan.service import build_service

        targets = suites or [Path("evals/plan")]
        options = RunOptions(
            backend=backend.value,
            prompts=prompts,
            epochs=epochs,
            concurrency=concurrency,
            judge=judge,
            runs_dir=runs_dir,
            label=label,
        )

        tty = sys.stderr.isatty()

        def progress(done: int, total: int, what: str) -> None:
            if not tty:  # logs (CI): a line per tenth of the run, no carriage returns
                if done == total or done % max(1, total // 10) == 0:
                    typer.echo(f"  {done}/{total} {what}", err=True)
                return
            width = 24
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            typer.echo(f"\r[{bar}] {done}/{total} {what[:48]:<48}", nl=False, err=True)

        result = run(build_service(), targets, options, progress)
        if tty:
            typer.echo("", err=True)
        totals = result.manifest["totals"]
        typer.echo(
            f"{totals['passed']}/{totals['rows']} passed ({result.pass_rate:.1%}) in "
            f"{result.manifest['wall_s']} s -> {result.path}"
        )
        for suite, summary in result.manifest["summaries"].items():
            extra = {
                k: v
                for k, v in summary.items()
                if k in ("recall_at_5", "mrr", "precision", "recall")
            }
            typer.echo(f"  {suite}: {summary['passed']}/{summary['cases']} {extra or ''}".rstrip())
        failed = [r for r in result.rows if not r["passed"]]
        for r in failed[:20]:
            why = r.get("error") or "; ".join(
                f"{o['kind']}: {o['message']}" for o in r["outcomes"] if o["verdict"] != "pass"
            )
            typer.echo(f"  FAIL {r['case']}[{r['epoch']}]: {why[:200]}")
        if len(failed) > 20:
            typer.echo(f"  … {len(failed) - 20} more in {result.path / 'results.jsonl'}")
        if result.pass_rate < min_pass_rate:
            raise typer.Exit(EXIT_FINDINGS)


@eval_app.command("compare")
def compare_cmd(
    run_a: Annotated[Path, typer.Argument(help="Baseline run folder.")],
    run_b: Annotated[Path, typer.Argument(help="Candidate run folder.")],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="Report format.")
    ] = ReportFormat.markdown,
    out: Annotated[Path | None, typer.Option("--out", help="Write the report here.")] = None,
    max_drop: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Exit 1 when B's pass rate is this much below A's."),
    ] = 0.0,
) -> None:
    """Pass rate per run with standard error, cases that flipped, token/cost/latency deltas."""
    with door():
        from mlplan.prompt_evals import compare as cmp

        comparison = cmp.compare(cmp.load_run(run_a), cmp.load_run(run_b))
        render = {
            ReportFormat.markdown: cmp.to_markdown,
            ReportFormat.json: cmp.to_json,
            ReportFormat.junit: cmp.to_junit,
            ReportFormat.html: cmp.to_html,
        }[fmt]
        emit(render(comparison), out)
        if comparison.drop > max_drop + 1e-9:
            typer.echo(
                f"mlplan: pass rate dropped {comparison.drop:.1%} (allowed {max_drop:.1%})",
                err=True,
            )
            raise typer.Exit(EXIT_FINDINGS)
