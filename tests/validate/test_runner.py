"""The runner and registry: catalog coverage, ordering, selection, crash isolation."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlplan.domain import Plan, Section, Severity, SplitStrategy
from mlplan.validate import (
    CRASH_RULE_ID,
    RULES,
    Hit,
    Rule,
    ValidationContext,
    get_registry,
    validate_plan,
)

# The public contract from the rule catalog: id -> (section, severity letter).
CATALOG = {
    **dict.fromkeys(["L01", "L02", "L03", "L06", "L12"], "training"),
    **dict.fromkeys(["L04", "L05", "L08", "P07", "T02", "T03", "T04"], "features"),
    **dict.fromkeys(["L07", "L10", "L11", "P06"], "evaluation"),
    **{f"M{i:02d}": "evaluation" for i in range(1, 13)},
    **dict.fromkeys(
        ["L09", "L13", "L14", *(f"P{i:02d}" for i in (1, 2, 3, 4, 5, 8, 9, 10))], "data"
    ),
    "T01": "training",
    "T05": "model",
    **dict.fromkeys(["T06", "T07", "O06"], "overview"),
    **{f"D{i:02d}": "deployment" for i in range(1, 10)},
    **{f"O{i:02d}": "monitoring" for i in range(1, 6)},
    **{f"S{i:02d}": "any" for i in range(1, 5)},
}
SEVERITY = (
    dict(
        zip(
            [*(f"L{i:02d}" for i in range(1, 15)), *(f"M{i:02d}" for i in range(1, 13))],
            "EEEEEEEEWWWWEW" + "EWEWWWWIIWWE",
            strict=True,
        )
    )
    | dict(
        zip(
            [*(f"P{i:02d}" for i in range(1, 11)), *(f"T{i:02d}" for i in range(1, 8))],
            "EWWWWEWWWI" + "WWWIIIW",
            strict=True,
        )
    )
    | dict(
        zip(
            [*(f"D{i:02d}" for i in range(1, 10)), *(f"O{i:02d}" for i in range(1, 7))],
            "WEIEWWWWW" + "EWWWII",
            strict=True,
        )
    )
    | {"S01": "E", "S02": "E", "S03": "E", "S04": "W"}
)


def test_every_catalog_rule_is_registered_with_its_section_and_severity() -> None:
    assert set(RULES) == set(CATALOG) == set(SEVERITY)
    for rule_id, rule in RULES.items():
        assert rule.section == Section(CATALOG[rule_id]), rule_id
        assert rule.severity.value[0].upper() == SEVERITY[rule_id], rule_id


def test_every_rule_explains_itself() -> None:
    for rule in RULES.values():
        assert rule.title and rule.rationale and rule.fix and rule.source, rule.id
        assert "S1" not in rule.source.split(), "source codes must be spelled out"


def test_registry_is_in_catalog_order() -> None:
    ids = list(get_registry())
    assert ids[0] == "L01" and ids[-1] == "S04"
    assert ids.index("M11") < ids.index("P01") < ids.index("T01") < ids.index("D01")


def test_a_rule_is_callable_on_its_own(plan: Plan) -> None:
    plan.training.split.strategy = SplitStrategy.RANDOM
    [finding] = RULES["L01"](plan)
    assert finding.rule_id == "L01" and finding.severity is Severity.ERROR


def test_findings_are_sorted_by_severity_then_section_then_id(plan: Plan) -> None:
    plan.training.split.strategy = SplitStrategy.RANDOM  # L01, L02: error, training
    plan.data.privacy.retention = None  # P02: warning, data
    plan.evaluation.confidence_intervals = None  # M09: info, evaluation
    plan.data.privacy.minimisation = plan.data.privacy.pseudonymisation = None  # P01: error, data
    plan.deployment.cost_estimate = "$X"  # S02: error, any; and no cost stated: D03, info
    ids = [f.rule_id for f in validate_plan(plan)]
    assert ids == ["P01", "L01", "L02", "S02", "P02", "M09", "D03"]


def test_rules_argument_selects_rules_case_insensitively(plan: Plan) -> None:
    plan.training.split.strategy = SplitStrategy.RANDOM
    assert {f.rule_id for f in validate_plan(plan, rules=["l02"])} == {"L02"}
    assert validate_plan(plan, rules=[]) == []


def test_unknown_rule_id_is_rejected(plan: Plan) -> None:
    with pytest.raises(ValueError, match="Z99"):
        validate_plan(plan, rules=["L01", "Z99"])


def test_a_crashing_rule_becomes_an_x00_finding(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
        raise ZeroDivisionError("division by zero")

    broken: Rule = dataclasses.replace(RULES["L01"], body=boom)
    monkeypatch.setitem(RULES, "L01", broken)
    plan.training.split.strategy = SplitStrategy.RANDOM

    findings = validate_plan(plan)

    crash = [f for f in findings if f.rule_id == CRASH_RULE_ID]
    assert len(crash) == 1
    assert crash[0].severity is Severity.ERROR
    assert "L01" in crash[0].message and "ZeroDivisionError" in crash[0].message
    assert "L02" in {f.rule_id for f in findings}, "other rules still run"


def test_validation_is_deterministic(plan: Plan) -> None:
    plan.training.split.strategy = SplitStrategy.RANDOM
    plan.evaluation.slices = []
    assert validate_plan(plan) == validate_plan(plan)


def test_validation_does_not_mutate_the_plan(plan: Plan) -> None:
    before = plan.model_dump()
    validate_plan(plan)
    assert plan.model_dump() == before


def test_every_rule_has_a_triggering_test() -> None:
    # Guards the "one plan that triggers it" promise for rules added later.
    sources = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("*.py"))
    triggered = set(re.findall(r'fires\(\s*[\w()]+,\s*"([A-Z]\d\d)"', sources))
    assert set(RULES) - triggered == set()
