"""Renderers: Markdown for people, JSON for tools (the public contract)."""

from mlplan.render.json import render_json
from mlplan.render.markdown import render_markdown

__all__ = ["render_json", "render_markdown"]
