"""Renderers: Markdown for people, JSON for tools (the public contract), SARIF for code scanning."""

from mlplan.render.json import render_json
from mlplan.render.markdown import render_markdown
from mlplan.render.review import render_review_markdown
from mlplan.render.sarif import render_sarif

__all__ = ["render_json", "render_markdown", "render_review_markdown", "render_sarif"]
