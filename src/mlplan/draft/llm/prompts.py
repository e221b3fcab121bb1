"""Prompt versions: `prompts/<version>/` holds a manifest and Jinja2 templates.

A version is a folder, so two versions can be compared case by case, and a plan records the
version and a hash of every file in it: a prompt edited in place shows up as a new hash even
when nobody bumped the version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlplan.errors import ConfigError


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """How one section is asked for: template, fields the model decides, what it waits for."""

    name: str
    template: str
    fields: tuple[str, ...]
    after: tuple[str, ...]
    """Sections whose first draft this one's prompt summarises."""
    query: str
    """Retrieval query terms, joined with the brief's own terms."""


@dataclass(frozen=True)
class PromptSet:
    version: str
    root: Path
    hash: str
    system_template: str
    repair_template: str
    sections: dict[str, SectionSpec]
    passages_per_section: int
    passage_chars: int
    understand_template: str | None = None
    """Template for LLM brief understanding; None = the version does not offer it."""

    def render(self, template: str, **context: Any) -> str:
        """Render one template; a variable the template needs but is not given is an error."""
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        env = _environment(self.root, Environment, FileSystemLoader, StrictUndefined)
        text: str = env.get_template(template).render(**context)
        return text.strip() + "\n"

    def waves(self) -> list[list[str]]:
        """Sections grouped by dependency depth: wave n waits only for waves before it."""
        depth: dict[str, int] = {}

        def level(name: str, seen: tuple[str, ...] = ()) -> int:
            if name in seen:
                raise ConfigError(f"prompts {self.version}: sections depend on each other: {seen}")
            if name not in depth:
                deps = self.sections[name].after
                depth[name] = 1 + max((level(d, (*seen, name)) for d in deps), default=-1)
            return depth[name]

        for name in self.sections:
            level(name)
        out: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
        for name in self.sections:
            out[depth[name]].append(name)
        return out


_ENVS: dict[Path, Any] = {}


def _environment(root: Path, env_cls: Any, loader_cls: Any, undefined: Any) -> Any:
    if root not in _ENVS:
        _ENVS[root] = env_cls(
            loader=loader_cls(str(root)),
            undefined=undefined,
            autoescape=False,  # prompts are plain text for a model, not HTML
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENVS[root]


def available_versions(base: Path | None = None) -> list[str]:
    from mlplan.resources import prompts_dir

    base = base or prompts_dir()
    return sorted(p.name for p in base.iterdir() if (p / "manifest.yaml").is_file())


def load_prompts(version: str, base: Path | None = None) -> PromptSet:
    """Load and check a prompt version (unknown version, section or field: ConfigError)."""
    import yaml

    from mlplan.resources import prompts_dir

    base = base or prompts_dir()
    root = base / version
    manifest_path = root / "manifest.yaml"
    if not manifest_path.is_file():
        known = ", ".join(available_versions(base)) or "none"
        raise ConfigError(f"unknown prompt version {version!r} (available: {known})")
    try:
        manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
        sections = {
            name: SectionSpec(
                name=name,
                template=str(spec["template"]),
                fields=tuple(spec["fields"]),
                after=tuple(spec.get("after", ())),
                query=str(spec.get("query", "")),
            )
            for name, spec in manifest["sections"].items()
        }
        prompt_set = PromptSet(
            version=version,
            root=root,
            hash=_hash_folder(root),
            system_template=str(manifest["system"]),
            repair_template=str(manifest["repair"]),
            sections=sections,
            passages_per_section=int(manifest.get("passages_per_section", 4)),
            passage_chars=int(manifest.get("passage_chars", 600)),
            understand_template=manifest.get("understand"),
        )
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"{manifest_path}: malformed prompt manifest ({exc})") from exc
    _check(prompt_set)
    return prompt_set


def _check(prompts: PromptSet) -> None:
    from mlplan.domain import SECTION_FIELDS, Plan

    for name, spec in prompts.sections.items():
        where = f"prompts {prompts.version}, section {name!r}"
        if name not in SECTION_FIELDS:
            raise ConfigError(f"{where}: not a plan section ({', '.join(SECTION_FIELDS)})")
        model_fields = Plan.model_fields[name].annotation.model_fields  # type: ignore[union-attr]
        unknown = [f for f in spec.fields if f not in model_fields or f == "citations"]
        if unknown:
            raise ConfigError(f"{where}: unknown field(s) {unknown}")
        missing = [d for d in spec.after if d not in prompts.sections]
        if missing:
            raise ConfigError(f"{where}: waits for unknown section(s) {missing}")
        if not (prompts.root / spec.template).is_file():
            raise ConfigError(f"{where}: template {spec.template} not found")
    for template in (prompts.system_template, prompts.repair_template, prompts.understand_template):
        if template is not None and not (prompts.root / template).is_file():
            raise ConfigError(f"prompts {prompts.version}: template {template} not found")
    prompts.waves()  # raises on cycles


def _hash_folder(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
