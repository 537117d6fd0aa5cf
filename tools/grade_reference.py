"""Autograde the reference solution of notebooks, as a learner would submit it, and print every test's score.

Each notebook is answered with the instructor's solution (from ``source/``) and graded
through nbgrader, with the course's own settings (the sandbox and the trusted scorer
included), in a scratch copy of the course. Printed: one line per test with its score,
and the message of any test that lost points; then the total per notebook and the time.
A maintainer runs it after changing a hidden test, before the slower fairness suite.

Usage::

    python tools/grade_reference.py m4_time_series
    python tools/grade_reference.py m3_nlp/03_recurrent_and_conv m3_nlp/04_multiclass
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.instructor import fairness  # noqa: E402
from course.instructor.nbgrader_api import Course  # noqa: E402
from course.instructor.scratch import copy_course  # noqa: E402

REFERENCE = fairness.correct("the reference solution")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="modules (m4_time_series) or notebooks (m4_time_series/01_...)")
    args = parser.parse_args(argv)
    wanted = [tuple(name.strip("/").split("/", 1)) for name in args.names]
    modules = sorted({name[0] for name in wanted})
    unknown = [m for m in modules if not (ROOT / "source" / m).is_dir()]
    if unknown:
        parser.error(f"no module {', '.join(unknown)} in {ROOT / 'source'}")
    lost = 0
    with tempfile.TemporaryDirectory(prefix="grade-reference-") as tmp:
        course = Course(copy_course(ROOT, Path(tmp) / "course", modules))
        for module in modules:
            course.generate(module).expect(f"building the student copy of {module}")
            notebooks = [p.stem for p in sorted((ROOT / "source" / module).glob("*.ipynb"))]
            named = [name[1] for name in wanted if name[0] == module and len(name) == 2]
            for notebook in named or notebooks:
                if notebook not in notebooks:
                    parser.error(f"no notebook {notebook} in {module}")
                start = time.perf_counter()
                fairness.write_submission(course, module, notebook, REFERENCE, "reference")
                outcome = course.autograde(module, "reference", notebook)
                seconds = time.perf_counter() - start
                if not outcome.ok:
                    print(f"{module}/{notebook}: nbgrader could not grade it\n{outcome.tail()}")
                    lost += 1
                    continue
                results = fairness.test_results(course, module, "reference", notebook)
                for grade_id, (score, top, message) in results.items():
                    print(f"  {grade_id}: {score:g}/{top:g}" + (f"  {message}" if score < top or message else ""))
                got = sum(score for score, _, _ in results.values())
                top = sum(top for _, top, _ in results.values())
                lost += got < top
                print(f"{module}/{notebook}: {got:g}/{top:g} in {seconds:.1f} s", flush=True)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
