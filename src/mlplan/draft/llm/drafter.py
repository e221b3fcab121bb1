"""The LLM drafter: retrieval-grounded sections, validated and repaired, expert as fallback.

How one plan is made:

1. The expert drafter drafts the whole plan first (milliseconds, no network). It is the
   reference each prompt shows, the value of every field the model is not asked for, and
   the fallback when a section cannot be made to pass.
2. Sections are drafted concurrently in dependency waves (the prompt manifest's `after`).
   A section waits only for the *first* answer of the sections it depends on, validated: a
   passing answer is summarised for it, a failing one is summarised from the expert draft.
   With one repair allowed that bounds a two-wave plan to three sequential rounds.
3. Each answer is merged into the expert section (the model's fields replace the expert's)
   and the whole plan is validated. Error findings in that section are sent back to the
   model for that section only, bounded by `max_attempts` and the plan's token budget. An
   answer cut off at `max_tokens` is asked again shorter; a refusal is not argued with.
4. A section that still fails falls back to the expert draft, and the plan says so.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from mlplan import __version__
from mlplan.domain import (
    Citation,
    DataProfile,
    LlmCall,
    LlmRun,
    MeasuredBaselines,
    Plan,
    PlanMeta,
    ProjectBrief,
    Section,
    Severity,
)
from mlplan.draft.base import Drafter, Retriever
from mlplan.draft.expert.drafter import display_value
from mlplan.draft.llm.client import ChatClient, Completion, Message
from mlplan.draft.llm.prompts import PromptSet, SectionSpec
from mlplan.draft.llm.redact import redact
from mlplan.draft.llm.schema import (
    InvalidAnswer,
    ResponseStyle,
    draft_model,
    explain,
    read_answer,
    response_format,
)
from mlplan.errors import LLMError, LLMUnavailable

EventSink = Callable[[str, str, str], None]
"""(event, section, detail): drafting, drafted, repairing, fallback, done."""


@dataclass(frozen=True)
class LlmOptions:
    temperature: float = 0.2
    max_tokens: int = 1500
    max_attempts: int = 2
    token_budget: int = 80_000
    concurrency: int = 4
    style: ResponseStyle = "json_schema"
    redact: bool = False
    seed: int | None = 7
    price_per_mtok: tuple[float, float] | None = None
    """USD per million input / output tokens; None = unpriced."""
    repeat: int = 0
    """Repeat index for the response cache (eval epochs)."""
    understand: bool = False
    """Read the brief with the LLM first (one more round); stated facts are kept."""


class LlmDrafter:
    """Drafter protocol implementation; `events` (optional) hears about every section step."""

    def __init__(
        self,
        client: ChatClient,
        prompts: PromptSet,
        *,
        expert: Drafter,
        retriever: Retriever | None = None,
        options: LlmOptions | None = None,
        events: EventSink | None = None,
    ) -> None:
        self.client = client
        self.prompts = prompts
        self.expert = expert
        self.retriever = retriever
        self.options = options or LlmOptions()
        self.events = events
        self.name = f"llm:{client.model}"

    def draft(
        self,
        brief: ProjectBrief,
        *,
        profile: DataProfile | None = None,
        baselines: MeasuredBaselines | None = None,
    ) -> Plan:
        """Synchronous entry for the CLI; async callers use `adraft`."""
        return asyncio.run(self.adraft(brief, profile=profile, baselines=baselines))

    async def adraft(
        self,
        brief: ProjectBrief,
        *,
        profile: DataProfile | None = None,
        baselines: MeasuredBaselines | None = None,
    ) -> Plan:
        """Draft the plan. `profile` (and `baselines`, when already measured, e.g. a revision)
        is the user's data file as measured: every section prompt quotes a compact summary of
        it. Without it, the facts the brief carries with origin `measured` are quoted."""
        data = _DataContext(profile, baselines)
        if not self.options.understand or self.prompts.understand_template is None:
            return await _PlanRun(self, brief, data=data).execute()
        from mlplan.draft.llm.understand import BRIEF_FIELDS, understand

        opts = self.options
        shown = brief
        if opts.redact:
            text, _ = redact(brief.raw_text or brief.business_problem)
            shown = brief.model_copy(update={"raw_text": text})
        system = self.prompts.render(self.prompts.understand_template, fields=BRIEF_FIELDS)
        self._emit("drafting", "brief", "")
        merged, taken, call, answer = await understand(
            shown,
            self.client,
            system=system,
            style=opts.style,
            max_tokens=opts.max_tokens,
            temperature=opts.temperature,
            seed=opts.seed,
        )
        # Keep the user's own (unredacted) text; only the fields the model read change.
        merged = merged.model_copy(update={"raw_text": brief.raw_text}) if taken else brief
        self._emit("drafted", "brief", ", ".join(taken) or "no fields taken")
        run = _PlanRun(self, merged, round_offset=1, calls=[call], data=data)
        run.brief_fields = taken
        run.tokens = answer.input_tokens + answer.output_tokens
        return await run.execute()

    def _emit(self, event: str, section: str, detail: str) -> None:
        if self.events is not None:
            self.events(event, section, detail)


@dataclass(frozen=True)
class _DataContext:
    """What was measured in the user's data file, when the caller has it at drafting time."""

    profile: DataProfile | None = None
    baselines: MeasuredBaselines | None = None


