"""Pure helpers for the retrieval eval: the labelled suite (load + validate) and ranking metrics.

Nothing here touches the search index, so the unit tests run without building one.
`benchmarks/eval_retrieval.py` runs the suite against `mlplan.knowledge.index`.

Metric definitions (all computed over *distinct doc ids*, in the order their first chunk appears):

- hit@k ("recall@5" in the report): 1 if at least one relevant doc is among the first k distinct
  docs, else 0; averaged over queries it is the share of queries with a hit.
- recall@k ("strict recall@5"): the fraction of a query's relevant docs found among the first k
  distinct docs.
- reciprocal rank @ n chunks ("MRR@10"): 1 / rank of the first relevant doc among the distinct
  docs of the top n chunks, 0 if none; averaged over queries it is MRR.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from mlplan.domain import Section

STYLES = ("drafter", "user")
SECTIONS = tuple(s.value for s in Section if s is not Section.ANY)
_QUERY_KEYS = {"id", "query", "style", "section", "relevant"}


class SuiteError(ValueError):
    """A suite file that is not in the documented format."""


@dataclass(frozen=True)
class EvalQuery:
    id: str
    query: str
    style: str
    relevant: tuple[str, ...]
    """Doc ids that genuinely answer the query; the first is the most relevant."""
    section: str | None = None
    """Plan-section filter the drafter would pass to search (None: no filter)."""
    source: str = ""
    """File the query came from (for error messages)."""


# --------------------------------------------------------------------------- suite


def load_suite(paths: Iterable[Path]) -> list[EvalQuery]:
    """Parse suite files; raises SuiteError on anything outside the documented format."""
    out: list[EvalQuery] = []
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("suite") != "retrieval":
            raise SuiteError(f"{path}: expected a mapping with `suite: retrieval`")
        items = data.get("queries")
        if not isinstance(items, list) or not items:
            raise SuiteError(f"{path}: `queries` must be a non-empty list")
        for n, item in enumerate(items):
            out.append(_parse_query(item, f"{Path(path).name}#{n}"))
    return out


def suite_files(directory: Path) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))


def _parse_query(item: object, where: str) -> EvalQuery:
    if not isinstance(item, dict):
        raise SuiteError(f"{where}: each query must be a mapping")
    unknown = set(item) - _QUERY_KEYS
    if unknown:
        raise SuiteError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "query", "style", "relevant"):
        if key not in item:
            raise SuiteError(f"{where}: missing `{key}`")
    qid, text, style, section = item["id"], item["query"], item["style"], item.get("section")
    relevant = item["relevant"]
    if not isinstance(qid, str) or not qid.strip():
        raise SuiteError(f"{where}: `id` must be a non-empty string")
    if not isinstance(text, str) or not text.strip():
        raise SuiteError(f"{where} ({qid}): `query` must be a non-empty string")
    if style not in STYLES:
        raise SuiteError(f"{where} ({qid}): `style` must be one of {STYLES}, got {style!r}")
    if section is not None and section not in SECTIONS:
        raise SuiteError(f"{where} ({qid}): `section` must be one of {SECTIONS}, got {section!r}")
    if (
        not isinstance(relevant, list)
        or not relevant
        or not all(isinstance(r, str) and r for r in relevant)
    ):
        raise SuiteError(f"{where} ({qid}): `relevant` must be a non-empty list of doc ids")
    return EvalQuery(
        id=qid,
        query=text.strip(),
        style=style,
        relevant=tuple(relevant),
        section=section,
        source=where,
    )


def validate_suite(
    queries: Sequence[EvalQuery],
    doc_ids: Collection[str],
    doc_sections: Mapping[str, Collection[str]] | None = None,
) -> list[str]:
    """Problems that make the suite untrustworthy (empty list = valid).

    Checks: unique query ids, no duplicate doc within one relevant list, every relevant id exists
    in the catalogue, and (when `doc_sections` is given) that a query's section filter does not
    exclude one of its own relevant docs, which would make the query unanswerable by design.
    """
    problems: list[str] = []
    for qid, n in Counter(q.id for q in queries).items():
        if n > 1:
            problems.append(f"duplicate query id {qid!r} ({n} times)")
    for q in queries:
        if len(set(q.relevant)) != len(q.relevant):
            problems.append(f"{q.id}: duplicate doc id in `relevant`")
        for doc in q.relevant:
            if doc not in doc_ids:
                problems.append(f"{q.id}: relevant doc {doc!r} is not in the catalogue")
            elif (
                doc_sections is not None
                and q.section is not None
                and q.section not in doc_sections.get(doc, ())
            ):
                problems.append(
                    f"{q.id}: section filter {q.section!r} excludes relevant doc {doc!r}"
                )
    return problems


# --------------------------------------------------------------------------- metrics


def distinct(doc_ids: Iterable[str]) -> list[str]:
    """Doc ids in order of first appearance (several chunks of one doc count once)."""
    return list(dict.fromkeys(doc_ids))


def hit_at_k(chunk_doc_ids: Sequence[str], relevant: Collection[str], k: int) -> float:
    """1.0 if any relevant doc is among the first k distinct docs, else 0.0."""
    return 1.0 if any(d in relevant for d in distinct(chunk_doc_ids)[:k]) else 0.0


def recall_at_k(chunk_doc_ids: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Fraction of the relevant docs found among the first k distinct docs."""
    if not relevant:
        raise ValueError("recall is undefined without relevant docs")
    found = set(distinct(chunk_doc_ids)[:k]) & set(relevant)
    return len(found) / len(set(relevant))


def reciprocal_rank(
    chunk_doc_ids: Sequence[str], relevant: Collection[str], max_chunks: int = 10
) -> float:
    """1 / rank of the first relevant doc among the distinct docs of the top `max_chunks` chunks."""
    for rank, doc in enumerate(distinct(chunk_doc_ids[:max_chunks]), start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def first_relevant_rank(chunk_doc_ids: Sequence[str], relevant: Collection[str]) -> int | None:
    """Rank (1-based, over distinct docs) of the first relevant doc, None if absent."""
    for rank, doc in enumerate(distinct(chunk_doc_ids), start=1):
        if doc in relevant:
            return rank
    return None


def percentile(values: Sequence[float], q: float) -> float:
    """q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError("q must be within [0, 100]")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")
