"""Brief understanding: free text or YAML/JSON -> ProjectBrief, every fact with its provenance."""

from mlplan.understand.loader import MAX_BRIEF_BYTES, load_brief, parse_structured, read_brief_bytes
from mlplan.understand.text import parse_text

__all__ = ["MAX_BRIEF_BYTES", "load_brief", "parse_structured", "parse_text", "read_brief_bytes"]
