"""Chunking: heading-level chunks, stable ids and hashes, duplicate ids refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlplan.errors import UserInputError
from mlplan.knowledge.chunking import chunk_document, load_chunks, slugify
from mlplan.resources import knowledge_dir

from ._docs import write_doc


def test_slugify_lowercases_and_collapses_non_alphanumerics() -> None:
    assert slugify("L3.1: Temporal leakage") == "l3-1-temporal-leakage"
    assert slugify("  PR-AUC vs ROC-AUC (imbalanced)  ") == "pr-auc-vs-roc-auc-imbalanced"


def test_tiny_doc_splits_into_summary_and_sections(tiny_kb: Path) -> None:
    chunks = chunk_document(tiny_kb / "docs" / "drift.md")
    assert [c.id for c in chunks] == [
        "drift#summary",
        "drift#population-stability-index",
        "drift#label-delay",
    ]
    summary, psi, _ = chunks
    assert summary.text == "Watch inputs in production."  # the `# Title` line is dropped
    assert summary.heading == "Summary"
    assert psi.heading == "Population stability index"
    assert psi.text.startswith("PSI compares")
    assert psi.sections == ("monitoring",) and psi.tags == ("drift", "psi")
    assert psi.title == "Drift"
    assert len(psi.hash) == 64


def test_doc_without_intro_has_no_summary_chunk(tiny_kb: Path) -> None:
    chunks = chunk_document(tiny_kb / "docs" / "privacy.md")
    assert [c.id for c in chunks] == ["privacy#right-to-erasure"]


def test_hash_changes_with_text_and_metadata_but_not_elsewhere(tmp_path: Path) -> None:
    body = "## A\n\none\n\n## B\n\ntwo\n"
    path = write_doc(tmp_path, "doc", body)
    before = {c.id: c.hash for c in chunk_document(path)}
    write_doc(tmp_path, "doc", body.replace("two", "three"))
    after = {c.id: c.hash for c in chunk_document(path)}
    assert before["doc#a"] == after["doc#a"]
    assert before["doc#b"] != after["doc#b"]
    write_doc(tmp_path, "doc", body, sections="[data, model]")
    assert {c.id: c.hash for c in chunk_document(path)}["doc#a"] != before["doc#a"]


def test_repeated_headings_and_fenced_hashes_are_handled(tmp_path: Path) -> None:
    body = "## Notes\n\nfirst\n\n```\n## not a heading\n```\n\n## Notes\n\nsecond\n"
    chunks = chunk_document(write_doc(tmp_path, "rep", body))
    assert [c.id for c in chunks] == ["rep#notes", "rep#notes-2"]
    assert "## not a heading" in chunks[0].text


def test_files_without_front_matter_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Just a readme\n", encoding="utf-8")
    write_doc(tmp_path, "real", "## Only\n\ntext\n")
    assert [c.doc_id for c in load_chunks([tmp_path])] == ["real"]


def test_shipped_knowledge_base_chunks_cleanly() -> None:
    chunks = load_chunks([knowledge_dir()])
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    docs = {c.doc_id for c in chunks}
    assert len(docs) >= 40
    assert all(f"{d}#summary" in ids for d in docs)
    assert "leakage-taxonomy#l3-1-temporal-leakage" in ids
    assert all(c.text.strip() and c.sections for c in chunks)


def test_duplicate_doc_ids_across_dirs_name_both_files(tmp_path: Path) -> None:
    first = write_doc(tmp_path / "a", "policy", "## One\n\ntext\n")
    second = write_doc(tmp_path / "b", "policy", "## Two\n\ntext\n")
    with pytest.raises(UserInputError) as err:
        load_chunks([tmp_path / "a", tmp_path / "b"])
    assert str(first) in err.value.message and str(second) in err.value.message


def test_same_dir_twice_is_not_a_duplicate(tiny_kb: Path) -> None:
    assert len(load_chunks([tiny_kb, tiny_kb / "."])) == len(load_chunks([tiny_kb]))


def test_missing_dir_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="not found"):
        load_chunks([tmp_path / "nope"])
