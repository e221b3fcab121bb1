"""PlanService: the one core every door calls. Wires understand -> draft -> validate."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mlplan.config import Settings, get_settings
from mlplan.domain import Plan, ProjectBrief, Review
from mlplan.draft import Drafter
from mlplan.errors import PlanFileError

if TYPE_CHECKING:
    from mlplan.domain import DataProfile
    from mlplan.draft.llm import ChatClient, LlmDrafter
    from mlplan.knowledge.index import IngestReport, KnowledgeIndex, Passage
    from mlplan.profile import ProfiledData

LlmMode = Literal["none", "openai", "local"]


@dataclass(frozen=True)
class DataRequest:
    """A data file to ground a plan on, and how (docs/data.md): columns named by the user
    win over what the profiler guesses; bounds default to the settings."""

    path: Path | None
    target: str | None = None
    time_column: str | None = None
    group_column: str | None = None
    baseline_budget_s: float | None = None
    baseline_row_cap: int | None = None


@dataclass
class PlanService:
    settings: Settings
    drafter: Drafter
    max_brief_bytes: int = field(default=100_000)
    llm_client: ChatClient | None = field(default=None, repr=False, compare=False)
    """Overrides the chat client LLM mode builds from settings (tests, eval runner)."""
    _kb: KnowledgeIndex | None = field(default=None, init=False, repr=False, compare=False)
    """The knowledge index, opened lazily by `knowledge_index()`."""

    def understand(self, brief: str | dict[str, Any]) -> ProjectBrief:
        """Brief text, a path to a brief file, or a structured brief (the YAML brief format as
        a mapping: `text` plus explicit fields) -> ProjectBrief; bad input raises BriefError."""
        if isinstance(brief, dict):
            import json

            from mlplan.understand.loader import parse_structured

            text = json.dumps(brief, ensure_ascii=False)
            if len(text.encode("utf-8")) > self.max_brief_bytes:
                from mlplan.errors import BriefError

                raise BriefError(f"the brief is larger than {self.max_brief_bytes} bytes")
            return parse_structured(text, name="the brief", suffix=".json")
        from mlplan.understand import load_brief

        return load_brief(brief, max_bytes=self.max_brief_bytes)

    def plan(
        self,
        brief: str | dict[str, Any] | ProjectBrief,
        *,
        progress: Callable[[int, int], None] | None = None,
        llm: LlmMode | None = None,
        prompts: str | None = None,
        events: Callable[[str, str, str], None] | None = None,
        data: Path | None = None,
        target: str | None = None,
        time_column: str | None = None,
        group_column: str | None = None,
        baseline_budget_s: float | None = None,
        baseline_row_cap: int | None = None,
        grounded_on: Plan | None = None,
    ) -> Plan:
        """A complete plan with validator findings attached.

        `llm` picks the drafter for this call (default: settings.llm; `none` = offline expert).
        `events` hears LLM drafting steps (section drafted, repairing, fallback). The first plan
        builds the knowledge index (`progress` reports a dense build, which only happens when
        an embedder is configured); later plans reuse it.

        With `data`, the file is profiled first: measured facts ground the brief (provenance
        `measured`), and with a `target` the plan's split and metrics are measured on trivial
        and quick baselines, which set the evaluation thresholds (docs/data.md).

        `grounded_on` (a revision without a new file): the parent plan's measured profile
        grounds the new version too, and its baselines carry over while the split is the same.
        """
        parsed = brief if isinstance(brief, ProjectBrief) else self.understand(brief)
        request = DataRequest(
            data, target, time_column, group_column, baseline_budget_s, baseline_row_cap
        )
        profiled, parsed = self._ground(parsed, request) if data is not None else (None, parsed)
        parent = grounded_on if profiled is None else None
        parsed = _parent_grounded_brief(parsed, parent)
        index = self.knowledge_index()
        index.build_progress = progress
        try:
            mode = llm or self.settings.llm
            if mode == "none":
                plan = self.drafter.draft(parsed)
            else:
                plan = self._llm_drafter(mode, prompts, events).draft(
                    parsed, **_data_context(profiled, parent)
                )
        finally:
            index.build_progress = None
        if profiled is not None:
            plan = self._measure(plan, profiled, request)
        return self.validate(_parent_grounded_plan(plan, parent))

    def _ground(
        self, parsed: ProjectBrief, request: DataRequest
    ) -> tuple[ProfiledData, ProjectBrief]:
        """Profile the data file and put its measured facts into the brief."""
        from mlplan.understand.measured import ground_brief

        assert request.path is not None
        profiled = self.profile_data(
            request.path,
            target=request.target,
            time_column=request.time_column,
            group_column=request.group_column,
        )
        return profiled, ground_brief(parsed, profiled.profile)

    def _measure(self, plan: Plan, profiled: ProfiledData, request: DataRequest) -> Plan:
        """Baselines on the drafted plan's split and metrics, bounded by the request or settings."""
        return _measured_plan(
            plan,
            profiled,
            budget_s=request.baseline_budget_s or self.settings.baseline_budget_s,
            row_cap=request.baseline_row_cap or self.settings.baseline_row_cap,
        )

    def profile_data(
        self,
        path: Path,
        *,
        target: str | None = None,
        time_column: str | None = None,
        group_column: str | None = None,
        max_rows: int | None = None,
    ) -> ProfiledData:
        """Profile a CSV / Parquet / JSON Lines file (sampled above `max_rows`); bad files
        raise DataFileError. Needs the `data` extra (DuckDB, numpy, scikit-learn)."""
        _need_data_extra()
        from mlplan.profile import profile_file

        return profile_file(
            Path(path),
            target=target,
            time_column=time_column,
            group_column=group_column,
            max_rows=max_rows or self.settings.profile_max_rows,
        )

    def check_data(self, request: DataRequest) -> list[str]:
        """Quick check before queueing work on a data file: it reads, and the columns the
        request names exist. Returns the file's columns; raises DataFileError / ConfigError."""
        _need_data_extra()
        from mlplan.profile._header import check_columns

        assert request.path is not None
        return check_columns(
            request.path,
            target=request.target,
            time_column=request.time_column,
            group_column=request.group_column,
        )

    async def aplan(
        self,
        brief: str | dict[str, Any] | ProjectBrief,
        *,
        llm: LlmMode | None = None,
        prompts: str | None = None,
        events: Callable[[str, str, str], None] | None = None,
        repeat: int = 0,
        data: DataRequest | None = None,
        grounded_on: Plan | None = None,
    ) -> Plan:
        """`plan` for callers already inside an event loop (API, Slack, eval runner).
        `repeat` makes deliberate repeats (eval epochs) distinct in the LLM response cache.
        With `data`, profiling and baselines run on a worker thread (they take seconds, up to
        the baseline budget), so the loop keeps serving other requests meanwhile."""
        import asyncio

        parsed = brief if isinstance(brief, ProjectBrief) else self.understand(brief)
        profiled = None
        if data is not None and data.path is not None:
            if events is not None:
                events("profiling", "data", data.path.name)
            profiled, parsed = await asyncio.to_thread(self._ground, parsed, data)
        parent = grounded_on if profiled is None else None
        parsed = _parent_grounded_brief(parsed, parent)
        self.knowledge_index()
        mode = llm or self.settings.llm
        if mode == "none":
            plan = self.drafter.draft(parsed)
        else:
            drafter = self._llm_drafter(mode, prompts, events, repeat=repeat)
            plan = await drafter.adraft(parsed, **_data_context(profiled, parent))
        if profiled is not None and data is not None:
            if events is not None and profiled.profile.target is not None:
                events("measuring", "evaluation", "baselines on the plan's split")
            plan = await asyncio.to_thread(self._measure, plan, profiled, data)
        return self.validate(_parent_grounded_plan(plan, parent))

    def _llm_drafter(
        self,
        mode: str,
        prompts: str | None,
        events: Callable[[str, str, str], None] | None,
        *,
        repeat: int = 0,
    ) -> LlmDrafter:
        from mlplan.draft.llm import build_llm_drafter

        return build_llm_drafter(
            self.settings,
            expert=self.drafter,
            retriever=_IndexRetriever(self),
            provider=mode,
            prompts=prompts,
            client=self.llm_client,
            events=events,
            repeat=repeat,
        )

    def validate(self, plan: Plan) -> Plan:
        """Attach validator findings; citations are checked against the index's ids (S04)."""
        from mlplan.validate import ValidationContext, validate_plan

        chunks = self.knowledge_index().chunks
        context = ValidationContext(
            known_doc_ids=frozenset(c.doc_id for c in chunks),
            known_chunk_ids=frozenset(c.id for c in chunks),
        )
        return plan.model_copy(update={"findings": validate_plan(plan, context=context)})

    def review(self, path_or_text: str) -> Review:
        """Review a plan someone wrote: a file path (.md, .txt, .json, .docx) or the plan text.

        The document is untrusted: bad files raise PlanFileError, and text in it addressed to
        the reviewer is reported, never obeyed. Citation rules (S04) run only on our own JSON
        plans; a human-written plan cannot cite mlplan's knowledge base.
        """
        from mlplan.critique import NOT_FOR_PARSED_PLANS, parse_plan, read_plan_document
        from mlplan.critique import review_draft as build_review
        from mlplan.validate import ValidationContext, get_registry, validate_plan

        if _names_a_file(path_or_text):
            path = Path(path_or_text)
            text, kind = read_plan_document(path)
            source = path.name
        else:
            text, kind, source = path_or_text, "markdown", "-"
            if not text.strip():
                raise PlanFileError("the plan text is empty; pass a plan file or its text")
        draft = parse_plan(text, source=source, kind=kind)
        chunks = self.knowledge_index().chunks
        context = ValidationContext(
            known_doc_ids=frozenset(c.doc_id for c in chunks),
            known_chunk_ids=frozenset(c.id for c in chunks),
        )
        rules = (
            None if kind == "json" else [r for r in get_registry() if r not in NOT_FOR_PARSED_PLANS]
        )
        findings = validate_plan(draft.plan, context=context, rules=rules)
        return build_review(draft, findings)

    async def ajudge(self, rubric: str, plan_text: str) -> tuple[bool, str]:
        """Ask the configured LLM (settings.llm) whether a plan meets a rubric: (passed, reason).
        Raises ConfigError when no LLM is configured, LLMError when the judge does not answer."""
        from mlplan.draft.llm.factory import make_client, response_style
        from mlplan.draft.llm.judge import judge
        from mlplan.errors import ConfigError

        if self.settings.llm == "none":
            raise ConfigError("llm_rubric needs a judge model: set MLPLAN_LLM to openai or local")
        client = self.llm_client or make_client(self.settings)
        verdict = await judge(
            client, rubric, plan_text, style=response_style(self.settings, self.settings.llm)
        )
        return verdict.passed, verdict.reason

    # -- knowledge base ----------------------------------------------------------------------

    def knowledge_index(self) -> KnowledgeIndex:
        """The knowledge index, opened on first use (BM25 needs no model, no chromadb)."""
        if self._kb is None:
            from mlplan.knowledge.index import open_index

            self._kb = open_index(self.settings)
        return self._kb

    def kb_ingest(
        self,
        *,
        kb_dirs: Sequence[Path] = (),
        reset_dirs: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        """(Re)build the index; `kb_dirs` are remembered so later searches and plans use them."""
        if kb_dirs or reset_dirs:
            from mlplan.knowledge.index import remember_kb_dirs

            remember_kb_dirs(self.settings, kb_dirs, replace=reset_dirs)
            self._kb = None
        return self.knowledge_index().ingest(progress=progress)

    def kb_search(
        self,
        query: str,
        *,
        k: int = 5,
        section: str | None = None,
        mode: Literal["hybrid", "bm25", "dense"] = "hybrid",
        doc_ids: Collection[str] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Passage]:
        """Top passages; `progress` reports the dense build a first search may trigger."""
        index = self.knowledge_index()
        index.build_progress = progress
        try:
            return index.search(query, k=k, section=section, mode=mode, doc_ids=doc_ids)
        finally:
            index.build_progress = None

    def kb_stats(self) -> dict[str, object]:
        """Documents, chunks, embedder and where the index lives."""
        return self.knowledge_index().stats()


def _names_a_file(arg: str) -> bool:
    """A single line that exists, or ends in a plan suffix, is a path; anything else is text."""
    if "\n" in arg or not arg.strip() or len(arg) > 4096:
        return False
    path = Path(arg.strip())
    if path.suffix.lower() in (".md", ".markdown", ".txt", ".json", ".docx", ".rst"):
        return True
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


@dataclass
class _IndexRetriever:
    """Lets the drafter search the service's index without opening it before it is needed."""

    service: PlanService

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        section: str | None = None,
        doc_ids: Collection[str] | None = None,
    ) -> list[Passage]:
        index = self.service.knowledge_index()
        return index.search(query, k=k, section=section, doc_ids=doc_ids, mode="hybrid")


