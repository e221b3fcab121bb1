"""The literal prefilter in front of cue patterns is an optimisation only: same matches."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mlplan.understand import cues, cues_framing
from mlplan.understand._facts import lower
from mlplan.understand._match import Cue, alternatives, leading_literals

PATTERNS = [
    *(p for _, p in cues.TASK_CUES),
    *(p for _, p in cues.MODALITY_CUES),
    *(p for _, p in cues.REGULATION_CUES),
    *(p for _, p in cues.SERVING_CUES),
    *(p for _, p in cues.GROUP_KEY_CUES),
    *(p for _, p in cues.DOMAIN_CUES),
    *cues.SENSITIVE_ATTRIBUTE_CUES.values(),
    *(p for _, p in cues_framing.DEPLOYMENT_TARGET_CUES),
    *(p for *_, p in cues_framing.SOURCE_CUES),
    *(p for p, _ in cues_framing.DOMAIN_TARGETS),
    cues.PERSONAL_DATA_CUES,
    cues.AFFECTS_PEOPLE_CUES,
    cues.TIME_ORDER_CUES,
    cues.TABULAR_CUES,
    cues_framing.KPI_CUES,
    cues_framing.CURRENT_SOLUTION_CUES,
]
TEXTS = [
    lower(yaml.safe_load(p.read_text(encoding="utf-8"))["text"])
    for p in sorted((Path(__file__).parent / "briefs").glob("*.yaml"))
]


@pytest.mark.parametrize(
    ("pattern", "want"),
    [
        ("gdpr|general data protection", ("gdpr", "general data protection")),
        ("customers?|users?\\b", ("customer", "user")),
        ("(?:predict|estimate)\\w* the price", ("estimate", "predict")),
        ("p9\\d\\b", ("p9",)),
        ("x-?rays?", None),  # one letter is too little to filter on
        ("(?:sub)?stations?", ("station", "sub")),  # an optional group, or what follows it
        ("(?:sub)?s", None),  # ... and what follows is too short to filter on
        ("\\b(?:the )?labels?", ("label", "the ")),  # a word boundary consumes nothing
        ("(customer|patient)s?", ("customer", "patient")),  # a capturing group
        ("[$€£]\\s?\\d", ("$", "£", "€")),  # a plain character class
        ("\\(= ?label\\)|±", ("(=", "±")),  # escaped punctuation; a rare character alone
        ("(?:foo)??bar", None),  # a lazy optional group: left to the regex
        ("(?<!music )stream", ("stream",)),  # a look-around consumes nothing
        ("(?i)stream", None),  # an inline flag: left to the regex
        ("\\d+ ms", None),
    ],
)
def test_leading_literals(pattern: str, want: tuple[str, ...] | None) -> None:
    assert leading_literals(pattern) == want


def test_alternatives_respect_groups_and_classes() -> None:
    assert alternatives(r"a(?:b|c)|[|x]|d\|e") == ["a(?:b|c)", "[|x]", r"d\|e"]


def test_cue_patterns_are_lower_case() -> None:
    """Briefs are matched lower-cased; an upper-case literal in a cue would never match."""
    for pattern in PATTERNS:
        stripped = pattern.replace("\\b", "").replace("\\d", "").replace("\\w", "")
        stripped = stripped.replace("\\s", "").replace("\\S", "").replace("\\W", "")
        assert stripped == stripped.lower(), pattern


def _same(pattern: str, low: str) -> None:
    cue = Cue(pattern)
    assert [m.span() for m in cue.finditer(low)] == [m.span() for m in cue.rx.finditer(low)]
    found, plain = cue.search(low), cue.rx.search(low)
    assert (found and found.span()) == (plain and plain.span())


@pytest.mark.parametrize("low", TEXTS)
def test_prefilter_never_changes_a_match_on_the_briefs(low: str) -> None:
    for pattern in PATTERNS:
        _same(pattern, low)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*TEXTS, "x-ray", "e-commerce", "gdpr", " ", "\n"]), max_size=6))
def test_prefilter_never_changes_a_match_on_mixed_text(parts: list[str]) -> None:
    low = " ".join(parts)
    for pattern in PATTERNS:
        _same(pattern, low)
