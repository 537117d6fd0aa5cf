"""Benchmark: autograde the reference submission of each module and print the figures.

Prints, per module: the wall time and peak memory (largest resident set of
any process nbgrader started, the notebook kernels included) of autograding
the reference submission, its score, and per notebook every metric the hidden
tests measured against its threshold (the lines ``course.checks`` prints).

It works in a temporary copy of the course, so the real gradebook is untouched.
Each module is measured in a process of its own, so that each peak is that
module's alone (a process only knows the largest of all its children).

Usage::

    python benchmarks/autograde_reference.py               # every module
    python benchmarks/autograde_reference.py m1_foundations
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from traitlets.config import Config  # noqa: E402

from course.instructor import cohort, grades  # noqa: E402
from course.instructor.nbgrader_api import Course  # noqa: E402
from course.instructor.scratch import copy_course, place_submission  # noqa: E402


def metric_lines(notebook: Path) -> list[str]:
    lines = []
    for cell in json.loads(notebook.read_text())["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                text = "".join(output["text"])
                lines += [f"{meta['grade_id']}: {line}" for line in text.splitlines()
                          if "needed)" in line or "allowed)" in line]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--no-header", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    modules = args.modules or sorted(p.name for p in (ROOT / "source").glob("m[0-9]*_*"))
    if not args.no_header:
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}", flush=True)
    if len(modules) > 1:
        return max(subprocess.call([sys.executable, __file__, "--no-header", module]) for module in modules)
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_course(ROOT, Path(tmp), modules)
        course = Course(root, Config({"IgnorePattern": {"enabled": False}}))
        for module in modules:
            course.generate(module)
            place_submission(course, module, "reference", sorted((root / "source" / module).glob("*.ipynb")))
            start = time.perf_counter()
            results = cohort.autograde(course, [module], progress=False)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            totals = grades.totals(grades.cell_grades(course)).iloc[0]
            print(f"\n{module}: autograde wall time {seconds:.1f} s, peak memory {peak / 1024:.0f} MiB, "
                  f"score {totals.score:g}/{totals.max_score:g}"
                  f"{'' if all(r.ok for r in results) else ' (some notebooks could not be graded)'}")
            for notebook in sorted((root / "autograded" / "reference" / module).glob("*.ipynb")):
                print(f"  {notebook.name}")
                for line in metric_lines(notebook):
                    print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