def _measured_plan(plan: Plan, profiled: ProfiledData, *, budget_s: float, row_cap: int) -> Plan:
    """Baselines with the plan's split and metrics, then the measured facts into the plan."""
    from mlplan.draft.expert.measured import ground_plan
    from mlplan.profile.quality import availability

    baselines = None
    if profiled.profile.target is not None:
        from mlplan.profile.baselines import measure_baselines

        baselines = measure_baselines(
            profiled,
            task=plan.brief.task_type,
            split=plan.training.split.strategy,
            metrics=[plan.evaluation.primary_metric, *plan.evaluation.secondary_metrics],
            time_budget_s=budget_s,
            row_cap=row_cap,
        )
    profile: DataProfile = profiled.profile
    return ground_plan(plan, profile, availability=availability(plan, profile), baselines=baselines)


def _need_data_extra() -> None:
    """Profiling needs DuckDB (and numpy, scikit-learn): a ConfigError naming the extra."""
    from importlib.util import find_spec

    from mlplan.errors import ConfigError

    if any(find_spec(m) is None for m in ("duckdb", "numpy", "sklearn")):
        raise ConfigError("profiling needs the data extra: pip install 'mlplan[data]'")


def _data_context(profiled: ProfiledData | None, parent: Plan | None) -> dict[str, Any]:
    """What the LLM drafter is shown about the data: the new file's profile, or on a revision
    the parent's profile and baselines (the expert drafter reads the grounded brief only)."""
    if profiled is not None:
        return {"profile": profiled.profile}
    if parent is not None and parent.data.profile is not None:
        return {
            "profile": parent.data.profile,
            "baselines": parent.evaluation.measured_baselines,
        }
    return {}


