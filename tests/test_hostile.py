"""Faulty and hostile submissions are graded to a clear outcome, and a correct one next to them keeps full marks.

The kinds, and the outcome each must get, are in :mod:`course.instructor.hostile`;
``tools/hostile.py`` prints the same table with times.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from course.instructor import hostile


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return hostile.run(ROOT, tmp_path_factory.mktemp("hostile"), workers=2).set_index("kind")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["the reference solution", *(kind.name for kind in hostile.KINDS)])
def test_each_kind_gets_the_outcome_it_must(table, kind):
    row = table.loc[kind]
    if row.verdict.startswith("skipped"):
        pytest.skip(row.verdict)
    assert row.verdict == "ok", f"{kind}: {row.verdict} ({row.score:g}/{row.max_score:g}; message: {row.message})"


def test_every_kind_has_a_distinct_learner_id():
    ids = [hostile.slug(kind) for kind in hostile.KINDS]
    assert len(set(ids)) == len(ids)
