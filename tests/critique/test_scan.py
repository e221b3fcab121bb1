"""The document's fast pattern search finds exactly what the regex engine finds.

`Document.find` looks for the literal words a pattern's matches start with and tries the
pattern only there (see `_document._plan`). A wrong literal would silently hide a fact, so
every pattern the parser uses is checked against ``finditer`` on real plans, on the whole
text and on slices of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlplan.critique import _document, parse_plan

PLANS = sorted((Path(__file__).parents[2] / "evals" / "critique" / "plans").glob("*.md"))[:12]


@pytest.fixture(scope="module")
def documents() -> list[_document.Document]:
    docs = []
    for path in PLANS:
        text = path.read_text(encoding="utf-8")
        parse_plan(text, source=path.name, kind="markdown")  # registers the parser's patterns
        docs.append(_document.Document(text))
    return docs


def test_every_parser_pattern_finds_what_finditer_finds(
    documents: list[_document.Document],
) -> None:
    patterns = list(_document._PLANS)
    assert len(patterns) > 100  # the parser's patterns were registered
    with_literals = sum(1 for (literals, _) in _document._PLANS.values() if literals)
    assert with_literals > len(patterns) // 2  # most searches take the literal path
    for doc in documents:
        text, third = doc.ext, len(doc.ext) // 3
        for rx in patterns:
            for start, end in ((0, len(text)), (third, 2 * third)):
                want = [m.span() for m in rx.finditer(text, start, end)]
                fast = [m.span() for m in _document._scan(rx, text, start, end)]
                assert fast == want, rx.pattern
                indexed = _document._scan(rx, text, start, end, doc.word_starts)
                assert [m.span() for m in indexed] == want, rx.pattern
