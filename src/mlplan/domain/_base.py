"""The one base class every contract model shares, so schema and strictness stay uniform."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Strict Pydantic model whose attribute docstrings become JSON Schema descriptions."""

    model_config = ConfigDict(
        use_attribute_docstrings=True,
        extra="forbid",
        validate_assignment=True,
        populate_by_name=True,
    )
