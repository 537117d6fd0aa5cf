"""Grade every alternative solution and common mistake of the fairness suite, and print the table.

The variants live in ``tests/fairness/<module>/<notebook>.py`` (see
:mod:`course.instructor.fairness`). Each is autograded through nbgrader in a
scratch copy of the course, so the course's own gradebook is untouched. The
table says, per variant, what it must score and whether it did: ``ok``,
``unfair`` (correct work, or a mistake, lost points of another test),
``missed`` (a mistake kept the points of the test meant to catch it) or
``error``. The tests run a slice of it (``tests/test_fairness.py``).

Usage::

    python tools/fairness.py                       # every variant (long: it trains every model again)
    python tools/fairness.py m1_foundations        # one module
    python tools/fairness.py m3_nlp/01_preparing_text --csv fairness.csv
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.instructor import fairness  # noqa: E402
from course.instructor.scratch import copy_course  # noqa: E402

VARIANTS = ROOT / "tests" / "fairness"


def select(found: dict, names: list[str]) -> dict:
    """The variants of the named modules or ``module/notebook``s (all if none are named)."""
    if not names:
        return found
    chosen = {key: value for key, value in found.items()
              if key[0] in names or f"{key[0]}/{key[1]}" in names}
    unknown = [n for n in names if not any(n in (m, f"{m}/{nb}") for m, nb in found)]
    if unknown:
        raise SystemExit(f"error: no variants for {', '.join(unknown)} in {VARIANTS}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="modules or module/notebook to grade (all by default)")
    parser.add_argument("--csv", type=Path, help="also write the table to this CSV file")
    args = parser.parse_args(argv)
    found = select(fairness.load(VARIANTS), args.names)
    problems = fairness.check_variants(ROOT, found)
    if problems:
        print("error: the variants do not match the notebooks:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="fairness-") as tmp:
        root = copy_course(ROOT, Path(tmp), sorted({module for module, _ in found}))
        table = fairness.run(root, found)
    with __import__("pandas").option_context("display.max_colwidth", 90, "display.width", 200):
        print(table.drop(columns="detail").to_string(index=False))
        print()
        print(fairness.summary(table).to_string(index=False))
    bad = table[table["verdict"] != "ok"]
    for row in bad.itertuples():
        print(f"\n{row.module}/{row.notebook} {row.variant!r} ({row.expected}): {row.verdict}\n  {row.detail}")
    if args.csv:
        table.to_csv(args.csv, index=False)
    print(f"\n{len(table) - len(bad)} of {len(table)} variants graded as they must be "
          f"({table['seconds'].sum() / 60:.1f} min of grading)")
    return 1 if len(bad) else 0


if __name__ == "__main__":
    sys.exit(main())
