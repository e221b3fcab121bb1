"""Numbers with units as people write them, converted to the units the plan computes with."""

from __future__ import annotations

import pytest

from mlplan.understand import parse_text
from mlplan.understand.numbers import per_second, to_ms, to_number, to_weeks, word_number


@pytest.mark.parametrize(
    ("num", "scale", "want"),
    [
        ("2.5", "M", 2_500_000),
        ("2.5", "m", 2_500_000),
        ("1,200", None, 1_200),
        ("1,200,000", "", 1_200_000),
        ("30", "k", 30_000),
        ("4", "thousand", 4_000),
        ("1.5", "B", 1_500_000_000),
        ("3", "bn", 3_000_000_000),
        ("12", "mio", 12_000_000),
        ("7", "million", 7_000_000),
    ],
)
def test_to_number(num: str, scale: str | None, want: float) -> None:
    assert to_number(num, scale) == pytest.approx(want)


@pytest.mark.parametrize(
    ("value", "unit", "want"),
    [
        (30_000, "min", 500.0),
        (30_000, "minute", 500.0),
        (2_000_000, "day", 23.148),
        (3_600, "hour", 1.0),
        (7_200, "hrs", 2.0),
        (500, "s", 500.0),
        (500, "sec", 500.0),
        (604_800, "week", 1.0),
    ],
)
def test_per_second(value: float, unit: str, want: float) -> None:
    assert per_second(value, unit) == pytest.approx(want, rel=1e-3)


@pytest.mark.parametrize(
    ("value", "unit", "want"),
    [
        (6, "weeks", 6.0),
        (3, "months", 13.0),
        (1, "year", 52.0),
        (14, "days", 2.0),
        (1, "quarter", 13.0),
        (2, "wks", 2.0),
    ],
)
def test_to_weeks(value: float, unit: str, want: float) -> None:
    assert to_weeks(value, unit) == pytest.approx(want)


@pytest.mark.parametrize(
    ("num", "unit", "want"),
    [("80", "ms", 80.0), ("1.5", "s", 1500.0), ("2", "seconds", 2000.0), ("250", "msec", 250.0)],
)
def test_to_ms(num: str, unit: str, want: float) -> None:
    assert to_ms(num, unit) == want


@pytest.mark.parametrize(
    ("word", "want"), [("one", 1), ("Two", 2), ("twelve", 12), ("a couple of", 2), ("a few", 3)]
)
def test_word_number(word: str, want: int) -> None:
    assert word_number(word) == want


# The same conversions end to end: phrase in a brief -> field value.
@pytest.mark.parametrize(
    ("text", "field", "want"),
    [
        ("Churn model on ~2.5M rows.", "total_rows", 2_500_000),
        ("Churn model on 1,200,000 customer records.", "total_rows", 1_200_000),
        ("Fraud scoring: 0.2 % of txns are fraudulent.", "positive_class_rate", 0.002),
        ("Fraud scoring; 1 in 500 transactions is fraud.", "positive_class_rate", 0.002),
        ("Churn is 4% a month.", "positive_class_rate", 0.04),
        ("Scoring API with p99 under 80ms.", "latency_p99_ms", 80.0),
        ("Scoring API must answer within 1.5 seconds.", "latency_p99_ms", 1500.0),
        ("Scoring API, 30k req/min at peak.", "throughput_rps", 500.0),
        ("Scoring API, 500 rps.", "throughput_rps", 500.0),
        ("Scoring API, 1,200 QPS.", "throughput_rps", 1200.0),
        ("Volume is 2M predictions per day.", "throughput_rps", 23.148),
        ("Volume is 36,000 requests an hour.", "throughput_rps", 10.0),
        ("Churn model, deadline 6 weeks.", "deadline_weeks", 6.0),
        ("Churn model. We need it live in 3 months.", "deadline_weeks", 13.0),
        ("Churn model; the project must be done in two weeks.", "deadline_weeks", 2.0),
        ("A 10-week project to predict churn.", "deadline_weeks", 10.0),
        ("Churn model. Team of 3.", "team_size", 3),
        ("Churn model; two data scientists and one engineer.", "team_size", 3),
        ("Churn model; 1 DS + 2 MLEs.", "team_size", 3),
        ("Churn model with a $50k budget.", "budget_usd", 50_000.0),
        ("Churn model, budget USD 1.2M.", "budget_usd", 1_200_000.0),
        ("Route tickets to one of 12 queues.", "n_classes", 12),
        ("Forecast daily sales 14 days ahead.", "forecast_horizon", "14 days"),
        ("Fraud model; chargebacks arrive up to 60 days later.", "label_delay", "60 days"),
        ("Churn model on 3 years of billing history.", "history", "3 years"),
        ("Defect model: 1.2M commits from 340 repos over 6 years.", "history", "6 years"),
        (
            "Score each pull request; the response must come within 2 minutes.",
            "latency_p99_ms",
            120_000.0,
        ),
        ("task: churn\nrows: 3.4M\nteam: 2", "total_rows", 3_400_000),
        ("task: churn\nrows: 3.4M\nteam: 2", "team_size", 2),
        ("Churn model. Team: 1 DS + 1 MLE.", "team_size", 2),
        ("Churn model. Only 5 weeks until the board demo.", "deadline_weeks", 5.0),
    ],
)
def test_units_in_a_brief(text: str, field: str, want: object) -> None:
    got = getattr(parse_text(text), field)
    if isinstance(want, float):
        assert got == pytest.approx(want, rel=1e-3)
    else:
        assert got == want


# Numbers that look like the field but are something else must not land in it.
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Predict churn. Goal: reduce churn by 15%.", "positive_class_rate"),
        ("Predict churn; we hold out 20% of customers for testing.", "positive_class_rate"),
        ("Forecast demand. Today we use a 4-week moving average.", "deadline_weeks"),
        ("Predict churn from 12 months of history.", "deadline_weeks"),
        ("Forecast weekly demand for the next 8 weeks.", "deadline_weeks"),
        ("Predict who will cancel in the next 3 months.", "deadline_weeks"),
        ("Chargebacks arrive 90 days after the transaction.", "deadline_weeks"),
        ("Edge model with a budget of 20 ms per image.", "budget_usd"),
        ("Classify 10-second audio clips.", "total_rows"),
        ("Our contact centre has 350 agents; forecast call volume.", "team_size"),
        ("An app used by 500 people every day; predict churn.", "team_size"),
        ("Predict churn. Results are reviewed within 30 days.", "latency_p99_ms"),
        ("Failures: about 1 in 1,000 machine-days.", "total_rows"),
        ("Predict whether leads convert within 90 days.", "deadline_weeks"),
        ("Predict default within 12 months of origination.", "deadline_weeks"),
        ("Send the 20% discount coupon to the right customers.", "positive_class_rate"),
    ],
)
def test_lookalike_numbers_are_not_taken(text: str, field: str) -> None:
    brief = parse_text(text)
    assert not brief.is_known(field), (getattr(brief, field), brief.facts.get(field))
