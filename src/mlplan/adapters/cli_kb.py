"""`mlplan kb ingest|search|stats`: build, query and inspect the knowledge index.

Thin like the main CLI: parse, call PlanService, print; errors go through the main CLI's
`door()`, imported when a command runs so `cli.py` can import this module at its top.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlplan.adapters._common import FormatOpt, OutputFormat, door, progress_reporter

if TYPE_CHECKING:
    from mlplan.knowledge.index import Passage
    from mlplan.service import PlanService

kb_app = typer.Typer(
    name="kb",
    help="Build, search and inspect the knowledge index.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

SNIPPET_CHARS = 300


class SearchMode(StrEnum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"


def _service() -> PlanService:
    from mlplan.service import build_service

    return build_service()


def trim(text: str, limit: int = SNIPPET_CHARS) -> str:
    """One line, cut at a word boundary, so results stay scannable in a terminal."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"


def _passage_json(p: Passage) -> dict[str, object]:
    return {
        "doc_id": p.doc_id,
        "chunk_id": p.chunk_id,
        "title": p.title,
        "heading": p.heading,
        "score": p.score,
        "text": trim(p.text),
    }


def _passages_markdown(query: str, passages: list[Passage]) -> str:
    if not passages:
        return f"No passages match {query!r}."
    lines = [f"# Knowledge search: {query}", ""]
    for n, p in enumerate(passages, start=1):
        lines += [
            f"{n}. **{p.title}** — {p.heading}",
            f"   `{p.chunk_id}` (doc `{p.doc_id}`, score {p.score:.4f})",
            f"   {trim(p.text)}",
            "",
        ]
    return "\n".join(lines).rstrip()


@kb_app.command()
def ingest(
    kb_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--kb-dir",
            help="An extra folder of knowledge docs (org policies); repeatable; remembered.",
        ),
    ] = None,
    reset_dirs: Annotated[
        bool,
        typer.Option("--reset-dirs", help="Forget folders remembered from earlier --kb-dir."),
    ] = False,
    fmt: FormatOpt = OutputFormat.markdown,
) -> None:
    """Build or update the index (incremental: unchanged chunks are not re-embedded)."""
    with door(), progress_reporter("embedding") as progress:
        report = _service().kb_ingest(
            kb_dirs=kb_dir or [], reset_dirs=reset_dirs, progress=progress
        )
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(vars(report), indent=2))
        return
    typer.echo(
        f"ingested: {report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged (embedder: {report.embedder or 'none, BM25 only'})"
    )


@kb_app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in plain words.")],
    section: Annotated[
        str | None,
        typer.Option("--section", "-s", help="Only docs serving this plan section (e.g. data)."),
    ] = None,
    k: Annotated[int, typer.Option("--k", "-k", min=1, max=100, help="How many results.")] = 5,
    mode: Annotated[
        SearchMode, typer.Option("--mode", help="hybrid (default), bm25 or dense.")
    ] = SearchMode.hybrid,
    fmt: FormatOpt = OutputFormat.markdown,
) -> None:
    """Search the knowledge base: doc id, chunk id, title and the matching passage."""
    with door(), progress_reporter("building the dense index") as progress:
        passages = _service().kb_search(
            query,
            k=k,
            section=section,
            mode=mode.value,
            progress=progress,
        )
    if fmt is OutputFormat.json:
        body = {"query": query, "mode": mode.value, "results": [_passage_json(p) for p in passages]}
        typer.echo(json.dumps(body, indent=2, ensure_ascii=False))
    else:
        typer.echo(_passages_markdown(query, passages))


@kb_app.command()
def stats(fmt: FormatOpt = OutputFormat.markdown) -> None:
    """Documents, chunks, embedder and where the index lives."""
    with door():
        info = _service().kb_stats()
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(info, indent=2))
        return
    for key, value in info.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        typer.echo(f"{key}: {value if value is not None else '-'}")


__all__ = ["kb_app"]
