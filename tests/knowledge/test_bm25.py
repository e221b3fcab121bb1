"""BM25 search over the shipped knowledge base: no embedder, no chromadb."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlplan.errors import RetrievalError, UserInputError
from mlplan.knowledge.index import KnowledgeIndex
from mlplan.resources import knowledge_dir


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    data = tmp_path_factory.mktemp("bm25-data")
    return KnowledgeIndex(data_dir=data, kb_dirs=[knowledge_dir()], embedder=None)


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [
        ("population stability index drift alert threshold", "monitoring-and-drift"),
        ("customers appear in both train and test, use GroupKFold", "split-grouped"),
        ("recall at fixed precision for rare fraud cases", "metrics-imbalanced-classification"),
        ("GDPR right to erasure for training data", "privacy-gdpr"),
        ("canary release with automatic rollback", "rollout-and-rollback"),
        ("MASE seasonal naive baseline for demand forecasts", "metrics-forecasting"),
        ("sample size and minimum detectable effect of an A/B test", "ab-test-design"),
        ("platt scaling isotonic calibration reliability", "probability-calibration"),
    ],
)
def test_bm25_finds_the_right_doc(index: KnowledgeIndex, query: str, doc_id: str) -> None:
    hits = index.search(query, k=3, mode="bm25")
    assert doc_id in [h.doc_id for h in hits], [h.chunk_id for h in hits]


def test_passages_carry_citation_fields_and_descending_scores(index: KnowledgeIndex) -> None:
    hits = index.search("temporal leakage random split", k=5, mode="bm25")
    assert len(hits) == 5
    assert all(h.chunk_id.startswith(f"{h.doc_id}#") for h in hits)
    assert all(h.title and h.heading and h.text for h in hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_hybrid_without_embedder_is_bm25(index: KnowledgeIndex) -> None:
    query = "feature store point-in-time joins"
    assert index.search(query, k=5) == index.search(query, k=5, mode="bm25")


def test_section_filter_keeps_only_docs_serving_that_section(index: KnowledgeIndex) -> None:
    chunks = {c.id: c for c in index.chunks}
    hits = index.search("drift threshold alert", k=10, section="monitoring", mode="bm25")
    assert hits
    assert all("monitoring" in chunks[h.chunk_id].sections for h in hits)
    timeline = index.search("drift threshold alert", k=10, section="timeline", mode="bm25")
    assert all("timeline" in chunks[h.chunk_id].sections for h in timeline)
    assert {h.chunk_id for h in hits} != {h.chunk_id for h in timeline}


def test_any_section_means_no_filter(index: KnowledgeIndex) -> None:
    q = "drift threshold alert"
    assert index.search(q, section="any", mode="bm25") == index.search(q, mode="bm25")


def test_unknown_section_is_a_user_error(index: KnowledgeIndex) -> None:
    with pytest.raises(UserInputError, match="unknown plan section 'marketing'"):
        index.search("drift", section="marketing")


def test_doc_ids_filter(index: KnowledgeIndex) -> None:
    hits = index.search("drift", k=10, doc_ids={"retraining-policies", "serving-patterns"})
    assert hits and {h.doc_id for h in hits} <= {"retraining-policies", "serving-patterns"}
    assert index.search("drift", doc_ids=set()) == []
    assert index.search("drift", doc_ids=["no-such-doc"]) == []


def test_query_with_no_indexed_terms_returns_nothing(index: KnowledgeIndex) -> None:
    assert index.search("the of and", mode="bm25") == []
    assert index.search("   ") == []
    assert index.search("zzqxv", mode="bm25") == []


def test_dense_mode_without_embedder_names_the_fix(index: KnowledgeIndex) -> None:
    with pytest.raises(RetrievalError, match="MLPLAN_EMBEDDER"):
        index.search("drift", mode="dense")


def test_bad_k_is_a_user_error(index: KnowledgeIndex) -> None:
    with pytest.raises(UserInputError):
        index.search("drift", k=0)


def test_warm_bm25_query_is_fast(index: KnowledgeIndex) -> None:
    index.search("warm up", mode="bm25")
    runs = []
    for _ in range(30):
        start = time.perf_counter()
        index.search("how to monitor input drift and label delay", k=5, mode="bm25")
        runs.append(time.perf_counter() - start)
    assert sorted(runs)[len(runs) // 2] < 0.005


def test_bm25_path_never_imports_chromadb(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mlplan.knowledge import KnowledgeIndex\n"
        "from mlplan.resources import knowledge_dir\n"
        f"i = KnowledgeIndex(data_dir=Path({str(tmp_path)!r}), kb_dirs=[knowledge_dir()],"
        " embedder=None)\n"
        "i.ingest(); assert i.search('psi drift'); i.stats()\n"
        "assert 'chromadb' not in sys.modules, 'chromadb imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
