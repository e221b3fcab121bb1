"""The retrieval-eval scoring functions, checked against small hand-made rankings."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ._bench import retrieval_metrics

M = retrieval_metrics()


def test_distinct_keeps_first_appearance_order() -> None:
    assert M.distinct(["a", "a", "b", "a", "c", "b"]) == ["a", "b", "c"]
    assert M.distinct([]) == []


def test_hit_at_k_counts_distinct_docs_not_chunks() -> None:
    # Five chunks of `a` and one each of b..f: `f` is the 6th distinct doc, chunk 10.
    chunks = ["a", "a", "a", "a", "a", "b", "c", "d", "e", "f"]
    assert M.hit_at_k(chunks, {"f"}, 5) == 0.0
    assert M.hit_at_k(chunks, {"f"}, 6) == 1.0
    assert M.hit_at_k(chunks, {"e"}, 5) == 1.0
    assert M.hit_at_k(chunks, {"zz"}, 10) == 0.0
    assert M.hit_at_k([], {"a"}, 5) == 0.0


def test_strict_recall_is_fraction_of_relevant_found() -> None:
    chunks = ["a", "b", "b", "c", "d", "e", "f"]
    assert M.recall_at_k(chunks, ["b", "z"], 5) == 0.5
    assert M.recall_at_k(chunks, ["b", "c"], 5) == 1.0
    assert M.recall_at_k(chunks, ["f", "z", "y"], 5) == 0.0  # f is 6th distinct
    assert M.recall_at_k(chunks, ["a", "c", "e"], 5) == 1.0
    # duplicates in the ranking never count a doc twice
    assert M.recall_at_k(["a", "a", "a"], ["a", "b"], 5) == 0.5
    with pytest.raises(ValueError):
        M.recall_at_k(chunks, [], 5)


def test_strict_recall_never_exceeds_hit() -> None:
    chunks = ["x", "a", "y"]
    for rel in (["a"], ["a", "b"], ["b"]):
        assert M.recall_at_k(chunks, rel, 5) <= M.hit_at_k(chunks, rel, 5)


def test_reciprocal_rank_over_distinct_docs_of_top_chunks() -> None:
    assert M.reciprocal_rank(["a", "a", "b", "c"], {"c"}) == pytest.approx(1 / 3)
    assert M.reciprocal_rank(["c", "a"], {"c", "a"}) == 1.0
    assert M.reciprocal_rank(["a", "b"], {"z"}) == 0.0
    # relevant doc is the 2nd distinct doc but only appears at chunk 11: outside top-10 chunks
    chunks = ["a"] * 10 + ["b"]
    assert M.reciprocal_rank(chunks, {"b"}) == 0.0
    assert M.reciprocal_rank(chunks, {"b"}, max_chunks=11) == 0.5
    # at chunk 10 it still counts, ranked by distinct docs (2nd), not by chunk position (10th)
    assert M.reciprocal_rank(["a"] * 9 + ["b"], {"b"}) == 0.5


def test_mrr_over_a_small_query_set() -> None:
    rankings = {
        "q1": (["r", "x"], {"r"}),  # 1
        "q2": (["x", "x", "r"], {"r"}),  # 1/2
        "q3": (["x", "y", "z", "r"], {"r", "q"}),  # 1/4
        "q4": (["x", "y"], {"r"}),  # 0
    }
    rr = [M.reciprocal_rank(chunks, rel) for chunks, rel in rankings.values()]
    assert M.mean(rr) == pytest.approx((1 + 0.5 + 0.25 + 0) / 4)
    hits = [M.hit_at_k(chunks, rel, 5) for chunks, rel in rankings.values()]
    assert M.mean(hits) == 0.75


def test_first_relevant_rank() -> None:
    assert M.first_relevant_rank(["a", "a", "b", "c"], {"c"}) == 3
    assert M.first_relevant_rank(["a"], {"c"}) is None


def test_percentile_linear_interpolation() -> None:
    values = [float(v) for v in range(1, 11)]
    assert M.percentile(values, 50) == pytest.approx(5.5)
    assert M.percentile(values, 95) == pytest.approx(9.55)
    assert M.percentile(values, 0) == 1.0
    assert M.percentile(values, 100) == 10.0
    assert M.percentile([7.0], 95) == 7.0
    assert M.percentile([3.0, 1.0, 2.0], 50) == 2.0  # unsorted input
    with pytest.raises(ValueError):
        M.percentile([], 50)
    with pytest.raises(ValueError):
        M.percentile([1.0], 101)


@given(st.lists(st.floats(0, 1e4, allow_nan=False), min_size=2, max_size=60))
def test_percentile_matches_statistics_inclusive(values: list[float]) -> None:
    cuts = statistics.quantiles(values, n=20, method="inclusive")  # 5 %, 10 %, ..., 95 %
    assert M.percentile(values, 50) == pytest.approx(cuts[9], abs=1e-6)
    assert M.percentile(values, 95) == pytest.approx(cuts[18], abs=1e-6)


# ----------------------------------------------------------------- suite format


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_load_suite_parses_documented_format(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "suite: retrieval\nqueries:\n"
        "  - id: q-1\n    query: 'split by time'\n    style: drafter\n"
        "    section: training\n    relevant: [a, b]\n"
        "  - id: q-2\n    query: is 99% accuracy good?\n    style: user\n    relevant: [c]\n",
    )
    q1, q2 = M.load_suite([path])
    assert (q1.id, q1.style, q1.section, q1.relevant) == ("q-1", "drafter", "training", ("a", "b"))
    assert (q2.section, q2.relevant) == (None, ("c",))


@pytest.mark.parametrize(
    "body",
    [
        "suite: plan\nqueries: []\n",
        "suite: retrieval\nqueries: []\n",
        "suite: retrieval\nqueries:\n  - id: q\n    query: x\n    style: robot\n    relevant: [a]\n",
        "suite: retrieval\nqueries:\n  - id: q\n    query: x\n    style: user\n    relevant: []\n",
        "suite: retrieval\nqueries:\n  - id: q\n    query: x\n    style: user\n    relevant: [a]\n    section: nope\n",
        "suite: retrieval\nqueries:\n  - id: q\n    query: x\n    style: user\n    relevant: [a]\n    extra: 1\n",
        "suite: retrieval\nqueries:\n  - id: q\n    style: user\n    relevant: [a]\n",
    ],
)
def test_load_suite_rejects_malformed_files(tmp_path: Path, body: str) -> None:
    with pytest.raises(M.SuiteError):
        M.load_suite([_write(tmp_path, body)])


def test_validate_suite_reports_each_problem() -> None:
    query = M.EvalQuery
    queries = [
        query(id="q1", query="x", style="user", relevant=("a",)),
        query(id="q1", query="y", style="user", relevant=("a", "a")),
        query(id="q2", query="z", style="drafter", relevant=("ghost",)),
        query(id="q3", query="w", style="drafter", relevant=("a", "b"), section="timeline"),
    ]
    problems = M.validate_suite(queries, {"a", "b"}, {"a": ["timeline"], "b": ["data"]})
    assert any("duplicate query id 'q1'" in p for p in problems)
    assert any("duplicate doc id" in p for p in problems)
    assert any("'ghost' is not in the catalogue" in p for p in problems)
    assert any("excludes relevant doc 'b'" in p for p in problems)
    assert len(problems) == 4
    assert M.validate_suite(queries[:1], {"a"}) == []
