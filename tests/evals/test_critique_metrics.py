"""The critique-eval scoring functions, checked against small hand-made reviews and labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ._bench import critique_metrics

M = critique_metrics()
RULES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def _label(**kw: Any) -> Any:
    defaults: dict[str, object] = {
        "file": "plans/x.md",
        "must_flag": (M.Expected("L01", 10), M.Expected("D04", None), M.Expected("M01", 20)),
        "must_not_flag": ("P01", "D02"),
        "verdict": "not_ready",
    }
    defaults.update(kw)
    return M.PlanLabel(**defaults)


FLAGS = [
    M.Flag("L01", 11),
    M.Flag("L01", 40),
    M.Flag("P01", None),
    M.Flag("M01", 30),
    M.Flag("T05", None),
]


# ----------------------------------------------------------------- one plan


def test_score_plan_splits_flags_into_tp_fp_fn_and_unlabelled() -> None:
    s = M.score_plan(_label(), FLAGS, "not_ready")
    assert s.tp == {"L01", "M01"}
    assert s.fp == {"P01"}
    assert s.fn == {"D04"}
    assert s.unlabelled == {"T05"}
    assert s.verdict_ok


def test_line_accuracy_uses_any_finding_of_the_rule() -> None:
    s = M.score_plan(_label(), FLAGS, "needs_work")
    assert s.line_hits == ("L01",)  # 11 is within ±2 of 10; the second L01 at 40 does not hurt
    assert s.line_misses == (M.LineMiss("M01", 20, (30,)),)
    assert not s.verdict_ok


def test_absent_defects_and_missed_rules_are_not_line_scored() -> None:
    s = M.score_plan(_label(), [M.Flag("D04", 3)], "not_ready")
    assert s.tp == {"D04"} and s.line_hits == () and s.line_misses == ()


def test_finding_without_a_line_misses_a_labelled_line() -> None:
    s = M.score_plan(_label(), [M.Flag("L01", None)], "not_ready")
    assert s.line_misses == (M.LineMiss("L01", 10, (None,)),)


@pytest.mark.parametrize(
    ("got", "ok"), [(8, True), (12, True), (10, True), (7, False), (13, False)]
)
def test_line_tolerance_is_two_lines_either_side(got: int, ok: bool) -> None:
    assert M.line_matches(10, [got]) is ok
    assert M.line_matches(10, [None, got]) is ok
    assert M.line_matches(10, []) is False
    assert M.line_matches(10, [13], tolerance=3) is True


def test_duplicate_findings_count_once() -> None:
    s = M.score_plan(_label(), [M.Flag("P01", 1)] * 5, "ready")
    assert s.fp == {"P01"}
    assert M.tally([s]).fp == 1


def test_failed_review_misses_everything() -> None:
    s = M.failed_plan(_label(), "ValueError: boom")
    assert s.fn == {"L01", "D04", "M01"} and not s.tp and not s.fp
    assert s.verdict_got is None and not s.verdict_ok
    assert s.error == "ValueError: boom"


# ----------------------------------------------------------------- aggregates


def test_precision_counts_only_labelled_rules() -> None:
    t = M.tally([M.score_plan(_label(), FLAGS, "not_ready")])
    assert (t.tp, t.fp, t.fn) == (2, 1, 1)
    assert t.precision == pytest.approx(2 / 3)  # T05 (unlabelled) does not count
    assert t.recall == pytest.approx(2 / 3)
    assert t.line_accuracy == pytest.approx(1 / 2)
    assert t.must_flag == 3


def test_tally_by_family() -> None:
    scores = [M.score_plan(_label(), FLAGS, "not_ready")]
    by = {f: M.tally(scores, f) for f in M.FAMILIES}
    assert (by["L"].tp, by["L"].fp, by["L"].fn, by["L"].line_ok) == (1, 0, 0, 1)
    assert (by["M"].tp, by["M"].line_total, by["M"].line_ok) == (1, 1, 0)
    assert (by["D"].tp, by["D"].fn, by["D"].recall) == (0, 1, 0.0)
    assert (by["P"].fp, by["P"].precision, by["P"].recall) == (1, 0.0, None)
    assert by["S"].precision is None and by["S"].recall is None and by["S"].line_accuracy is None


def test_summary_over_plans_sums_counts_and_verdicts() -> None:
    good = _label(file="plans/good.md", must_flag=(), must_not_flag=("D04", "L01"), verdict="ready")
    scores = [
        M.score_plan(_label(), FLAGS, "not_ready"),
        M.score_plan(good, [M.Flag("L01", 5), M.Flag("O06", None)], "needs_work"),
        M.failed_plan(_label(file="plans/broken.md"), "boom"),
    ]
    s = M.summarise(scores)
    assert s.plans == 3 and s.errors == 1 and s.verdict_ok == 1
    assert s.verdict_accuracy == pytest.approx(1 / 3)
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (2, 2, 4)
    assert s.overall.precision == 0.5
    assert s.families["L"].fp == 1
    assert M.verdict_confusion(scores) == {
        ("not_ready", "not_ready"): 1,
        ("ready", "needs_work"): 1,
        ("not_ready", "error"): 1,
    }


def test_empty_summary_has_no_ratios() -> None:
    s = M.summarise([])
    assert s.verdict_accuracy is None and s.overall.precision is None
    assert M.fmt_ratio(None) == "n/a" and M.fmt_ratio(0.905) == "0.91"


_rule = st.sampled_from(["L01", "L02", "M01", "P01", "D04", "O01", "S02", "T01"])


@given(
    must=st.lists(_rule, unique=True, max_size=5),
    must_not=st.lists(_rule, unique=True, max_size=5),
    flagged=st.lists(st.tuples(_rule, st.none() | st.integers(1, 60)), max_size=12),
)
def test_scores_are_consistent_for_any_review(
    must: list[str], must_not: list[str], flagged: list[tuple[str, int | None]]
) -> None:
    must_not = [r for r in must_not if r not in must]
    label = _label(must_flag=tuple(M.Expected(r, 30) for r in must), must_not_flag=tuple(must_not))
    s = M.score_plan(label, [M.Flag(r, line) for r, line in flagged], "ready")
    flagged_rules = {r for r, _ in flagged}
    assert s.tp | s.fn == set(must) and not s.tp & s.fn
    assert s.fp == flagged_rules & set(must_not)
    assert s.unlabelled == flagged_rules - set(must) - set(must_not)
    assert len(s.line_hits) + len(s.line_misses) == len(s.tp)
    t = M.tally([s])
    for value in (t.precision, t.recall, t.line_accuracy):
        assert value is None or 0.0 <= value <= 1.0
    assert sum(M.tally([s], f).tp for f in M.FAMILIES) == t.tp


# ----------------------------------------------------------------- labels format


def _write(tmp_path: Path, body: str, name: str = "labels.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_load_labels_parses_documented_format(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "plans:\n"
        "  - file: plans/a.md\n"
        "    style: terse\n"
        "    domain: churn\n"
        "    must_flag:\n"
        "      - {rule: L01, line: 14, quote: shuffle}   # evidence line\n"
        "      - {rule: D04, line: null}\n"
        "    must_not_flag: [M01, P01]\n"
        "    verdict: needs_work\n"
        "  - file: plans/b.txt\n"
        "    must_flag: []\n"
        "    must_not_flag: []\n"
        "    verdict: ready\n",
    )
    a, b = M.load_labels(path)
    assert a.must_flag == (M.Expected("L01", 14, "shuffle"), M.Expected("D04", None))
    assert (a.must_not_flag, a.verdict, a.style, a.domain) == (
        ("M01", "P01"),
        "needs_work",
        "terse",
        "churn",
    )
    assert a.must_rules == {"L01", "D04"}
    assert (b.must_flag, b.must_not_flag, b.verdict, b.style) == ((), (), "ready", "")


_ENTRY = "plans:\n  - file: plans/a.md\n"


@pytest.mark.parametrize(
    "body",
    [
        "plans: []\n",
        "items: []\n",
        "plans:\n  - just a string\n",
        _ENTRY + "    must_flag: []\n    must_not_flag: []\n    verdict: great\n",
        _ENTRY + "    must_flag: []\n    must_not_flag: []\n",
        _ENTRY + "    must_flag: [L01]\n    must_not_flag: []\n    verdict: ready\n",
        _ENTRY + "    must_flag:\n      - {rule: L01}\n    must_not_flag: []\n    verdict: ready\n",
        _ENTRY + "    must_flag:\n      - {rule: L01, line: '14'}\n    must_not_flag: []\n"
        "    verdict: ready\n",
        _ENTRY + "    must_flag:\n      - {rule: L01, line: 3, where: x}\n    must_not_flag: []\n"
        "    verdict: ready\n",
        _ENTRY + "    must_flag: []\n    must_not_flag: L01\n    verdict: ready\n",
        _ENTRY + "    must_flag: []\n    must_not_flag: []\n    verdict: ready\n    extra: 1\n",
    ],
)
def test_load_labels_rejects_malformed_files(tmp_path: Path, body: str) -> None:
    with pytest.raises(M.LabelError):
        M.load_labels(_write(tmp_path, body))


def test_catalog_rule_ids_reads_the_rules_table() -> None:
    snippet = "| id | section |\n|---|---|\n| L01 | training |\n| S04 | any |\n\n### X00 — crash\n"
    assert M.catalog_rule_ids(snippet) == {"L01", "S04"}
    ids = M.catalog_rule_ids(RULES_MD.read_text(encoding="utf-8"))
    assert {"L01", "L12", "M11", "P10", "T07", "D09", "O06", "S04"} <= ids
    assert len(ids) == 14 + 12 + 10 + 7 + 9 + 6 + 4


def test_validate_labels_reports_each_problem(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.md").write_text("one\ntwo shuffle\nthree\n", encoding="utf-8")
    exp = M.Expected
    labels = [
        _label(file="plans/a.md", must_flag=(exp("L01", 2, "shuffle"),), must_not_flag=()),
        _label(file="plans/a.md", must_flag=(), must_not_flag=()),
        _label(file="plans/missing.md", must_flag=(), must_not_flag=()),
        _label(file="plans/a.md", must_flag=(exp("Z99", None),), must_not_flag=("L1",)),
        _label(file="plans/a.md", must_flag=(exp("L01", 9),), must_not_flag=("L01", "M01", "M01")),
        _label(file="plans/a.md", must_flag=(exp("L01", 3, "shuffle"), exp("L01", None, "x"))),
    ]
    problems = M.validate_labels(labels, tmp_path, {"L01", "M01", "P01", "D02"})
    expected = [
        "plans/a.md: labelled 5 times",
        "plans/missing.md: file does not exist",
        "plans/a.md: 'Z99' is not a catalogue rule id",
        "plans/a.md: 'L1' is not a catalogue rule id",
        "plans/a.md L01: line 9 outside the file (1..3)",
        "plans/a.md: M01 appears 2 times in must_not_flag",
        "plans/a.md: L01 is in both must_flag and must_not_flag",
        "plans/a.md L01: line 3 does not contain 'shuffle'",
        "plans/a.md: L01 appears 2 times in must_flag",
        "plans/a.md L01: quote given but line is null",
    ]
    for text in expected:
        assert text in problems, text
    assert len(problems) == len(expected)
    assert M.validate_labels(labels[:1], tmp_path, {"L01"}) == []
