"""Property tests: validators never crash on any plan the schema admits.

Plans are generated field by field from the domain models' own annotations (every field
optional, so defaults and absent facts are exercised too). Strings mix random text with
phrases the rules look for, so the pattern-matching branches run, not only the blanks.
Floats include NaN and infinities: the schema admits them in unconstrained fields.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, Literal, Union

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from mlplan.domain import Plan, ProjectBrief
from mlplan.validate import CRASH_RULE_ID, RULES, ValidationContext, validate_plan

_PHRASES = [
    "",
    "none",
    "TBD",
    "test set",
    "validation folds, never the test set",
    "SMOTE",
    "all data",
    "fitted on the full dataset",
    "30 frames from each video",
    "sliding windows",
    "PR-AUC ≥ 0.45",
    "recall at 90 % precision of 0.6",
    "current PR-AUC 0.3",
    "fraud",
    "churn",
    "PSI drift > 0.2",
    "recall drops",
    "retrain at service start-up",
    "2.4M rows",
    "$X",
    "[e.g. 30 days]",
    "customer_age",
    "postcode",
    "a/b test",
    "Reduce churn by 10 %",
    "proxy labels",
]
TEXT = st.one_of(st.sampled_from(_PHRASES), st.text(max_size=20))


def _strategy(annotation: Any) -> st.SearchStrategy[Any]:
    """A strategy for one field annotation, recursing into models, unions and containers."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is str:
        return TEXT
    if origin in (Union, types.UnionType):
        return st.one_of(*(_strategy(arg) for arg in args))
    if origin is list:
        return st.lists(_strategy(args[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(TEXT, _strategy(args[1]), max_size=2)
    if origin is Literal:
        return st.sampled_from(args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return st.deferred(lambda: _model(annotation))
    return st.from_type(annotation)


def _build(cls: type[BaseModel], kwargs: dict[str, Any]) -> BaseModel | None:
    try:
        return cls(**kwargs)
    except ValidationError:
        return None  # e.g. a negative row count: not a plan the schema admits


@cache
def _model(cls: type[BaseModel]) -> st.SearchStrategy[Any]:
    required = {n: _strategy(f.annotation) for n, f in cls.model_fields.items() if f.is_required()}
    optional = {
        n: _strategy(f.annotation) for n, f in cls.model_fields.items() if not f.is_required()
    }
    return (
        st.fixed_dictionaries(required, optional=optional)
        .map(lambda kwargs: _build(cls, kwargs))
        .filter(lambda built: built is not None)
    )


plans = _model(Plan)
contexts = st.one_of(
    st.none(),
    st.builds(
        ValidationContext.from_ids,
        doc_ids=st.one_of(st.none(), st.lists(TEXT, max_size=3)),
        chunk_ids=st.one_of(st.none(), st.lists(TEXT, max_size=3)),
    ),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(plan=plans, context=contexts)
def test_validators_never_crash(plan: Plan, context: ValidationContext | None) -> None:
    findings = validate_plan(plan, context=context)
    crashes = [f.message for f in findings if f.rule_id == CRASH_RULE_ID]
    assert crashes == []
    for finding in findings:
        rule = RULES[finding.rule_id]
        assert finding.severity is rule.severity and finding.section is rule.section
        assert finding.message.strip() and finding.fix.strip() and finding.path


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(brief=_model(ProjectBrief))
def test_a_bare_plan_from_any_brief_is_validated_without_crashing(brief: ProjectBrief) -> None:
    findings = validate_plan(Plan(brief=brief))
    assert CRASH_RULE_ID not in {f.rule_id for f in findings}
    assert "S01" in {f.rule_id for f in findings}
