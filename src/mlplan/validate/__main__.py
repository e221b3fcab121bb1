"""``python -m mlplan.validate`` prints the rule catalog as Markdown (the source of docs/rules.md)."""

import sys

from mlplan.validate.catalog import catalog_markdown

sys.stdout.write(catalog_markdown())
