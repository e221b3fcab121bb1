"""The README's 'excerpt of real output' must stay real: every line appears in today's output."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from mlplan.adapters.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_excerpt_matches_real_output() -> None:
    text = README.read_text(encoding="utf-8")
    command = re.search(r'```bash\nmlplan plan "([^"]+)"\n```', text)
    excerpt = re.search(r"### Excerpt of real output.*?```markdown\n(.*?)```", text, re.S)
    assert command and excerpt, "README lost its run command or its output excerpt"
    output = CliRunner().invoke(app, ["plan", command.group(1)]).stdout
    missing = [ln for ln in excerpt.group(1).splitlines() if ln.strip() and ln not in output]
    assert not missing, f"README excerpt lines not in real output: {missing}"
