"""The `mlplan` command line. Thin: parse arguments, call PlanService, print, map errors to exit codes.

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad input or usage.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlplan import __version__
from mlplan.adapters.cli_kb import kb_app
from mlplan.errors import MlplanError, PlanFileError, UserInputError

app = typer.Typer(
    name="mlplan",
    help="Plan ML projects from a brief, and review ML plans. Offline by default.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(kb_app, name="kb")

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


class OutputFormat(StrEnum):
    markdown = "markdown"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
]


@contextmanager
def _door() -> Iterator[None]:
    """Domain errors become one readable line and an exit code, here and nowhere else."""
    try:
        yield
    except UserInputError as exc:
        typer.echo(f"mlplan: error: {exc.message}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except MlplanError as exc:
        typer.echo(f"mlplan: error: {exc.message}", err=True)
        raise typer.Exit(EXIT_INTERNAL) from None


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text)
        return
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise UserInputError(f"cannot write {out}: {exc.strerror}") from None
    typer.echo(f"mlplan: wrote {out}", err=True)


def _exit_for(severities: list[str], fail_on: FailOn) -> None:
    if fail_on is FailOn.never:
        return
    rank = {"info": 1, "warning": 2, "error": 3}
    if any(rank[s] >= rank[fail_on.value] for s in severities):
        raise typer.Exit(EXIT_FINDINGS)


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
) -> None:
    """Draft a complete ML project plan from a brief (offline expert mode by default)."""
    with _door():
        from mlplan.adapters.cli_kb import progress_reporter
        from mlplan.service import build_service

        with progress_reporter("building the knowledge index") as progress:
            result = build_service().plan(brief, progress=progress)
        if fmt is OutputFormat.json:
            from mlplan.render import render_json

            _emit(render_json(result), out)
        else:
            from mlplan.render import render_markdown

            _emit(render_markdown(result), out)
        _exit_for([f.severity.value for f in result.findings], fail_on)


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
    with _door():
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
        _exit_for([f.severity.value for f in checked.findings], fail_on)


@app.command()
def rules(fmt: FormatOpt = OutputFormat.markdown) -> None:
    """List the validator rule catalog."""
    from mlplan.validate import catalog_markdown, get_registry

    if fmt is OutputFormat.json:
        import json

        fields = ("id", "section", "severity", "title", "rationale", "source", "fix")
        rows = [{k: str(getattr(r, k)) for k in fields} for r in get_registry().values()]
        typer.echo(json.dumps(rows, indent=2))
    else:
        typer.echo(catalog_markdown())


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


__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "PlanFileError", "app", "main"]
