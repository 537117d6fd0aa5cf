"""Calibrate the mock exam: train each task's reference under several seeds, score it, and score a naive model.

For each task, the reference answer (``tests/exam_reference/taskN_name.py``, the starter
with its TODOs done) runs as a script in a fresh exam folder, once per seed; its saved
model is scored by ``course exam score`` (in the scorer's sandbox). A naive model of the
same shape (untrained, or the naive forecast for the sunspots) is scored too. Printed per
task: each seed's figure and score, the reference's training and scoring times, and the
naive model's figure and score. The bands in ``course/exam/tasks.py`` come from these.

Usage::

    python benchmarks/exam.py                    # every task, seeds 1 2 3
    python benchmarks/exam.py 5 --seeds 1 2 3 4 5
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "exam_reference"))

from naive import naive_model  # noqa: E402

from course.exam import TASKS, Exam, task  # noqa: E402


def reference(number: int, seed: int) -> dict:
    """Train task ``number``'s reference with ``seed`` in a fresh exam folder and score it."""
    each = task(number)
    with tempfile.TemporaryDirectory(prefix="exam-bench-") as folder:
        exam = Exam(Path(folder))
        exam.start()
        start = time.perf_counter()
        run = subprocess.run([sys.executable, str(ROOT / "tests" / "exam_reference" / f"{each.stem}.py")],
                             cwd=folder, capture_output=True, text=True,
                             env={**os.environ, "EXAM_SEED": str(seed), "TF_CPP_MIN_LOG_LEVEL": "3"})
        trained = time.perf_counter() - start
        if run.returncode != 0:
            raise SystemExit(f"the reference of task {number} failed:\n{run.stderr[-2000:]}")
        start = time.perf_counter()
        row = exam.score([number], heldout_dir=str(ROOT / "heldout")).iloc[0]
        return {"task": number, "seed": seed, "value": row.value, "score": row.score, "message": row.message,
                "train_s": trained, "score_s": time.perf_counter() - start}


def naive(number: int) -> dict:
    """Score a naive model of task ``number``'s shape."""
    with tempfile.TemporaryDirectory(prefix="exam-naive-") as folder:
        exam = Exam(Path(folder))
        exam.start()
        naive_model(number).save(Path(folder) / f"{task(number).stem}.keras")
        row = exam.score([number], heldout_dir=str(ROOT / "heldout")).iloc[0]
        return {"task": number, "naive": row.value, "naive_score": row.score}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", nargs="*", type=int, default=[t.number for t in TASKS])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    args = parser.parse_args(argv)
    rows = []
    for number in args.tasks:
        for seed in args.seeds:
            rows.append(reference(number, seed))
            print(f"task {number} seed {seed}: {rows[-1]['value']:.4g} -> {rows[-1]['score']}/5 "
                  f"(trained in {rows[-1]['train_s']:.0f} s) {rows[-1]['message']}", flush=True)
    runs = pd.DataFrame(rows)
    runs["worst"] = [value if task(number).higher_is_better else -value for number, value in zip(runs.task, runs.value)]
    summary = runs.groupby("task").agg(mean=("value", "mean"), worst=("worst", "min"), lowest_score=("score", "min"),
                                       train_s=("train_s", "max"), score_s=("score_s", "max"))
    summary["worst"] = summary["worst"].abs()
    summary = summary.join(pd.DataFrame([naive(number) for number in args.tasks]).set_index("task"))
    summary.insert(0, "name", [task(n).name for n in summary.index])
    summary.insert(1, "metric", [task(n).figure for n in summary.index])
    print(summary.to_string(float_format=lambda x: f"{x:.4g}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