def _parent_grounded_brief(parsed: ProjectBrief, parent: Plan | None) -> ProjectBrief:
    """The parent version's measured facts in a revised brief (no file was sent again)."""
    if parent is None or parent.data.profile is None:
        return parsed
    from mlplan.understand.measured import ground_brief

    return ground_brief(parsed, parent.data.profile)


def _parent_grounded_plan(plan: Plan, parent: Plan | None) -> Plan:
    """A revision keeps its parent's profile, and the parent's baselines while the split is
    unchanged; with a new split it says the baselines need the data again, not stale numbers."""
    if parent is None or parent.data.profile is None:
        return plan
    from mlplan.draft.expert.measured import ground_plan
    from mlplan.profile.quality import availability

    profile = parent.data.profile
    baselines = parent.evaluation.measured_baselines
    strategy = plan.training.split.strategy
    if baselines is not None and baselines.split is not strategy:
        from mlplan.domain import OpenQuestion, Section

        question = OpenQuestion(
            question=f"The baselines of the previous version were measured with a "
            f"{baselines.split.value} split; this version splits {strategy.value}. Share "
            f"{profile.source} again to measure them on the new split?",
            section=Section.EVALUATION,
            why_it_matters="Thresholds rest on baselines scored with the plan's own split; "
            "numbers from another split would mislead.",
        )
        plan = plan.model_copy(update={"open_questions": [*plan.open_questions, question]})
        baselines = None
    return ground_plan(plan, profile, availability=availability(plan, profile), baselines=baselines)


def build_service(settings: Settings | None = None) -> PlanService:
    """Build the service once per process from settings (offline expert drafter by default)."""
    settings = settings or get_settings()
    from mlplan.draft.expert import ExpertDrafter

    service = PlanService(
        settings=settings, drafter=ExpertDrafter(), max_brief_bytes=settings.max_brief_bytes
    )
    service.drafter = ExpertDrafter(retriever=_IndexRetriever(service))
    return service
