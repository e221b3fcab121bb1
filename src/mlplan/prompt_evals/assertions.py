"""Evaluate one assertion against one drafted plan.

Outcomes are `pass`, `fail` or `error`: a check that could not be evaluated (a judge that did
not answer, a check function that raised, a path that does not exist in the schema) is an
error, never a silent pass and never counted as the plan's failure.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from mlplan.domain import Plan, Severity
from mlplan.prompt_evals.cases import (
    Assertion,
    ContainsAny,
    CostUsd,
    LatencyMs,
    MinItems,
    NoErrors,
    PathIn,
    PythonCheck,
    RuleAbsent,
    RulePresent,
    SchemaValid,
    Tokens,
)

Verdict = Literal["pass", "fail", "error"]
_STEP = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


@dataclass(frozen=True)
class Outcome:
    kind: str
    verdict: Verdict
    message: str = ""


@dataclass(frozen=True)
class Observed:
    """What the run measured besides the plan itself."""

    latency_ms: float
    tokens: int
    cost_usd: float | None


class MissingPath(LookupError):
    pass


def resolve(plan: Plan, path: str) -> Any:
    """Dotted path into the plan ('evaluation.primary_metric.name', 'timeline.phases[0]')."""
    node: Any = plan
    for name, index in _STEP.findall(path):
        if isinstance(node, BaseModel):
            if name not in type(node).model_fields:
                raise MissingPath(f"{path}: no field {name!r}")
            node = getattr(node, name)
        elif isinstance(node, dict):
            if name not in node:
                raise MissingPath(f"{path}: no key {name!r}")
            node = node[name]
        else:
            raise MissingPath(f"{path}: {name!r} is inside a {type(node).__name__}")
        if index:
            if not isinstance(node, list) or int(index) >= len(node):
                raise MissingPath(f"{path}: no item {index}")
            node = node[int(index)]
    return getattr(node, "value", node)  # enums compare by value


def check(assertion: Assertion, plan: Plan, observed: Observed, checks_dir: Path | None) -> Outcome:
    """Deterministic assertions; `llm_rubric` is judged elsewhere (it needs a model)."""
    kind = assertion.kind
    try:
        ok, message = _evaluate(assertion, plan, observed, checks_dir)
    except MissingPath as exc:
        return Outcome(kind, "error", str(exc))
    except Exception as exc:  # a broken check function is the check's error, not the plan's
        return Outcome(kind, "error", f"{type(exc).__name__}: {exc}")
    return Outcome(kind, "pass" if ok else "fail", "" if ok else message)


def _evaluate(
    a: Assertion, plan: Plan, observed: Observed, checks_dir: Path | None
) -> tuple[bool, str]:
    if isinstance(a, SchemaValid):
        Plan.model_validate_json(plan.model_dump_json())
        return True, ""
    if isinstance(a, NoErrors):
        errors = sorted({f.rule_id for f in plan.findings if f.severity is Severity.ERROR})
        return not errors, f"error findings: {', '.join(errors)}"
    if isinstance(a, RulePresent):
        return any(f.rule_id == a.rule for f in plan.findings), f"{a.rule} did not fire"
    if isinstance(a, RuleAbsent):
        hits = [f.message for f in plan.findings if f.rule_id == a.rule]
        return not hits, f"{a.rule} fired: {hits[0][:160] if hits else ''}"
    if isinstance(a, PathIn):
        value = resolve(plan, a.path)
        return value in a.values, f"{a.path} = {value!r}, expected one of {a.values}"
    if isinstance(a, ContainsAny):
        text = _text(plan, a.path)
        hay = text if a.case_sensitive else text.lower()
        found = [v for v in a.values if (v if a.case_sensitive else v.lower()) in hay]
        where = a.path or "the plan"
        return bool(found), f"none of {a.values} in {where}"
    if isinstance(a, MinItems):
        value = resolve(plan, a.path)
        n = len(value) if isinstance(value, list | dict | str) else 0
        return n >= a.n, f"{a.path} has {n} items, expected at least {a.n}"
    if isinstance(a, PythonCheck):
        failure = _run_check(a.check, plan, checks_dir)
        return failure is None, failure or ""
    if isinstance(a, LatencyMs):
        return observed.latency_ms <= a.max, f"{observed.latency_ms:.0f} ms > {a.max:g} ms"
    if isinstance(a, Tokens):
        return observed.tokens <= a.max, f"{observed.tokens} tokens > {a.max}"
    if isinstance(a, CostUsd):
        cost = observed.cost_usd or 0.0
        return cost <= a.max, f"${cost:.4f} > ${a.max:g}"
    raise MissingPath(f"assertion kind {a.kind!r} is not deterministic")


def _text(plan: Plan, path: str | None) -> str:
    if path is None:
        from mlplan.render import render_markdown

        return render_markdown(plan)
    value = resolve(plan, path)
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return str(value)


def _run_check(spec: str, plan: Plan, checks_dir: Path | None) -> str | None:
    module_name, _, func_name = spec.partition(":")
    if checks_dir is None or not func_name:
        raise MissingPath(f"python check {spec!r}: expected module:function under evals/checks/")
    path = checks_dir / f"{module_name}.py"
    if not path.is_file():
        raise MissingPath(f"python check {spec!r}: {path} not found")
    loader = importlib.util.spec_from_file_location(f"mlplan_eval_checks.{module_name}", path)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    func = getattr(module, func_name, None)
    if func is None:
        raise MissingPath(f"python check {spec!r}: no function {func_name!r} in {path}")
    result = func(plan)
    if result is not None and not isinstance(result, str):
        raise TypeError(f"{spec} must return None or a message, got {type(result).__name__}")
    return result
