"""The `mlplan` command line. Thin: parse arguments, call PlanService, print, map errors to exit codes.

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad input or usage, 3 could not finish.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlplan import __version__
from mlplan.adapters._common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    FailOn,
    FormatOpt,
    OutOpt,
    OutputFormat,
    door,
    emit,
    exit_for,
    llm_event_printer,
    progress_reporter,
)
from mlplan.adapters.cli_apikey import apikey_app, serve
from mlplan.adapters.cli_eval import eval_app
from mlplan.adapters.cli_kb import kb_app
from mlplan.adapters.cli_slack import slack

app = typer.Typer(
    name="mlplan",
    help="Plan ML projects from a brief, and review ML plans. Offline by default.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(kb_app, name="kb")
app.add_typer(apikey_app, name="apikey")
app.command()(serve)
app.add_typer(eval_app, name="eval")
app.command()(slack)


DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Ground the plan in this CSV, Parquet or JSON Lines file."),
]
TargetOpt = Annotated[str | None, typer.Option("--target", help="The label column of the data.")]
TimeColumnOpt = Annotated[
    str | None, typer.Option("--time-column", help="The timestamp column (time order, drift).")
]
GroupColumnOpt = Annotated[
    str | None,
    typer.Option("--group-column", help="The entity key whose rows must stay in one split."),
]


class LlmChoice(StrEnum):
    none = "none"
    openai = "openai"
    local = "local"


class ReviewFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    sarif = "sarif"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """mlplan: typed, validated, cited ML project plans."""


@app.command()
def plan(
    brief: Annotated[
        str, typer.Argument(help="The brief as text, or a .txt/.md/.yaml/.json file.")
    ],
    fmt: FormatOpt = OutputFormat.markdown,
    out: OutOpt = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity.")
    ] = FailOn.never,
    llm: Annotated[
        LlmChoice | None,
        typer.Option(
            "--llm",
            help="Drafter: none (offline expert), openai (OPENAI_API_KEY) or local "
            "(OpenAI-compatible server at MLPLAN_LLM_BASE_URL). Default: MLPLAN_LLM or none.",
        ),
    ] = None,
    prompts: Annotated[
        str | None,
        typer.Option("--prompts", help="Prompt version for LLM mode (a folder under prompts/)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress lines on stderr.")
    ] = False,
    data: DataOpt = None,
    target: TargetOpt = None,
    time_column: TimeColumnOpt = None,
    group_column: GroupColumnOpt = None,
    baseline_budget: Annotated[
        float | None,
        typer.Option(
            "--baseline-budget", help="Seconds for the measured baselines (default 60).", min=1
        ),
    ] = None,
) -> None:
    """Draft a complete ML project plan from a brief (offline expert mode by default).

    With --data FILE the plan is grounded in the file: its profile, measured baselines and
    thresholds set from them (see docs/data.md)."""
    with door():
        from mlplan.service import build_service

        with progress_reporter("building the knowledge index") as progress:
            result = build_service().plan(
                brief,
                progress=progress,
                llm=llm.value if llm else None,
                prompts=prompts,
                events=llm_event_printer(quiet),
                data=data,
                target=target,
                time_column=time_column,
                group_column=group_column,
                baseline_budget_s=baseline_budget,
            )
        if fmt is OutputFormat.json:
            from mlplan.render import render_json

            emit(render_json(result), out)
        else:
            from mlplan.render import render_markdown

            emit(render_markdown(result), out)
        exit_for([f.severity.value for f in result.findings], fail_on)


@app.command()
def profile(
    data_file: Annotated[Path, typer.Argument(help="A CSV, Parquet or JSON Lines file.")],
    target: TargetOpt = None,
    time_column: TimeColumnOpt = None,
    group_column: GroupColumnOpt = None,
    max_rows: Annotated[
        int | None,
        typer.Option(
            "--max-rows", help="Rows profiled at most; larger files are sampled.", min=100
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.markdown,
    out: OutOpt = None,
) -> None:
    """Profile a data file: types, missing values, target balance, time span, group keys,
    leakage suspects, personal-data columns (values never printed), drift, quality index."""
    with door():
        from mlplan.service import build_service

        result = (
            build_service()
            .profile_data(
                data_file,
                target=target,
                time_column=time_column,
                group_column=group_column,
                max_rows=max_rows,
            )
            .profile
        )
        if fmt is OutputFormat.json:
            emit(result.model_dump_json(indent=2), out)
        else:
            from mlplan.render.profile import render_profile_markdown

            emit(render_profile_markdown(result), out)


@app.command()
def validate(
    plan_file: Annotated[
        Path, typer.Argument(help="A plan in mlplan's JSON format (`mlplan plan --format json`).")
    ],
    fmt: FormatOpt = OutputFormat.markdown,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity.")
    ] = FailOn.error,
) -> None:
    """Run the deterministic validators on a plan JSON file."""
    with door():
        from mlplan.adapters._plan_file import read_plan_file
        from mlplan.service import build_service

        checked = build_service().validate(read_plan_file(plan_file))
        if fmt is OutputFormat.json:
            import json

            typer.echo(
                json.dumps(
                    {"findings": [f.model_dump(mode="json") for f in checked.findings]}, indent=2
                )
            )
        else:
            from mlplan.render.findings import render_findings_markdown

            typer.echo(render_findings_markdown(checked.findings))
        exit_for([f.severity.value for f in checked.findings], fail_on)


def _rule_meta() -> dict[str, dict[str, str]]:
    """The rule catalogue as plain data, for `mlplan rules --format json` and SARIF."""
    from mlplan.validate import get_registry

    fields = ("id", "section", "severity", "title", "rationale", "source", "fix")
    return {r.id: {k: str(getattr(r, k)) for k in fields} for r in get_registry().values()}


@app.command()
def rules(fmt: FormatOpt = OutputFormat.markdown) -> None:
    """List the validator rule catalog."""
    if fmt is OutputFormat.json:
        import json

        typer.echo(json.dumps(list(_rule_meta().values()), indent=2))
    else:
        from mlplan.validate import catalog_markdown

        typer.echo(catalog_markdown())


@app.command()
def review(
    plan_file: Annotated[
        str, typer.Argument(help="A plan document: .md, .txt, .docx or mlplan JSON.")
    ],
    fmt: Annotated[
        ReviewFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReviewFormat.markdown,
    out: OutOpt = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity.")
    ] = FailOn.error,
) -> None:
    """Review a plan someone wrote against the rule catalogue, with evidence per finding."""
    with door():
        from mlplan.service import build_service

        result = build_service().review(plan_file)
        if fmt is ReviewFormat.json:
            from mlplan.render import render_json

            emit(render_json(result), out)
        elif fmt is ReviewFormat.sarif:
            from mlplan.render import render_sarif

            emit(render_sarif(result, rules=_rule_meta()), out)
        else:
            from mlplan.render import render_review_markdown

            emit(render_review_markdown(result), out)
        exit_for([f.severity.value for f in result.findings], fail_on)


@app.command()
def schema(
    brief: Annotated[
        bool, typer.Option("--brief", help="Schema of the brief file instead of the plan.")
    ] = False,
) -> None:
    """Print the JSON Schema of the plan (the public contract) or of a brief file."""
    import json

    from mlplan.domain import Plan, ProjectBrief

    model = ProjectBrief if brief else Plan
    typer.echo(json.dumps(model.model_json_schema(), indent=2))


def main() -> None:
    """Console-script entry point."""
    import os

    try:
        app()
    except KeyboardInterrupt:
        typer.echo("mlplan: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so in one line unless debugging
        if os.environ.get("MLPLAN_DEBUG"):
            raise
        typer.echo(
            f"mlplan: internal error: {type(exc).__name__}: {exc} "
            "(set MLPLAN_DEBUG=1 for a traceback and please report it)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_INTERNAL", "app", "main"]
