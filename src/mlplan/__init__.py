"""mlplan: plan ML projects from a brief, and review ML plans people already wrote."""

__version__ = "0.1.0"
