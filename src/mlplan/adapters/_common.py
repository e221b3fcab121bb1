"""What every CLI command shares: output formats, exit codes, the error door, output, progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlplan.errors import MlplanError, UserInputError

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
def door() -> Iterator[None]:
    """Domain errors become one readable line and an exit code, here and nowhere else."""
    try:
        yield
    except UserInputError as exc:
        typer.echo(f"mlplan: error: {exc.message}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except MlplanError as exc:
        typer.echo(f"mlplan: error: {exc.message}", err=True)
        raise typer.Exit(EXIT_INTERNAL) from None
    except ModuleNotFoundError as exc:
        extra = _EXTRA_OF.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        typer.echo(
            f"mlplan: error: this command needs the {extra} extra: pip install 'mlplan[{extra}]' "
            f"({exc.name} is not installed)",
            err=True,
        )
        raise typer.Exit(EXIT_BAD_INPUT) from None


_EXTRA_OF = {
    **dict.fromkeys(
        (
            "fastapi",
            "uvicorn",
            "sqlalchemy",
            "alembic",
            "psycopg",
            "prometheus_client",
            "multipart",
            "python_multipart",
            "httpx",
            "starlette",
        ),
        "server",
    ),
    **dict.fromkeys(("slack_bolt", "slack_sdk"), "slack"),
    **dict.fromkeys(("duckdb", "sklearn", "numpy"), "data"),
    **dict.fromkeys(("langchain_openai", "langchain_core", "openai", "tenacity", "jinja2"), "llm"),
}
"""Optional dependencies by import name -> the extra that installs them, so a command run
without its extra ends in one line that says what to install, not a traceback."""


def emit(text: str, out: Path | None) -> None:
    """Print, or write atomically to `out` (a half-written file is never left behind)."""
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


def exit_for(severities: list[str], fail_on: FailOn) -> None:
    """Exit 1 when any finding reaches the --fail-on severity."""
    if fail_on is FailOn.never:
        return
    rank = {"info": 1, "warning": 2, "error": 3}
    if any(rank[s] >= rank[fail_on.value] for s in severities):
        raise typer.Exit(EXIT_FINDINGS)


@contextmanager
def progress_reporter(label: str) -> Iterator[Callable[[int, int], None]]:
    """A stderr counter for long work (embedding); silent when there is nothing to do."""
    state = {"shown": False}

    def report(done: int, total: int) -> None:
        if total <= 0:
            return
        state["shown"] = True
        typer.echo(f"\r{label}: {done}/{total} chunks", nl=False, err=True)

    yield report
    if state["shown"]:
        typer.echo("", err=True)


def llm_event_printer(quiet: bool = False) -> Callable[[str, str, str], None]:
    """Prints LLM drafting steps to stderr, one line each, so a minutes-long plan shows life."""
    started = time.perf_counter()

    def report(event: str, section: str, detail: str) -> None:
        if quiet or event == "drafting":
            return
        elapsed = time.perf_counter() - started
        tail = f": {detail}" if detail else ""
        typer.echo(f"[{elapsed:6.1f}s] {section} {event}{tail}", err=True)

    return report
