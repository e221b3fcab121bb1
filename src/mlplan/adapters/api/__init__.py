"""The HTTP API door (`mlplan serve`): FastAPI routes over PlanService and the store.

Only this package imports FastAPI, Starlette and prometheus_client; the CLI imports it
lazily so `mlplan plan` never pays for them.
"""

from mlplan.adapters.api.app import create_app

__all__ = ["create_app"]
