"""One error root, so every door (CLI, API, Slack) maps failures in one place.

MlplanError
├── UserInputError          the caller must act: bad brief, bad plan file, bad config
│   ├── BriefError          empty / binary / oversized / malformed brief
│   ├── PlanFileError       a plan file that cannot be read or validated
│   └── DataFileError       a data file to profile that is missing, unreadable or unusable
└── RunError                mlplan could not finish: retry or report
    ├── LLMError
    │   └── LLMUnavailable  the LLM server cannot be reached (after retries)
    ├── RetrievalError
    └── RepairExhausted     the repair loop ran out of attempts or tokens
"""

from __future__ import annotations


class MlplanError(Exception):
    """Root of every error mlplan raises on purpose."""

    code = "mlplan_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserInputError(MlplanError):
    code = "bad_input"


class BriefError(UserInputError):
    code = "bad_brief"


class PlanFileError(UserInputError):
    code = "bad_plan_file"


class DataFileError(UserInputError):
    """The data file given to `--data` / `mlplan profile` cannot be profiled as asked."""

    code = "bad_data_file"


class ConfigError(UserInputError):
    code = "bad_config"


class RunError(MlplanError):
    code = "run_failed"


class LLMError(RunError):
    code = "llm_failed"


class LLMUnavailable(LLMError):
    code = "llm_unavailable"


class RetrievalError(RunError):
    code = "retrieval_failed"


class RepairExhausted(RunError):
    """The repair loop gave up; carries what it spent so callers can report it."""

    code = "repair_exhausted"

    def __init__(self, message: str, *, attempts: int, tokens: int) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.tokens = tokens
