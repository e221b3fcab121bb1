"""M04: the metric a model is chosen by, in the words notes use for the choice.

'Pick the winner by F1 on val', 'keep whichever gives the best MRR@10', 'chose the SVM because
it had the best accuracy on the validation year' all name the selection metric; a choice made
'by hand', and a threshold swept for the best F1, do not. New wording throughout.
"""

from __future__ import annotations

import pytest

from mlplan.domain import MetricName

from ._reading import fires, parse

_NOTES = """\
# Parcel damage triage

## Data
- 2.2M parcel scans 2022-2024 with the depot's damage label (~3% damaged)

## Evaluation
- primary metric: PR-AUC on the 2024 test months

## Model
- logistic regression, LightGBM and a small CNN on the scan images
- {choice}
"""


@pytest.mark.parametrize(
    ("choice", "metric"),
    [
        ("pick the winner by F1 on the validation months", MetricName.F1),
        ("we keep whichever gives the best recall on val", MetricName.RECALL),
        ("I chose LightGBM because it had the highest accuracy on the validation year",
         MetricName.ACCURACY),
        ("hyperparameters and model choice by val log loss", MetricName.LOG_LOSS),
    ],
)  # fmt: skip
def test_a_choice_worded_as_notes_word_it_names_its_metric(choice: str, metric: MetricName) -> None:
    draft = parse(_NOTES.format(choice=choice))
    assert draft.plan.evaluation.model_selection_metric is metric
    assert fires(draft, "M04")


@pytest.mark.parametrize(
    "choice",
    [
        "pick the winner by PR-AUC on the validation months",
        "the winner is picked by hand after the review meeting; F1 is reported too",
    ],
)
def test_a_choice_on_the_primary_metric_or_by_hand_is_not_m04(choice: str) -> None:
    assert not fires(parse(_NOTES.format(choice=choice)), "M04")


def test_a_threshold_kept_for_its_f1_is_not_the_model_selection_metric() -> None:
    choice = "sweep the cut-off on validation and keep the one with the best F1"
    draft = parse(_NOTES.format(choice=choice))
    assert draft.plan.evaluation.model_selection_metric is None
