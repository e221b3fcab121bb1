"""SARIF 2.1.0 output, so code-scanning UIs show review findings on the plan file's lines."""

from __future__ import annotations

import json
from collections.abc import Mapping

from mlplan import __version__
from mlplan.domain import Review, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(review: Review, *, rules: Mapping[str, Mapping[str, str]]) -> str:
    """One run, one result per finding; `rules` is rule id -> title / rationale / fix / section.

    Findings about something absent point at line 1, since SARIF viewers need a location.
    """
    used = sorted({f.rule_id for f in review.findings})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    descriptors = []
    for rule_id in used:
        meta = rules.get(rule_id, {})
        descriptors.append(
            {
                "id": rule_id,
                "name": meta.get("title", rule_id),
                "shortDescription": {"text": meta.get("title", rule_id)},
                "fullDescription": {"text": meta.get("rationale", "")},
                "help": {"text": meta.get("fix", "")},
                "defaultConfiguration": {
                    "level": _LEVEL.get(Severity(meta.get("severity", "warning")), "warning")
                },
                "properties": {"tags": [meta.get("section", "plan"), "ml-plan"]},
            }
        )
    results = []
    for f in review.findings:
        line = f.evidence.line if f.evidence and f.evidence.line else 1
        region: dict[str, object] = {"startLine": line}
        if f.evidence and f.evidence.quote and f.evidence.line:
            region["snippet"] = {"text": f.evidence.quote}
        results.append(
            {
                "ruleId": f.rule_id,
                "ruleIndex": index[f.rule_id],
                "level": _LEVEL[f.severity],
                "message": {"text": f"{f.message} Fix: {f.fix}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": review.source},
                            "region": region,
                        }
                    }
                ],
                "properties": {"section": f.section.value, "path": f.path},
            }
        )
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mlplan",
                        "version": __version__,
                        "informationUri": "https://github.com/mlplan/mlplan",
                        "rules": descriptors,
                    }
                },
                "results": results,
                "properties": {"verdict": review.verdict, "score": review.score},
            }
        ],
    }
    return json.dumps(doc, indent=2)
