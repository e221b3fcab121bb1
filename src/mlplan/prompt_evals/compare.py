"""Compare two eval runs case by case: what got better, what broke, what it cost.

Pass rates carry a standard error (binomial, over case × epoch rows) so a 2-point move on 30
cases is read as the noise it is. A case "flips" when its majority verdict over epochs
changes. The gate fails when run B's pass rate drops more than `max_drop` below run A's.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from mlplan.errors import UserInputError


@dataclass
class Run:
    path: Path
    manifest: dict[str, Any]
    rows: list[dict[str, Any]]

    @property
    def name(self) -> str:
        return self.path.name

    def pass_rate(self) -> tuple[float, float]:
        n = len(self.rows)
        p = sum(r["passed"] for r in self.rows) / n if n else 0.0
        return p, math.sqrt(p * (1 - p) / n) if n else 0.0

    def by_case(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for r in self.rows:
            out.setdefault(f"{r['suite']}::{r['case']}", []).append(r)
        return out


@dataclass
class Comparison:
    a: Run
    b: Run
    flipped_to_fail: list[str] = field(default_factory=list)
    flipped_to_pass: list[str] = field(default_factory=list)
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    deltas: dict[str, float | None] = field(default_factory=dict)

    @property
    def drop(self) -> float:
        return self.a.pass_rate()[0] - self.b.pass_rate()[0]


def load_run(path: Path) -> Run:
    manifest_path, results = path / "manifest.json", path / "results.jsonl"
    if not manifest_path.is_file() or not results.is_file():
        raise UserInputError(f"{path}: not an eval run (needs manifest.json and results.jsonl)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        rows = [
            json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line
        ]
    except ValueError as exc:
        raise UserInputError(f"{path}: unreadable run files ({exc})") from exc
    return Run(path, manifest, rows)


def compare(a: Run, b: Run) -> Comparison:
    ca, cb = a.by_case(), b.by_case()
    out = Comparison(a, b)
    for key in sorted(ca.keys() & cb.keys()):
        was, now = _majority(ca[key]), _majority(cb[key])
        if was and not now:
            out.flipped_to_fail.append(key)
        elif now and not was:
            out.flipped_to_pass.append(key)
    out.only_in_a = sorted(ca.keys() - cb.keys())
    out.only_in_b = sorted(cb.keys() - ca.keys())
    for metric in ("tokens", "latency_ms", "cost_usd"):
        va, vb = _avg(a.rows, metric), _avg(b.rows, metric)
        out.deltas[metric] = None if va is None or vb is None else round(vb - va, 4)
    return out


def _majority(rows: list[dict[str, Any]]) -> bool:
    return bool(sum(r["passed"] for r in rows) * 2 > len(rows))


def _avg(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in rows if r.get(key) is not None]
    return mean(values) if values else None


# -- reports ------------------------------------------------------------------------------------


def to_markdown(c: Comparison) -> str:
    lines = [
        "| run | backend | model | prompts | rows | pass rate | ± s.e. |",
        "|---|---|---|---|---:|---:|---:|",
    ]
    for run in (c.a, c.b):
        p, se = run.pass_rate()
        m = run.manifest
        lines.append(
            f"| {run.name} | {m.get('backend', '')} | {m.get('model', '')} | "
            f"{m.get('prompts', '') or '-'} | {len(run.rows)} | {p:.1%} | {se:.1%} |"
        )
    lines += ["", f"Pass-rate change: {-c.drop:+.1%}", ""]
    lines += [f"Broke ({len(c.flipped_to_fail)}): " + (", ".join(c.flipped_to_fail) or "none")]
    lines += [f"Fixed ({len(c.flipped_to_pass)}): " + (", ".join(c.flipped_to_pass) or "none")]
    if c.only_in_a or c.only_in_b:
        lines += [f"Only in A: {len(c.only_in_a)}; only in B: {len(c.only_in_b)}"]
    lines += ["", "| mean per row | delta (B - A) |", "|---|---:|"]
    lines += [f"| {k} | {'n/a' if v is None else f'{v:+g}'} |" for k, v in c.deltas.items()]
    return "\n".join(lines) + "\n"


def to_json(c: Comparison) -> str:
    pa, sa = c.a.pass_rate()
    pb, sb = c.b.pass_rate()
    return json.dumps(
        {
            "a": {"run": c.a.name, "pass_rate": pa, "stderr": sa, "rows": len(c.a.rows)},
            "b": {"run": c.b.name, "pass_rate": pb, "stderr": sb, "rows": len(c.b.rows)},
            "drop": c.drop,
            "flipped_to_fail": c.flipped_to_fail,
            "flipped_to_pass": c.flipped_to_pass,
            "only_in_a": c.only_in_a,
            "only_in_b": c.only_in_b,
            "deltas": c.deltas,
        },
        indent=2,
    )


def to_junit(c: Comparison) -> str:
    """Run B as a JUnit test suite: one testcase per case × epoch, failures with messages."""
    rows = c.b.rows
    failures = sum(not r["passed"] for r in rows)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuite name={quoteattr("mlplan eval " + c.b.name)} tests="{len(rows)}" '
        f'failures="{failures}">',
    ]
    for r in rows:
        name = quoteattr(f"{r['case']}[{r['epoch']}]")
        out.append(
            f"  <testcase classname={quoteattr(r['suite'])} name={name} "
            f'time="{(r.get("latency_ms") or 0) / 1000:.3f}">'
        )
        if not r["passed"]:
            msg = r.get("error") or "; ".join(
                f"{o['kind']}: {o['message']}" for o in r["outcomes"] if o["verdict"] != "pass"
            )
            flipped = f"{r['suite']}::{r['case']}" in c.flipped_to_fail
            out.append(
                f"    <failure message={quoteattr(msg[:500])}>"
                f"{escape(msg)}{' (was passing in ' + escape(c.a.name) + ')' if flipped else ''}"
                "</failure>"
            )
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out) + "\n"


def to_html(c: Comparison) -> str:
    """One self-contained page: summary, flips, and every case with its assertions."""
    ca, cb = c.a.by_case(), c.b.by_case()
    esc = html.escape
    body = [
        f"<h1>mlplan eval: {esc(c.a.name)} vs {esc(c.b.name)}</h1>",
        "<pre>",
        esc(to_markdown(c)),
        "</pre>",
    ]
    body.append("<table><tr><th>case</th><th>A</th><th>B</th><th>details (B)</th></tr>")
    for key in sorted(ca.keys() | cb.keys()):
        a_ok = _majority(ca[key]) if key in ca else None
        b_ok = _majority(cb[key]) if key in cb else None
        cls = "flip" if a_ok is not None and b_ok is not None and a_ok != b_ok else ""
        details = []
        for r in cb.get(key, []):
            for o in r["outcomes"]:
                details.append(
                    f"<li class={o['verdict']}>{esc(o['kind'])}: {o['verdict']} {esc(o['message'])}</li>"
                )
            if r.get("error"):
                details.append(f"<li class=error>{esc(r['error'])}</li>")
        body.append(
            f"<tr class='{cls}'><td>{esc(key)}</td><td>{_mark(a_ok)}</td><td>{_mark(b_ok)}</td>"
            f"<td><details><summary>{len(details)} checks</summary><ul>{''.join(details)}</ul>"
            "</details></td></tr>"
        )
    body.append("</table>")
    style = (
        "body{font-family:sans-serif;margin:2em}td,th{border-bottom:1px solid #ddd;padding:4px}"
        ".flip{background:#fff3cd}.fail{color:#b00}.error{color:#a60}.pass{color:#070}"
    )
    return f"<!doctype html><html><head><meta charset='utf-8'><title>mlplan eval</title><style>{style}</style></head><body>{''.join(body)}</body></html>\n"


def _mark(ok: bool | None) -> str:
    return "—" if ok is None else ("pass" if ok else "<b class=fail>fail</b>")
