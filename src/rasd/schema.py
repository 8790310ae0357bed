"""The JSON contract ``rasd.document/1`` and validation against it.

The schema ships in the package (``rasd/resources/schema/document.schema.json``; the copy in
``docs/schema/`` is the same file, checked by a test).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .errors import Errors, RasdError
from .resources import resource_path


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    with resource_path("schema", "document.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = document_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(document: dict[str, Any]) -> list[str]:
    """Every way ``document`` breaks the schema, as readable strings (empty when valid)."""
    out = []
    for err in sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        out.append(f"{where}: {err.message}")
    return out


def validate(document: dict[str, Any]) -> None:
    """Raise E007 with the first problems if ``document`` is not a valid rasd.document/1."""
    problems = schema_errors(document)
    if problems:
        raise RasdError(Errors.E007, reason="; ".join(problems[:5]))
