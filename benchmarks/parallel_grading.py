"""Benchmark: grade a cohort of generated submissions serially and on Dask workers, and print the figures.

The cohort (module 4, the quickest to grade) holds eight submissions: two full,
two partial (every other notebook answered), two blank, and two hostile (an
endless loop, and a kernel that exits, in the first notebook of an otherwise full
submission). It is graded three times, each time in a fresh scratch copy of the
course: one submission at a time here with the sandbox off (plain execution, as
nbgrader runs notebooks), the same in the sandbox, then with ``--workers`` Dask
workers. Printed: wall time, notebooks graded, throughput per core, speedup, the
sandbox's overhead, the peak memory of each worker's kernels, what the hostile
notebooks cost against the same notebook answered correctly, and whether the runs
gave identical grades.

Usage::

    python benchmarks/parallel_grading.py               # serial, then 2 workers
    python benchmarks/parallel_grading.py --workers 4
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from traitlets.config import Config  # noqa: E402

from course.instructor import cohort, grades, grading, hostile, sandbox  # noqa: E402
from course.instructor.learners import answer  # noqa: E402
from course.instructor.nbgrader_api import Course  # noqa: E402
from course.instructor.scratch import copy_course, place_submission  # noqa: E402

MODULE = hostile.MODULE
HOSTILE = {kind.name: kind for kind in hostile.KINDS}
COHORT = {"full-1": "full", "full-2": "full", "partial-1": "partial", "partial-2": "partial",
          "blank-1": "blank", "blank-2": "blank", "loop": "an endless loop", "crash": "a kernel that exits (os._exit)"}


def make_course(folder: Path, sandboxed: bool = True) -> Course:
    """A scratch course with the cohort's submissions of MODULE in ``submitted/``."""
    overrides = None if sandboxed else Config({"CourseExecute": {"sandbox": False}})
    course = Course(copy_course(ROOT, folder, [MODULE]), overrides)
    course.generate(MODULE).expect(f"building {MODULE}")
    names = course.notebooks(MODULE, "release")
    for student, kind in COHORT.items():
        answered = {"full": names, "partial": names[1::2], "blank": []}.get(kind, names)
        notebooks = []
        for name in answered:
            notebook = folder / "answers" / student / f"{name}.ipynb"
            notebook.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(course.root / "release" / MODULE / f"{name}.ipynb", notebook)
            answer(notebook, course.root / "source" / MODULE / f"{name}.ipynb")
            notebooks.append(notebook)
        place_submission(course, MODULE, student, notebooks)
        if kind in HOSTILE:
            import nbformat

            target = course.root / "submitted" / student / MODULE / f"{hostile.NOTEBOOK}.ipynb"
            nbformat.write(HOSTILE[kind].change(nbformat.read(target, as_version=4)), target)
    return course


def run(folder: Path, workers: int, sandboxed: bool = True) -> dict:
    course = make_course(folder, sandboxed)
    kit_start = time.perf_counter()
    grading.build_kit(course, MODULE)  # what one kit costs (autograde builds its own, once per module)
    kit_seconds = time.perf_counter() - kit_start
    start = time.perf_counter()
    results = cohort.autograde(course, [MODULE], progress=False, workers=workers)
    wall = time.perf_counter() - start
    return {"course": course, "results": results, "wall": wall, "kit": kit_seconds,
            "cells": grades.cell_grades(course)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    runs = {}
    off = sandbox.off_because()
    with tempfile.TemporaryDirectory(prefix="parallel-grading-") as tmp:
        print(f"grading {len(COHORT)} submissions of {MODULE} with 1 worker, sandbox off...", flush=True)
        plain = run(Path(tmp) / "plain", 1, sandboxed=False)
        for workers in (1, args.workers):
            print(f"grading {len(COHORT)} submissions of {MODULE} with {workers} worker(s)"
                  f"{', sandboxed' if not off else ''}...", flush=True)
            runs[workers] = run(Path(tmp) / f"w{workers}", workers)
        rows = []
        for workers, found in runs.items():
            graded = [r for r in found["results"] if r.ok]
            used = min(cores, workers) if workers > 1 else cores
            rows.append({"workers": workers, "wall (s)": round(found["wall"], 1), "notebooks": len(found["results"]),
                         "per core-minute": round(len(graded) / (found["wall"] / 60) / used, 2),
                         "speedup": round(runs[1]["wall"] / found["wall"], 2),
                         "kit (s)": round(found["kit"], 1)})
        print(f"\n{cores} cores; the serial run's kernels may use every core, each worker's kernels "
              f"{max(1, cores // args.workers)} thread(s)\n")
        print(pd.DataFrame(rows).to_string(index=False))
        peaks = pd.DataFrame([(r.worker, r.peak_mb) for r in runs[args.workers]["results"]],
                             columns=["worker", "peak kernel memory (MB)"]).groupby("worker").max().round(0)
        print(f"\npeak memory of each worker's kernels ({args.workers} workers; the largest kernel it ran):")
        print(peaks.to_string())
        times = pd.DataFrame([(r.student, r.notebook, r.seconds, r.ok) for r in runs[1]["results"]],
                             columns=["student", "notebook", "s", "ok"])
        first = times[times.notebook == hostile.NOTEBOOK].set_index("student")["s"]
        print(f"\nwhat {hostile.NOTEBOOK} cost, serial run (s): answered {first['full-1']:.1f}, endless loop "
              f"{first['loop']:.1f} (its budget), kernel that exits {first['crash']:.1f}")
        same = runs[1]["cells"].sort_values(["student", "notebook", "grade_id"]).reset_index(drop=True).equals(
            runs[args.workers]["cells"].sort_values(["student", "notebook", "grade_id"]).reset_index(drop=True))
        print(f"identical grades serial and with {args.workers} workers: {same}")
        plain_same = plain["cells"].sort_values(["student", "notebook", "grade_id"]).reset_index(drop=True).equals(
            runs[1]["cells"].sort_values(["student", "notebook", "grade_id"]).reset_index(drop=True))
        print(f"identical grades with the sandbox off and on: {plain_same}")
        if off:
            print(f"sandbox overhead: not measured (no sandbox here: {off})")
        else:
            ran = [(a.seconds, b.seconds) for a in plain["results"] for b in runs[1]["results"]
                   if (a.student, a.notebook) == (b.student, b.notebook) and a.ok and b.seconds > 5]
            per_notebook = sum(b - a for a, b in ran) / max(1, len(ran))
            print(f"sandbox overhead, serial: wall {plain['wall']:.1f} s plain, {runs[1]['wall']:.1f} s sandboxed "
                  f"({100 * (runs[1]['wall'] / plain['wall'] - 1):+.1f}%); {per_notebook:+.2f} s per executed "
                  f"notebook ({len(ran)} notebooks)")
    return 0 if same and plain_same else 1


if __name__ == "__main__":
    sys.exit(main())
