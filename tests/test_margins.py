"""The margins benchmark (benchmarks/margins.py) finds each bar, the value measured against it and its baseline.

The full sweep (every correct solution of a notebook, five seeds) is too long for CI; this
runs the reference of one quick notebook with one seed, the slice that covers both kinds of
measured value: one checked on the learner's own validation data, one on held-out data
through the trusted scorer, with the naive forecast as its baseline.
"""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def margins():
    spec = importlib.util.spec_from_file_location("margins", ROOT / "benchmarks" / "margins.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_failed_and_passed_checks_are_both_read(margins):
    passed = margins.PASSED.match("the accuracy on held-out digits: 0.9123 (at least 0.88 needed)")
    failed = margins.FAILED.search("AssertionError: the MAE is 12.3, above the 10.6 allowed: train longer")
    assert (passed["value"], passed["bar"], passed["side"]) == ("0.9123", "0.88", "least")
    assert (failed["value"], failed["bar"], failed["side"]) == ("12.3", "10.6", "allowed")


def test_the_table_shows_each_solutions_worst_value_and_the_margin(margins):
    rows = pd.DataFrame([{"notebook": "m", "test": "t", "what": "acc", "side": "at least", "bar": 0.8,
                          "baseline": 0.5, "solution": solution, "seed": seed, "value": value}
                         for solution, seed, value in [("reference", 1, 0.9), ("reference", 2, 0.85),
                                                       ("alt 1", 1, 0.88), ("alt 1", 2, 0.95)]])
    table = margins.table(rows).iloc[0]
    assert (table["reference"], table["alt 1"], table["baseline"], table["runs"]) == (0.85, 0.88, 0.5, 4)
    assert table["margin"] == "+6.2%"  # (0.85 - 0.8) / 0.8


@pytest.mark.slow
def test_a_held_out_measurement_comes_with_its_naive_baseline(margins):
    rows = pd.DataFrame(margins.execute("m4_time_series", "02_windowed_datasets",
                                        margins.solutions("m4_time_series", "02_windowed_datasets")[0], seed=1))
    held_out = rows[rows.what.str.contains("held-out")].iloc[0]
    assert held_out.side == "at most" and 0 < held_out.value < held_out.baseline, held_out.to_dict()
    assert rows.baseline.isna().sum() == len(rows) - 1  # the validation MAE has no held-out baseline
