"""FastAPI dependencies as `Annotated` aliases, so routes read as their parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mlplan.adapters.api.auth import Caller, authenticate
from mlplan.adapters.api.context import ApiContext, context_of
from mlplan.config import Settings
from mlplan.service import PlanService
from mlplan.store.api import Store

_bearer = HTTPBearer(auto_error=False, description="An API key from `mlplan apikey create`.")


def _context(request: Request) -> ApiContext:
    return context_of(request)


def _caller(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """Declares bearer auth in OpenAPI; `authenticate` does the checking (and rate limit)."""
    return authenticate(request)


def _service(request: Request) -> PlanService:
    return context_of(request).service


def _store(request: Request) -> Store:
    return context_of(request).store


def _settings(request: Request) -> Settings:
    return context_of(request).settings


ContextDep = Annotated[ApiContext, Depends(_context)]
ApiKeyDep = Annotated[Caller, Depends(_caller)]
ServiceDep = Annotated[PlanService, Depends(_service)]
StoreDep = Annotated[Store, Depends(_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]