@dataclass
class _Outcome:
    fields: dict[str, Any] | None = None
    cited: list[str] = field(default_factory=list)
    fallback: str | None = None
    first_ok: bool = False


class _PlanRun:
    """State of one plan: baseline, accepted sections, calls, tokens, first-answer events."""

    def __init__(
        self,
        drafter: LlmDrafter,
        brief: ProjectBrief,
        *,
        round_offset: int = 0,
        calls: list[LlmCall] | None = None,
        data: _DataContext | None = None,
    ) -> None:
        self.d = drafter
        self.brief = brief
        self.baseline = drafter.expert.draft(brief)
        self.calls: list[LlmCall] = list(calls or [])
        self.tokens = 0
        self.round_offset = round_offset
        self.brief_fields: list[str] = []
        self.semaphore = asyncio.Semaphore(drafter.options.concurrency)
        self.first: dict[str, asyncio.Event] = {}
        self.start_round: dict[str, int] = {}
        self.summaries: dict[str, str] = {}
        self.outcomes: dict[str, _Outcome] = {}
        self.redactions: dict[str, int] = {}
        self._retrieved: dict[str, list[dict[str, str]]] = {}
        self.brief_view = self._brief_view()
        self.data_view = self._data_view(data or _DataContext())

    # -- the plan ---------------------------------------------------------------------------

    async def execute(self) -> Plan:
        specs = self.d.prompts.sections
        self.first = {name: asyncio.Event() for name in specs}
        tasks = [asyncio.create_task(self._section(specs[name])) for name in specs]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for t in tasks:
                t.cancel()
            raise
        plan = self._assemble()
        self._emit("done", "plan", f"{len(self.calls)} calls, {self.tokens} tokens")
        return plan

    def _assemble(self) -> Plan:
        plan = self.baseline
        for name, outcome in self.outcomes.items():
            if outcome.fields is not None:
                plan = _merged(plan, name, outcome.fields, self._citations(name, outcome.cited))
        opts = self.d.options
        input_tokens = sum(c.input_tokens for c in self.calls)
        output_tokens = sum(c.output_tokens for c in self.calls)
        cost = None
        if opts.price_per_mtok is not None:
            paid = [c for c in self.calls if not c.cached]
            cost = round(
                sum(c.input_tokens for c in paid) * opts.price_per_mtok[0] / 1e6
                + sum(c.output_tokens for c in paid) * opts.price_per_mtok[1] / 1e6,
                6,
            )
        run = LlmRun(
            provider=self.d.client.provider,
            model=self.d.client.model,
            base_url=self.d.client.base_url,
            prompt_version=self.d.prompts.version,
            prompt_hash=self.d.prompts.hash,
            temperature=opts.temperature,
            calls=sorted(self.calls, key=lambda c: (c.round, c.section, c.attempt)),
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost_usd=cost,
            cache_hits=sum(c.cached for c in self.calls),
            rounds=max((c.round for c in self.calls), default=0),
            fallbacks={n: o.fallback for n, o in self.outcomes.items() if o.fallback},
            redactions=self.redactions,
            brief_fields_from_llm=self.brief_fields,
        )
        return plan.model_copy(
            update={
                "meta": PlanMeta(
                    mlplan_version=__version__,
                    drafter=self.d.name,
                    knowledge_version=self.baseline.meta.knowledge_version,
                    llm=run,
                )
            }
        )

    # -- one section ------------------------------------------------------------------------

    async def _section(self, spec: SectionSpec) -> None:
        for dep in spec.after:
            await self.first[dep].wait()
        self.start_round[spec.name] = 1 + max(
            (self.start_round[d] for d in spec.after), default=self.round_offset
        )
        outcome = _Outcome()
        self.outcomes[spec.name] = outcome
        try:
            await self._attempts(spec, outcome)
        finally:
            if not self.first[spec.name].is_set():
                self._first_done(spec.name, outcome)

    async def _attempts(self, spec: SectionSpec, outcome: _Outcome) -> None:
        opts = self.d.options
        model = draft_model(_section_cls(spec.name), spec.fields)
        fmt, schema_text = response_format(model, opts.style)
        messages = self._first_messages(spec, schema_text)
        problems = ""
        for attempt in range(1, opts.max_attempts + 1):
            round_no = self.start_round[spec.name] + attempt - 1
            if self.tokens >= opts.token_budget:
                self._record(spec.name, attempt, round_no, None, "over_budget", "")
                outcome.fallback = f"token budget of {opts.token_budget} spent"
                break
            self._emit("drafting" if attempt == 1 else "repairing", spec.name, problems)
            answer = await self._call(messages, fmt)
            self.tokens += answer.input_tokens + answer.output_tokens
            if answer.finish_reason == "error":
                self._record(spec.name, attempt, round_no, answer, "error", answer.content)
                outcome.fallback = f"LLM call failed: {answer.content[:160]}"
                break
            messages = [*messages, {"role": "assistant", "content": answer.content}]
            if answer.refusal:
                self._record(spec.name, attempt, round_no, answer, "refused", answer.refusal)
                outcome.fallback = f"the model refused: {answer.refusal[:120]}"
                break
            if answer.finish_reason == "length":
                self._record(spec.name, attempt, round_no, answer, "length", "")
                problems = "answer cut off at the token limit"
                messages = [*messages[:-1], self._shorter()]
                self._first_failed(spec.name, attempt)
                continue
            try:
                fields = read_answer(answer.content, model)
                cited = list(fields.pop("cited_ids", []) or [])
                errors = self._section_errors(spec.name, fields, cited)
            except InvalidAnswer as exc:
                self._record(spec.name, attempt, round_no, answer, "invalid_json", str(exc))
                problems = str(exc)
                messages.append(self._repair(problem=str(exc), findings=[]))
                self._first_failed(spec.name, attempt)
                continue
            if not errors:
                self._record(spec.name, attempt, round_no, answer, "accepted", "")
                outcome.fields, outcome.cited = fields, cited
                outcome.fallback = None
                if attempt == 1:
                    outcome.first_ok = True
                    self._first_done(spec.name, outcome)
                self._emit("drafted", spec.name, f"attempt {attempt}")
                return
            ids = ", ".join(sorted({f["rule_id"] for f in errors}))
            self._record(spec.name, attempt, round_no, answer, "findings", ids)
            problems = f"validator errors {ids}"
            messages.append(self._repair(problem="", findings=errors))
            self._first_failed(spec.name, attempt)
        if outcome.fallback is None:
            outcome.fallback = f"still failing after {opts.max_attempts} attempts ({problems})"
        self._emit("fallback", spec.name, outcome.fallback)

    async def _call(self, messages: list[Message], fmt: dict[str, Any]) -> Completion:
        opts = self.d.options
        async with self.semaphore:
            try:
                return await self.d.client.complete(
                    messages,
                    response_format=fmt,
                    max_tokens=opts.max_tokens,
                    temperature=opts.temperature,
                    seed=opts.seed,
                    repeat=opts.repeat,
                )
            except LLMUnavailable:
                raise
            except LLMError as exc:
                # One section's bad request must not sink the plan: it falls back, visibly.
                return Completion(content=exc.message, finish_reason="error")

    # -- validation --------------------------------------------------------------------------

    def _section_errors(
        self, name: str, fields: dict[str, Any], cited: list[str]
    ) -> list[dict[str, str]]:
        from mlplan.validate import validate_plan

        try:
            candidate = _merged(self.baseline, name, fields, self._citations(name, cited))
        except ValidationError as exc:
            raise InvalidAnswer(explain(exc)) from exc
        out = []
        for f in validate_plan(candidate):
            owner = "deployment" if f.section is Section.MONITORING else f.section.value
            if f.severity is Severity.ERROR and (owner == name or f.path.startswith(name + ".")):
                out.append({"rule_id": f.rule_id, "message": f.message, "fix": f.fix})
        return out

    def _citations(self, name: str, cited: list[str]) -> list[Citation]:
        """Model-cited ids as citations (unknown ids stay, so S04 reports them), then the
        expert's, which still back the fields the model was not asked for."""
        passages = {p["id"]: p for p in self._passages(name)}
        out: list[Citation] = []
        for cid in dict.fromkeys(cited):
            p = passages.get(cid)
            doc_id = p["doc_id"] if p else cid.split("#", 1)[0]
            title = p["title"] if p else ""
            out.append(Citation(doc_id=doc_id, chunk_id=cid if "#" in cid else None, title=title))
        seen = {(c.doc_id, c.chunk_id) for c in out}
        base: list[Citation] = getattr(self.baseline, name).citations
        out.extend(c for c in base if (c.doc_id, c.chunk_id) not in seen)
        return out

    # -- first answers and events -----------------------------------------------------------

    def _first_done(self, name: str, outcome: _Outcome) -> None:
        source = outcome.fields if outcome.first_ok and outcome.fields else None
        self.summaries[name] = self._summary(name, source)
        self.first[name].set()

    def _first_failed(self, name: str, attempt: int) -> None:
        if attempt == 1 and not self.first[name].is_set():
            self.summaries[name] = self._summary(name, None)
            self.first[name].set()

    def _summary(self, name: str, fields: dict[str, Any] | None) -> str:
        spec = self.d.prompts.sections[name]
        section = getattr(self.baseline, name)
        lines = []
        for f in spec.fields:
            value = (fields or {}).get(f, getattr(section, f))
            if isinstance(value, BaseModel):
                value = value.model_dump(mode="json", exclude_defaults=True)
            text = json.dumps(value, ensure_ascii=False, default=str)
            lines.append(f"- {f}: {text[:240]}")
        return "\n".join(lines)

    def _record(
        self,
        section: str,
        attempt: int,
        round_no: int,
        answer: Completion | None,
        outcome: str,
        detail: str,
    ) -> None:
        self.calls.append(
            LlmCall(
                section=section,
                attempt=attempt,
                round=round_no,
                input_tokens=answer.input_tokens if answer else 0,
                output_tokens=answer.output_tokens if answer else 0,
                cached=answer.cached if answer else False,
                finish_reason=answer.finish_reason if answer else "",
                outcome=outcome,
                detail=detail[:300],
                latency_ms=answer.latency_ms if answer else 0.0,
            )
        )

    def _emit(self, event: str, section: str, detail: str) -> None:
        self.d._emit(event, section, detail)

    # -- prompts -----------------------------------------------------------------------------

    def _brief_view(self) -> dict[str, Any]:
        b = self.brief
        facts = []
        for name, src in b.facts.items():
            value = display_value(getattr(b, name, ""))
            facts.append({"name": name, "value": value, "origin": src.origin.value})
        view = {
            "title": b.title,
            "objective": b.objective,
            "business_problem": b.business_problem,
            "text": b.raw_text or b.business_problem,
            "facts": facts,
        }
        if self.d.options.redact:
            for key in ("title", "objective", "business_problem", "text"):
                view[key] = self._redacted(str(view[key]))
            for fact in facts:
                fact["value"] = self._redacted(fact["value"])
        return view

    def _redacted(self, text: str) -> str:
        """`text` with personal data redacted; what was redacted is counted for the run."""
        clean, counts = redact(text)
        for kind, n in counts.items():
            self.redactions[kind] = self.redactions.get(kind, 0) + n
        return clean

    def _data_view(self, data: _DataContext) -> list[str]:
        """Prompt lines about the user's data file: the measured profile when given, else the
        brief's measured facts; redacted like the brief when redaction is on."""
        from mlplan.draft.llm.profile_view import brief_data_lines, profile_lines

        if data.profile is not None:
            from mlplan.profile.quality import availability

            lines = profile_lines(
                data.profile,
                availability=availability(self.baseline, data.profile),
                baselines=data.baselines,
            )
        else:
            lines = brief_data_lines(self.brief)
        if self.d.options.redact:
            lines = [self._redacted(line) for line in lines]
        return lines

    def _passages(self, name: str) -> list[dict[str, str]]:
        if name not in self._retrieved:
            self._retrieved[name] = self._retrieve(name)
        return self._retrieved[name]

    def _retrieve(self, name: str) -> list[dict[str, str]]:
        retriever = self.d.retriever
        if retriever is None or self.d.prompts.passages_per_section < 1:
            return []
        spec = self.d.prompts.sections[name]
        query = f"{spec.query} {self.brief.objective} {self.brief.task_type.value}"
        limit = self.d.prompts.passage_chars
        out = []
        for p in retriever.search(query, k=self.d.prompts.passages_per_section, section=name):
            text = getattr(p, "text", "")
            out.append(
                {
                    "id": p.chunk_id,
                    "doc_id": p.doc_id,
                    "title": p.title,
                    "heading": p.heading,
                    "text": text[:limit],
                }
            )
        return out

    def _first_messages(self, spec: SectionSpec, schema_text: str | None) -> list[Message]:
        from mlplan.validate import get_registry

        owners = {spec.name} | ({"monitoring"} if spec.name == "deployment" else set())
        rules = [
            {"id": r.id, "severity": r.severity.value, "title": r.title}
            for r in get_registry().values()
            if r.section.value in owners and r.severity is not Severity.INFO
        ]
        section = getattr(self.baseline, spec.name)
        cls = type(section)
        reference = {f: _jsonable(getattr(section, f)) for f in spec.fields}
        context = {
            "brief": self.brief_view,
            "data_profile": self.data_view,
            "section": spec.name,
            "fields": [
                {"name": f, "description": cls.model_fields[f].description or ""}
                for f in spec.fields
            ],
            "passages": self._passages(spec.name),
            "drafted": [{"section": d, "summary": self.summaries.get(d, "")} for d in spec.after],
            "rules": rules,
            "reference": json.dumps(reference, ensure_ascii=False, indent=1, default=str),
            "schema_text": schema_text,
        }
        prompts = self.d.prompts
        return [
            {"role": "system", "content": prompts.render(prompts.system_template, **context)},
            {"role": "user", "content": prompts.render(spec.template, **context)},
        ]

    def _repair(self, *, problem: str, findings: list[dict[str, str]]) -> Message:
        prompts = self.d.prompts
        text = prompts.render(prompts.repair_template, problem=problem, findings=findings)
        return {"role": "user", "content": text}

    def _shorter(self) -> Message:
        prompts = self.d.prompts
        text = prompts.render(
            prompts.repair_template,
            problem="Your answer was cut off at the token limit. Answer again, shorter: "
            "one sentence per text field, at most five list items.",
            findings=[],
        )
        return {"role": "user", "content": text}


def _section_cls(name: str) -> type[BaseModel]:
    cls: type[BaseModel] = Plan.model_fields[name].annotation  # type: ignore[assignment]
    return cls


def _merged(plan: Plan, name: str, fields: dict[str, Any], citations: list[Citation]) -> Plan:
    """The plan with the model's fields replacing the expert's in one section."""
    section = getattr(plan, name)
    data = section.model_dump(mode="python")
    data.update(fields)
    data["citations"] = [c.model_dump(mode="python") for c in citations]
    return plan.model_copy(update={name: type(section).model_validate(data)})


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "value"):
        return value.value
    return value
