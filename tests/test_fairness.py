"""The fairness suite: alternative correct solutions get full marks, common mistakes lose their test's points.

The variants are in ``tests/fairness/<module>/<notebook>.py``; ``tools/fairness.py``
grades them all and prints the table (too long for CI). Here every variants file is
checked against its notebook, and a slice is graded through nbgrader: the variants
in ``GRADED_HERE``, quick notebooks' variants that between them hold every kind (in
every module a correct alternative and a mistake; Sequential and functional models,
``keras`` and ``tf.keras``, losses and optimizers as strings and as objects).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from course.instructor import fairness
from course.instructor.fairness import Variant, correct, mistake

ROOT = Path(__file__).resolve().parents[1]
FOUND = fairness.load(ROOT / "tests" / "fairness")

#: The variants CI grades, by their position in their notebook's list (each costs a notebook's grading).
GRADED_HERE = {
    "m1_foundations/05_overfitting": [0, 1, 3],  # functional, objects; tf.keras, add(); fixed Dropout rate
    "m2_image_classification/01_image_folders": [0, 1, 5],  # legacy generator; tf.keras; batch_size ignored
    "m3_nlp/01_preparing_text": [0, 3],  # tf.keras layers; the vectorizer never adapted
    "m4_time_series/01_series_and_baselines": [1, 3],  # pandas; the trailing window includes the month
}


def test_every_variants_file_names_real_cells_and_tests():
    assert FOUND, "no variants found"
    assert fairness.check_variants(ROOT, FOUND) == []


@pytest.mark.parametrize("key", sorted(FOUND), ids="/".join)
def test_each_notebook_has_three_alternatives_and_two_mistakes(key):
    variants = FOUND[key]
    assert sum(v.correct for v in variants) >= 3, "fewer than three correct alternatives"
    assert sum(not v.correct for v in variants) >= 2, "fewer than two common mistakes"
    assert len({v.name for v in variants}) == len(variants), "two variants share a name"


def test_variants_that_name_unknown_cells_are_reported():
    found = {("m1_foundations", "01_first_model"): [correct("typo", build_linaer_model="pass"),
                                                     mistake("bad test", "no_such_test", build_linear_model="pass")],
             ("m1_foundations", "99_missing"): [correct("x", a="pass")]}
    problems = fairness.check_variants(ROOT, found)
    assert any("no solution cell 'build_linaer_model'" in p for p in problems)
    assert any("no test 'no_such_test'" in p for p in problems)
    assert any("99_missing: no such source notebook" in p for p in problems)
    with pytest.raises(ValueError, match="names no test"):
        mistake("nothing caught", [], build_linear_model="pass")


def test_verdicts_say_whether_a_variant_scored_as_it_must():
    full = {"shapes": (1.0, 1.0, ""), "accuracy": (2.0, 2.0, "")}
    lost_shapes = {"shapes": (0.0, 1.0, "AssertionError: expected input shape"), "accuracy": (2.0, 2.0, "")}
    good, slip = Variant("alt", {"a": "x"}), Variant("slip", {"a": "x"}, ("shapes",))
    assert fairness.verdict(good, full) == ("ok", "")
    assert fairness.verdict(good, lost_shapes) == ("unfair", "shapes: AssertionError: expected input shape")
    assert fairness.verdict(slip, lost_shapes) == ("ok", "")
    assert fairness.verdict(slip, full) == ("missed", "not caught by shapes")


def test_the_summary_counts_alternatives_passed_and_mistakes_caught():
    table = pd.DataFrame([("m", "n", "a", "full marks", "ok"), ("m", "n", "b", "full marks", "unfair"),
                          ("m", "n", "c", "loses t", "ok")],
                         columns=["module", "notebook", "variant", "expected", "verdict"])
    row = fairness.summary(table).iloc[0]
    assert (row["alternatives passed"], row["mistakes caught"]) == ("1 of 2", "1 of 1")


def chosen(key: str) -> list:
    module, notebook = key.split("/")
    return [FOUND[(module, notebook)][number] for number in GRADED_HERE[key]]


def test_the_graded_slice_holds_an_alternative_and_a_mistake_in_every_module():
    assert {key.split("/")[0] for key in GRADED_HERE} == {module for module, _ in FOUND}
    for key in GRADED_HERE:
        kinds = {variant.correct for variant in chosen(key)}
        assert kinds == {True, False}, f"{key}: the slice needs a correct alternative and a mistake"


@pytest.mark.slow
@pytest.mark.parametrize("key", GRADED_HERE)
def test_graded_variants_score_as_they_must(key, tmp_path):
    from course.instructor.scratch import copy_course

    module, notebook = key.split("/")
    root = copy_course(ROOT, tmp_path / "course", [module])
    table = fairness.run(root, {(module, notebook): chosen(key)}, progress=False)
    wrong = table[table["verdict"] != "ok"]
    assert wrong.empty, "\n".join(f"{r.variant!r} ({r.expected}): {r.verdict}: {r.detail}" for r in wrong.itertuples())
