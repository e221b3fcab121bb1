"""The labelled retrieval suite (evals/retrieval/*.yaml) is well formed; no index needed."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from mlplan.knowledge import catalog, split_front_matter

from ._bench import SUITE_DIR, retrieval_metrics

M = retrieval_metrics()


@pytest.fixture(scope="module")
def queries() -> list:
    files = M.suite_files(SUITE_DIR)
    assert files, f"no suite files in {SUITE_DIR}"
    return M.load_suite(files)


def test_suite_is_large_enough(queries: list) -> None:
    assert len(queries) >= 80


def test_ids_unique_and_relevant_docs_exist_and_sections_admit_them(queries: list) -> None:
    docs = catalog()
    problems = M.validate_suite(queries, docs.keys(), {k: v.sections for k, v in docs.items()})
    assert problems == []


def test_every_doc_is_relevant_to_some_query(queries: list) -> None:
    covered = {doc for q in queries for doc in q.relevant}
    assert set(catalog()) - covered == set()


def test_both_styles_present_and_roughly_balanced(queries: list) -> None:
    styles = Counter(q.style for q in queries)
    assert set(styles) == {"drafter", "user"}
    assert min(styles.values()) >= 0.35 * len(queries)


def test_every_plan_section_is_exercised(queries: list) -> None:
    assert {q.section for q in queries if q.section} == set(M.SECTIONS)


def test_relevant_lists_are_short(queries: list) -> None:
    """Honest labels: a handful of docs that answer the query, not padding."""
    assert all(1 <= len(q.relevant) <= 4 for q in queries)


def test_queries_do_not_copy_doc_headings(queries: list) -> None:
    """A query containing a section heading verbatim would make the eval trivially lexical."""
    headings: set[str] = set()
    for info in catalog().values():
        _, body = split_front_matter(info.path.read_text(encoding="utf-8"))
        headings |= {h.strip().lower() for h in re.findall(r"^#{1,2}\s+(.+)$", body, re.M)}
    copied = [(q.id, h) for q in queries for h in headings if h in q.query.lower()]
    assert copied == []
