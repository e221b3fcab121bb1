"""The best-practice knowledge base: documents, their catalogue, and the search index.

Importing this package stays cheap: bm25s, numpy and chromadb load only when an index is
built or searched.
"""

from mlplan.knowledge.catalog import DocInfo, catalog, split_front_matter
from mlplan.knowledge.chunking import Chunk, load_chunks
from mlplan.knowledge.embedders import Embedder, get_embedder
from mlplan.knowledge.index import IngestReport, KnowledgeIndex, Passage, open_index

__all__ = [
    "Chunk",
    "DocInfo",
    "Embedder",
    "IngestReport",
    "KnowledgeIndex",
    "Passage",
    "catalog",
    "get_embedder",
    "load_chunks",
    "open_index",
    "split_front_matter",
]
