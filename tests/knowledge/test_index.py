"""Index lifecycle without dense vectors: manifest, rebuilds, user folders, settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlplan.config import Settings
from mlplan.errors import UserInputError
from mlplan.knowledge.index import KnowledgeIndex, open_index, remember_kb_dirs
from mlplan.resources import knowledge_dir

from ._docs import write_doc


def _index(data: Path, *dirs: Path) -> KnowledgeIndex:
    return KnowledgeIndex(data_dir=data, kb_dirs=list(dirs), embedder=None)


def test_first_search_builds_the_manifest(tmp_path: Path, tiny_kb: Path) -> None:
    index = _index(tmp_path / "data", tiny_kb)
    assert not (tmp_path / "data" / "knowledge" / "manifest.json").exists()
    hits = index.search("population stability")
    assert hits[0].chunk_id == "drift#population-stability-index"
    manifest = json.loads((tmp_path / "data" / "knowledge" / "manifest.json").read_text())
    assert {c["id"] for c in manifest["chunks"]} == {c.id for c in index.chunks}
    assert all(c["hash"] for c in manifest["chunks"])


def test_ingest_reports_changes_against_the_last_manifest(tmp_path: Path, tiny_kb: Path) -> None:
    data = tmp_path / "data"
    first = _index(data, tiny_kb).ingest()
    assert (first.added, first.updated, first.removed, first.unchanged) == (7, 0, 0, 0)
    assert first.embedder is None
    again = _index(data, tiny_kb).ingest()
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 7)
    doc = tiny_kb / "docs" / "splits.md"
    doc.write_text(doc.read_text().replace("GroupKFold", "StratifiedGroupKFold"))
    (tiny_kb / "docs" / "privacy.md").unlink()
    changed = _index(data, tiny_kb).ingest()
    assert (changed.added, changed.updated, changed.removed, changed.unchanged) == (0, 1, 1, 5)


def test_edited_source_is_picked_up_by_a_new_index(tmp_path: Path, tiny_kb: Path) -> None:
    data = tmp_path / "data"
    assert _index(data, tiny_kb).search("kubernetes autoscaling") == []
    write_doc(tiny_kb / "docs", "serving", "## Autoscaling\n\nKubernetes autoscaling of pods.\n")
    hits = _index(data, tiny_kb).search("kubernetes autoscaling")
    assert hits[0].doc_id == "serving"


def test_user_kb_dir_doc_is_searchable_beside_shipped_docs(tmp_path: Path) -> None:
    org = tmp_path / "org-policies"  # a plain folder of docs, no docs/ subfolder
    write_doc(
        org,
        "org-model-risk-policy",
        "## Approval board\n\nEvery credit model needs sign-off by the zorblax review board.\n",
        sections="[deployment]",
    )
    index = _index(tmp_path / "data", knowledge_dir(), org)
    hits = index.search("zorblax review board sign-off", k=3)
    assert hits[0].doc_id == "org-model-risk-policy"
    assert index.search("zorblax", section="deployment")[0].doc_id == "org-model-risk-policy"
    assert index.stats()["docs"] == 49


def test_custom_section_from_user_docs_is_accepted(tmp_path: Path) -> None:
    write_doc(tmp_path / "org", "policy", "## Rule\n\nText about vendors.\n", sections="[vendor]")
    index = _index(tmp_path / "data", tmp_path / "org")
    assert index.search("vendors", section="vendor")[0].doc_id == "policy"


def test_duplicate_id_between_user_dir_and_shipped_kb(tmp_path: Path) -> None:
    write_doc(tmp_path / "org", "baselines", "## Mine\n\ntext\n")
    index = _index(tmp_path / "data", knowledge_dir(), tmp_path / "org")
    with pytest.raises(UserInputError, match="duplicate knowledge doc id 'baselines'"):
        index.search("baseline")


def test_missing_kb_dir_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="not found"):
        _index(tmp_path / "data", tmp_path / "missing")


def test_stats_without_embedder(tmp_path: Path, tiny_kb: Path) -> None:
    index = _index(tmp_path / "data", tiny_kb)
    stats = index.stats()
    assert stats["docs"] == 3 and stats["chunks"] == 7
    assert stats["embedder"] is None and stats["dense_indexed"] == 0
    assert stats["last_ingest"] is None
    assert stats["path"] == str(tmp_path / "data" / "knowledge")
    index.ingest()
    assert index.stats()["last_ingest"]


def test_corrupt_manifest_is_rebuilt(tmp_path: Path, tiny_kb: Path) -> None:
    path = tmp_path / "data" / "knowledge" / "manifest.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert _index(tmp_path / "data", tiny_kb).search("erasure")[0].doc_id == "privacy"


def test_open_index_uses_settings_and_remembered_dirs(tmp_path: Path, tiny_kb: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedder="none")
    index = open_index(settings)
    assert index.embedder is None
    assert index.kb_dirs == [knowledge_dir().resolve()]
    remember_kb_dirs(settings, [tiny_kb])
    assert open_index(settings).kb_dirs == [knowledge_dir().resolve(), tiny_kb.resolve()]
    remember_kb_dirs(settings, [], replace=True)
    assert open_index(settings).kb_dirs == [knowledge_dir().resolve()]
    configured = Settings(data_dir=tmp_path / "data", kb_dirs=[tiny_kb])
    assert open_index(configured).search("GroupKFold")[0].doc_id == "splits"
