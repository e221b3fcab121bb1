"""`mlplan kb ...` through its front door (CliRunner), on the kb sub-app and the main app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlplan.adapters.cli_kb import kb_app, trim

runner = CliRunner()


def _doc(folder: Path, doc_id: str, body: str, sections: str = "[deployment]") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{doc_id}.md").write_text(
        f"---\nid: {doc_id}\ntitle: {doc_id} policy\nsections: {sections}\ntags: []\n"
        f"sources: []\n---\n\n{body}",
        encoding="utf-8",
    )


def test_ingest_then_reingest_reports_counts() -> None:
    first = runner.invoke(kb_app, ["ingest"])
    assert first.exit_code == 0, first.output
    assert "added" in first.stdout and "BM25 only" in first.stdout
    again = runner.invoke(kb_app, ["ingest", "--format", "json"])
    report = json.loads(again.stdout)
    assert report["added"] == 0 and report["unchanged"] > 250 and report["embedder"] is None


def test_search_markdown_shows_ids_title_and_passage() -> None:
    result = runner.invoke(kb_app, ["search", "population stability index drift"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "monitoring-and-drift#" in out and "doc `monitoring-and-drift`" in out
    assert "Production Monitoring and Drift Detection" in out
    assert out.count("score ") == 5


def test_search_json_with_section_and_k() -> None:
    result = runner.invoke(
        kb_app, ["search", "drift alert", "--section", "monitoring", "--k", "3", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["mode"] == "hybrid" and len(body["results"]) == 3
    first = body["results"][0]
    assert set(first) == {"doc_id", "chunk_id", "title", "heading", "score", "text"}
    assert all(len(r["text"]) <= 302 for r in body["results"])


def test_bad_section_exits_2_with_one_line() -> None:
    result = runner.invoke(kb_app, ["search", "drift", "--section", "marketing"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "unknown plan section 'marketing'" in result.stderr


def test_dense_without_embedder_exits_3() -> None:
    result = runner.invoke(kb_app, ["search", "drift", "--mode", "dense"])
    assert result.exit_code == 3
    assert "MLPLAN_EMBEDDER" in result.stderr


def test_missing_kb_dir_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(kb_app, ["ingest", "--kb-dir", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "not found" in result.stderr


def test_kb_dir_is_ingested_remembered_and_forgotten(tmp_path: Path) -> None:
    org = tmp_path / "org"
    _doc(org, "org-release-policy", "## Freeze\n\nNo model release during the quarnix freeze.\n")
    result = runner.invoke(kb_app, ["ingest", "--kb-dir", str(org)])
    assert result.exit_code == 0, result.output
    assert "added" in result.stdout
    found = runner.invoke(kb_app, ["search", "quarnix freeze", "--format", "json"])
    assert json.loads(found.stdout)["results"][0]["doc_id"] == "org-release-policy"
    stats = json.loads(runner.invoke(kb_app, ["stats", "--format", "json"]).stdout)
    assert stats["docs"] == 49 and str(org) in stats["kb_dirs"]

    forgotten = runner.invoke(kb_app, ["ingest", "--reset-dirs", "--format", "json"])
    assert json.loads(forgotten.stdout)["removed"] >= 1
    gone = runner.invoke(kb_app, ["search", "quarnix freeze", "--format", "json"])
    assert all(r["doc_id"] != "org-release-policy" for r in json.loads(gone.stdout)["results"])


def test_duplicate_doc_id_in_kb_dir_exits_2(tmp_path: Path) -> None:
    _doc(tmp_path / "org", "baselines", "## Mine\n\ntext\n")
    result = runner.invoke(kb_app, ["ingest", "--kb-dir", str(tmp_path / "org")])
    assert result.exit_code == 2
    assert "duplicate knowledge doc id 'baselines'" in result.stderr


def test_stats_markdown_and_json() -> None:
    result = runner.invoke(kb_app, ["stats"])
    assert result.exit_code == 0, result.output
    assert "docs: 48" in result.stdout and "embedder: -" in result.stdout
    body = json.loads(runner.invoke(kb_app, ["stats", "--format", "json"]).stdout)
    assert {"docs", "chunks", "embedder", "dense_indexed", "path", "last_ingest"} <= set(body)


def test_fake_embedder_hybrid_through_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dense path end to end (real chromadb) with the FakeEmbedder standing in for MiniLM."""
    from mlplan.testing import FakeEmbedder

    monkeypatch.setattr("mlplan.knowledge.embedders.get_embedder", lambda settings: FakeEmbedder())
    result = runner.invoke(kb_app, ["ingest"])
    assert result.exit_code == 0, result.output
    assert "embedder: fake-256" in result.stdout
    assert "embedding:" in result.stderr  # the progress counter
    dense = runner.invoke(
        kb_app, ["search", "canary releases with automatic guards", "--mode", "dense", "-f", "json"]
    )
    assert dense.exit_code == 0, dense.output
    assert json.loads(dense.stdout)["results"][0]["doc_id"] == "rollout-and-rollback"
    stats = json.loads(runner.invoke(kb_app, ["stats", "-f", "json"]).stdout)
    assert stats["embedder"] == "fake-256" and stats["dense_indexed"] == stats["chunks"]


def test_kb_is_wired_into_the_main_app() -> None:
    from mlplan.adapters.cli import app

    result = runner.invoke(app, ["kb", "search", "GDPR erasure", "--k", "1", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"][0]["doc_id"] == "privacy-gdpr"


def test_trim_cuts_at_a_word_and_flattens_whitespace() -> None:
    assert trim("a  b\n c") == "a b c"
    cut = trim("word " * 100, limit=22)
    assert cut == "word word word word …"
