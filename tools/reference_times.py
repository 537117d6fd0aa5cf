"""Measure how long grading each notebook's reference solution takes, and write the time budgets' basis.

Autograding gives every notebook a time budget (``CourseExecute`` in
``course/instructor/preprocessors.py``): ``budget_factor`` times its reference time
plus ``budget_slack``. The reference times live in
``course/instructor/reference_seconds.json``; this script measures them by grading
the reference solution of every notebook in a scratch copy of the course, as the
main job grades (one submission per core at a time), ``--runs`` times, and keeps
the slowest run of each notebook. Run it after changing what a notebook trains.

Usage::

    python tools/reference_times.py                 # measure and write the JSON file
    python tools/reference_times.py --runs 2 --dry-run
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from traitlets.config import Config  # noqa: E402

from course.instructor import cohort, parallel, settings  # noqa: E402
from course.instructor.nbgrader_api import Course  # noqa: E402
from course.instructor.scratch import copy_course, place_submission  # noqa: E402


def measure(modules: list[str], workers: int) -> dict:
    """Seconds that grading each reference notebook took: ``{"module/notebook": seconds}``."""
    with tempfile.TemporaryDirectory(prefix="reference-times-") as tmp:
        no_budget = Config({"CourseExecute": {"reference_seconds": {}}})
        course = Course(copy_course(ROOT, Path(tmp) / "course", modules or None), no_budget)
        for module in course.modules():
            course.generate(module).expect(f"building {module}")
            place_submission(course, module, "reference", sorted((course.root / "source" / module).glob("*.ipynb")))
        results = cohort.autograde(course, course.modules(), workers=workers)
        failed = [f"{r.module}/{r.notebook}: {r.problem}" for r in results if not r.ok]
        if failed:
            raise SystemExit("the reference could not be graded:\n" + "\n".join(failed))
        return {f"{r.module}/{r.notebook}": round(r.seconds, 1) for r in results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to measure (default: all)")
    parser.add_argument("--runs", type=int, default=1, help="grade this many times and keep the slowest")
    parser.add_argument("--workers", type=int, default=parallel.default_workers())
    parser.add_argument("--dry-run", action="store_true", help="print the times, do not write the file")
    args = parser.parse_args()
    runs = [measure(args.modules, args.workers) for _ in range(args.runs)]
    slowest = {key: max(run[key] for run in runs) for key in runs[0]}
    known = settings.reference_seconds()
    print(f"{'notebook':45s} {'now (s)':>8s} {'before':>8s} {'budget (s)':>10s}")
    for key, seconds in sorted(slowest.items()):
        budget = settings.BUDGET_FACTOR * seconds + settings.BUDGET_SLACK
        print(f"{key:45s} {seconds:8.1f} {known.get(key, float('nan')):8.1f} {budget:10.0f}")
    if not args.dry_run:
        merged = {**known, **slowest}
        settings.REFERENCE_SECONDS.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n")
        print(f"wrote {settings.REFERENCE_SECONDS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
