"""Eval cases as data: a brief plus assertions, loaded into Pydantic models.

A malformed case fails at load time with its file and line, so a typo in an assertion is
a red CI on the commit that made it, not a silently skipped check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlplan.errors import UserInputError


class _A(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = ""
    """Why this assertion matters (shown when it fails)."""


class SchemaValid(_A):
    kind: Literal["schema_valid"]


class NoErrors(_A):
    kind: Literal["no_errors"]
    """No validator finding of severity error."""


class RulePresent(_A):
    kind: Literal["rule_present"]
    rule: str


class RuleAbsent(_A):
    kind: Literal["rule_absent"]
    rule: str


class PathIn(_A):
    kind: Literal["path_in"]
    path: str
    """Dotted plan path, e.g. evaluation.primary_metric.name; list items by [i]."""
    values: list[Any]


class ContainsAny(_A):
    kind: Literal["contains_any"]
    values: list[str]
    path: str | None = None
    """Search this field's text; None = the whole plan rendered as Markdown."""
    case_sensitive: bool = False


class MinItems(_A):
    kind: Literal["min_items"]
    path: str
    n: int = Field(ge=0)


class PythonCheck(_A):
    kind: Literal["python"]
    check: str
    """`module:function` under evals/checks/ (e.g. `numbers:split_sizes_add_up`); the function
    takes the plan and returns None (pass) or a failure message."""


class LatencyMs(_A):
    kind: Literal["latency_ms"]
    max: float = Field(gt=0)


class Tokens(_A):
    kind: Literal["tokens"]
    max: int = Field(gt=0)


class CostUsd(_A):
    kind: Literal["cost_usd"]
    max: float = Field(ge=0)


class LlmRubric(_A):
    kind: Literal["llm_rubric"]
    rubric: str
    """What a good plan does here; a judge model answers pass/fail with a reason."""
    section: str | None = None
    """Show the judge only this section (default: the whole plan as Markdown)."""


Assertion = Annotated[
    SchemaValid
    | NoErrors
    | RulePresent
    | RuleAbsent
    | PathIn
    | ContainsAny
    | MinItems
    | PythonCheck
    | LatencyMs
    | Tokens
    | CostUsd
    | LlmRubric,
    Field(discriminator="kind"),
]

DETERMINISTIC = frozenset(
    {
        "schema_valid",
        "no_errors",
        "rule_present",
        "rule_absent",
        "path_in",
        "contains_any",
        "min_items",
        "python",
        "latency_ms",
        "tokens",
        "cost_usd",
    }
)
"""Assertion kinds that need no judge model; they run first, judges only when asked."""


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    brief: str | dict[str, Any]
    """Brief text, or a structured brief (the YAML brief format: `text` plus fields)."""
    tags: list[str] = Field(default_factory=list)
    assertions: list[Assertion] = Field(min_length=1)
    source: str = ""
    """file:line the case was loaded from (filled by the loader)."""


def load_cases(paths: list[Path]) -> list[EvalCase]:
    """Every case in the YAML files (each a list of cases, or `{cases: [...]}`).

    Errors name the file and the line of the offending case; duplicate ids are errors.
    """
    import yaml

    cases: list[EvalCase] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            root = yaml.compose(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise UserInputError(f"{path}: not valid YAML ({exc})") from exc
        except OSError as exc:
            raise UserInputError(f"{path}: cannot read ({exc.strerror})") from exc
        for node in _case_nodes(root, path):
            where = f"{path}:{node.start_mark.line + 1}"
            data = yaml.safe_load(yaml.serialize(node))
            try:
                case = EvalCase.model_validate({**data, "source": where})
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                raise UserInputError(
                    f"{where}: case is malformed at {loc}: {first['msg']}"
                ) from exc
            except TypeError as exc:
                raise UserInputError(f"{where}: a case must be a mapping") from exc
            if case.id in seen:
                raise UserInputError(
                    f"{where}: duplicate case id {case.id!r} (first at {seen[case.id]})"
                )
            seen[case.id] = where
            cases.append(case)
    return cases


def _case_nodes(root: Any, path: Path) -> list[Any]:
    import yaml

    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "cases":
                root = value
                break
        else:
            raise UserInputError(f"{path}: expected a list of cases or a `cases:` key")
    if not isinstance(root, yaml.SequenceNode):
        raise UserInputError(f"{path}: expected a list of cases")
    return list(root.value)


def suite_files(target: Path) -> list[Path]:
    if target.is_file():
        return [target]
    files = sorted([*target.glob("*.yaml"), *target.glob("*.yml")])
    if not files:
        raise UserInputError(f"{target}: no .yaml case files")
    return files
