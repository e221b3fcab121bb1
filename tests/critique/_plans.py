"""Small, realistic plans written for these tests (the labelled benchmark lives in evals/critique)."""

from __future__ import annotations

FRAUD = """\
# Card-not-present fraud scoring — design note

Owner: Payments Risk ML · Status: draft

## Background

Card-not-present fraud cost us €4.1M last year. Today a rules engine flags transactions for
manual review; it catches about 40% of fraud at a 2% review rate.

## Goals

- Predict whether a card-not-present transaction is fraudulent, at authorisation time.
- Success criteria: recall at 90% precision of at least 0.55 on the test months (rules today: 0.40).
- Expected impact: reduce fraud losses by €1M a year, measured in a randomised holdout.
- Intended use: scoring card-not-present authorisations only; not for credit decisions.

## Data we have

- 18 months of authorisation events from the payments warehouse (about 240M transactions), each with a timestamp.
- Labels come from chargebacks, which arrive up to 90 days after the transaction.
- About 0.2% of transactions are fraud.
- Cardholder data is personal data under GDPR; card numbers are tokenised and names are not extracted.
- Lawful basis: legitimate interest (fraud prevention). Raw extracts are kept for 13 months, then deleted; erasure requests are applied to the feature tables.
- Access is restricted to the fraud ML team; data is encrypted at rest.
- Exact duplicate events are removed before the split.
- Sampling bias: declined transactions have no chargeback outcome; we check this with a small randomised approval sample.

## Features

- amount, merchant category, device fingerprint age, velocity counts over 1h and 24h
- Computed in the shared feature store for training and serving; schema checks on every batch; a daily skew check compares served and training features. Owner: fraud ML team.

## Model

We start with logistic regression as the baseline, then LightGBM.

## Training

Time-based split: train on months 1–15, validate on month 16, test on months 17–18.
Hyperparameters are tuned on the validation month, maximising PR-AUC. Seeds are fixed; data
snapshot ids and git commits are logged in MLflow.

## Evaluation

Primary metric: PR-AUC. We will not use accuracy: at 0.2% fraud it is meaningless.
We also report recall at 90% precision by merchant segment, with bootstrap confidence intervals.
The review threshold is chosen on the validation month to keep the review queue within analyst capacity.

## Serving

Real-time API behind the authorisation service, p99 latency under 50 ms, peak 1,200 requests per second.
If the model times out, the rules engine decides as today.

## Rollout

Two weeks in shadow mode, then a 5% canary, then 100%.
Rollback: re-point the registry alias to the previous model version.
A new model is promoted only if it beats production PR-AUC on the last month.

## Monitoring

Daily PSI drift checks on the top 20 features, with alerts to the fraud-ml on-call above 0.2.
Precision of reviewed alerts is tracked weekly. Retrain monthly, or when PSI exceeds 0.25.

## Milestones

- Weeks 1–4: data and baseline
- Weeks 5–8: model and offline evaluation
- Week 9: shadow launch
"""

TERSE = """\
Churn model v1

Problem:
- Subscribers cancel and we only notice at renewal.

Success criteria
- success = accuracy > 95%

Data
- 2M customer records from the CRM, one row per customer per month since 2021.
- 3% of customers churn each month.

Model
- XGBoost.

Training
- Random 80/10/10 split.

Serving
- Nightly batch job writes scores to the CRM.

Go-live
- Switch all users to the new scores on day one. No rollback yet.

Risks
- Data quality of the CRM export.
"""

PROSE = """\
We want to predict which of our delivery drivers will quit in the next 30 days, so that fleet
managers can talk to them before they leave.

The data is three years of shift records and payroll history from the HR warehouse, about
400,000 rows, with personal data about each driver. Around 4% of drivers leave each month.

We will train a gradient boosted model and evaluate it with PR-AUC on a time-based split,
holding out the last three months as the test set.

The model will be deployed as a weekly batch job on Airflow, and we will monitor drift in the
input features every week and retrain quarterly.

The project takes ten weeks: four for data, four for modelling and two for deployment.
"""

SEED_TEMPLATE = """\
# Machine Learning Project Plan: [Project Name]

## 1. Problem Framing & Market Research
- Problem statement: [e.g., Reduce customer churn by predicting at-risk customers]
- Stakeholders: [e.g., Marketing team, Customer success]

## 2. Overview
- Business problem: [e.g., Churn costs $X per year]
- Success criteria: [e.g., Increase retention by X%]

## 3. Data Requirements
- Data sources: [e.g., CRM, billing system]
- Volume: [e.g., 1M rows]

## 4. Feature Engineering
- Features: [e.g., tenure, monthly charges]

## 5. Model Selection
- Model: [e.g., XGBoost]

## 6. Training Pipeline
- Split: [e.g., 80/10/10 random split]

## 7. Evaluation Metrics
- Primary metric: [e.g., PR-AUC]

## 8. Deployment
- Serving: [e.g., REST API]
- Rollback: TBD

## 9. Timeline
- Phases: [e.g., 12 weeks]
"""

NOTES_TXT = """\
DEMAND FORECAST - working notes

what
  forecast weekly demand per store and SKU, 8 weeks ahead, for replenishment

data
  - 3 years of POS sales from the data lake, one row per store per SKU per week
  - promotions calendar from the marketing system

approach
  - seasonal naive baseline, then LightGBM global model
  - validate on the last 13 weeks, walk-forward backtest with 4 origins

metric
  - primary: WAPE at the 4-week horizon

deploy
  - weekly batch in Airflow writes forecasts to the replenishment system
  - if the job fails, last week's forecast is used

monitoring
  - weekly WAPE on actuals, drift on sales volume per store; retrain monthly
"""


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line that contains ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} is not in the text")
