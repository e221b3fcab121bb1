"""LLM mode: langchain + openai drafting into the section models, validated and repaired.

Everything here imports the LLM stack lazily, so `import mlplan.draft.llm` stays cheap and
the offline CLI never pays for it.
"""

from mlplan.draft.llm.client import ChatClient, Completion, Message
from mlplan.draft.llm.drafter import EventSink, LlmDrafter, LlmOptions
from mlplan.draft.llm.factory import build_llm_drafter, make_client
from mlplan.draft.llm.prompts import PromptSet, available_versions, load_prompts

__all__ = [
    "ChatClient",
    "Completion",
    "EventSink",
    "LlmDrafter",
    "LlmOptions",
    "Message",
    "PromptSet",
    "available_versions",
    "build_llm_drafter",
    "load_prompts",
    "make_client",
]
