"""Reciprocal rank fusion arithmetic."""

from __future__ import annotations

import pytest

from mlplan.knowledge.index import RRF_K, rrf_fuse


def test_rrf_scores_are_sums_of_reciprocal_ranks() -> None:
    fused = dict(rrf_fuse([["a", "b", "c"], ["b", "d"]]))
    assert fused["a"] == pytest.approx(1 / (RRF_K + 1))
    assert fused["b"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert fused["c"] == pytest.approx(1 / (RRF_K + 3))
    assert fused["d"] == pytest.approx(1 / (RRF_K + 2))


def test_rrf_orders_by_fused_score_and_keeps_first_seen_on_ties() -> None:
    ranked = [item for item, _ in rrf_fuse([["a", "b", "c"], ["b", "d"]])]
    assert ranked == ["b", "a", "d", "c"]
    assert [i for i, _ in rrf_fuse([["x", "y"], ["y", "x"]])] == ["x", "y"]


def test_rrf_agreement_beats_a_single_first_place() -> None:
    """Ranked 2nd by both lists outranks ranked 1st by only one: the point of fusion."""
    ranked = [item for item, _ in rrf_fuse([["solo", "both"], ["both", "other"]])]
    assert ranked[0] == "both"


def test_rrf_k_parameter_and_empty_input() -> None:
    assert rrf_fuse([]) == []
    assert dict(rrf_fuse([["a"]], k=0))["a"] == pytest.approx(1.0)
