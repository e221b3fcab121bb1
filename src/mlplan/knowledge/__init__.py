"""The best-practice knowledge base: documents, their catalogue and (later) the search index."""

from mlplan.knowledge.catalog import DocInfo, catalog, split_front_matter

__all__ = ["DocInfo", "catalog", "split_front_matter"]
