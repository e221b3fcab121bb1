"""Dense half with REAL chromadb (PersistentClient in tmp_path) and the FakeEmbedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlplan.errors import ConfigError
from mlplan.knowledge.index import KnowledgeIndex
from mlplan.testing import FakeEmbedder

from ._docs import write_doc


def _index(data: Path, kb: Path, embedder: FakeEmbedder) -> KnowledgeIndex:
    return KnowledgeIndex(data_dir=data, kb_dirs=[kb], embedder=embedder)


@pytest.fixture
def built(tmp_path: Path, kb_copy: Path) -> tuple[Path, Path, int]:
    """A fully ingested copy of the shipped KB; returns (data dir, kb dir, chunk count)."""
    data = tmp_path / "data"
    report = _index(data, kb_copy, FakeEmbedder()).ingest()
    assert report.updated == report.removed == report.unchanged == 0
    return data, kb_copy, report.added


def test_first_ingest_embeds_everything_with_progress(tmp_path: Path, tiny_kb: Path) -> None:
    embedder = FakeEmbedder()
    seen: list[tuple[int, int]] = []
    report = _index(tmp_path / "d", tiny_kb, embedder).ingest(
        progress=lambda done, total: seen.append((done, total))
    )
    assert (report.added, report.embedder) == (7, "fake-256")
    assert embedder.texts_embedded == 7
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    assert (tmp_path / "d" / "knowledge" / "chroma").is_dir()


def test_second_ingest_is_all_unchanged_and_embeds_nothing(
    built: tuple[Path, Path, int],
) -> None:
    data, kb, total = built
    embedder = FakeEmbedder()
    report = _index(data, kb, embedder).ingest()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, total)
    assert embedder.calls == 0


def test_editing_one_doc_reembeds_only_its_changed_chunks(built: tuple[Path, Path, int]) -> None:
    data, kb, total = built
    doc = kb / "docs" / "baselines.md"
    text = doc.read_text(encoding="utf-8")
    section = "## Trivial baselines"
    assert section in text
    doc.write_text(text.replace(section, section + " (edited)\n\nNew words here.", 1))
    embedder = FakeEmbedder()
    report = _index(data, kb, embedder).ingest()
    # the renamed heading is a new chunk id: one added, the old id removed, the rest untouched
    assert (report.added, report.updated, report.removed) == (1, 0, 1)
    assert report.unchanged == total - 1
    assert embedder.texts_embedded == 1

    doc.write_text(doc.read_text(encoding="utf-8").replace("New words here.", "Other words."))
    embedder = FakeEmbedder()
    report = _index(data, kb, embedder).ingest()
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    assert embedder.texts_embedded == 1


def test_deleting_a_doc_removes_its_chunks(built: tuple[Path, Path, int]) -> None:
    data, kb, total = built
    index = _index(data, kb, FakeEmbedder())
    gone = [c.id for c in index.chunks if c.doc_id == "capacity-estimation"]
    assert gone
    (kb / "docs" / "capacity-estimation.md").unlink()
    index = _index(data, kb, FakeEmbedder())
    report = index.ingest()
    assert report.removed == len(gone) and report.unchanged == total - len(gone)
    assert index.stats()["dense_indexed"] == total - len(gone)
    assert all(p.doc_id != "capacity-estimation" for p in index.search("capacity", k=20))
    dense = index.search("capacity estimation replicas", k=20, mode="dense")
    assert dense and all(p.doc_id != "capacity-estimation" for p in dense)


def test_dense_and_hybrid_search_with_filters(built: tuple[Path, Path, int]) -> None:
    data, kb, _ = built
    index = _index(data, kb, FakeEmbedder())
    chunks = {c.id: c for c in index.chunks}
    query = "population stability index PSI drift"
    dense = index.search(query, k=5, mode="dense")
    assert len(dense) == 5 and dense[0].doc_id == "monitoring-and-drift"
    assert all(-1.0 <= p.score <= 1.0 for p in dense)
    hybrid = index.search(query, k=5)
    assert hybrid[0].doc_id == "monitoring-and-drift"
    assert all(p.score <= 2 / 61 + 1e-6 for p in hybrid)  # RRF scores, two lists

    for mode in ("dense", "hybrid"):
        hits = index.search(query, k=10, section="timeline", mode=mode)  # type: ignore[arg-type]
        assert hits and all("timeline" in chunks[p.chunk_id].sections for p in hits)
        only = index.search(query, k=10, doc_ids={"baselines"}, mode=mode)  # type: ignore[arg-type]
        assert only and {p.doc_id for p in only} == {"baselines"}
        both = index.search(
            query,
            k=10,
            section="monitoring",
            doc_ids={"baselines", "monitoring-and-drift"},
            mode=mode,  # type: ignore[arg-type]
        )
        assert both and {p.doc_id for p in both} == {"monitoring-and-drift"}


def test_first_search_builds_dense_vectors_with_progress(tmp_path: Path, tiny_kb: Path) -> None:
    embedder = FakeEmbedder()
    index = _index(tmp_path / "d", tiny_kb, embedder)
    seen: list[tuple[int, int]] = []
    index.build_progress = lambda done, total: seen.append((done, total))
    hits = index.search("GroupKFold customer fold", k=2)
    assert hits[0].chunk_id == "splits#group-split"
    assert embedder.texts_embedded == 7 + 1  # the chunks, then the query
    assert seen[-1] == (7, 7)
    index.search("erasure", k=1)
    assert embedder.texts_embedded == 7 + 2  # no rebuild, only the query


def test_embedders_get_separate_collections(tmp_path: Path, tiny_kb: Path) -> None:
    data = tmp_path / "d"
    _index(data, tiny_kb, FakeEmbedder()).ingest()
    other = FakeEmbedder(64, name="fake-small")
    report = _index(data, tiny_kb, other).ingest()
    assert report.added == 7 and report.embedder == "fake-small"
    assert _index(data, tiny_kb, FakeEmbedder()).stats()["dense_indexed"] == 7


def test_new_user_doc_is_added_incrementally(built: tuple[Path, Path, int]) -> None:
    data, kb, total = built
    write_doc(kb / "docs", "org-policy", "## Vendor review\n\nQuarterly vendor review.\n")
    embedder = FakeEmbedder()
    report = _index(data, kb, embedder).ingest()
    assert (report.added, report.unchanged) == (1, total)
    assert embedder.texts_embedded == 1
    hits = _index(data, kb, embedder).search("quarterly vendor review", k=1, mode="dense")
    assert hits[0].doc_id == "org-policy"


def test_bad_chroma_url_is_a_config_error(tmp_path: Path, tiny_kb: Path) -> None:
    index = KnowledgeIndex(
        data_dir=tmp_path, kb_dirs=[tiny_kb], embedder=FakeEmbedder(), chroma_url="chroma:8000"
    )
    with pytest.raises(ConfigError, match="MLPLAN_CHROMA_URL"):
        index.ingest()
