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
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course import grading  # noqa: E402


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
    modules = args.modules or grading.modules(ROOT)
    if not args.no_header:
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}", flush=True)
    if len(modules) > 1:
        return max(subprocess.call([sys.executable, __file__, "--no-header", module]) for module in modules)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy2(ROOT / "nbgrader_config.py", root)
        shutil.copytree(ROOT / "source", root / "source",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.keras", "checkpoints", "saved"))
        for module in modules:
            release = grading.generate_release(root, module)
            grading.submit(root, module, "reference", release, notebooks_from=root / "source" / module)
            start = time.perf_counter()
            run = grading.autograde(root, module, "reference")
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            rows = [g for g in grading.grades(root) if g.module == module and g.student == "reference"]
            score, most = grading.totals(rows)[module, "reference"]
            print(f"\n{module}: autograde wall time {seconds:.1f} s, peak memory {peak / 1024:.0f} MiB, "
                  f"score {score:g}/{most:g}{'' if run.ok else ' (nbgrader reported errors)'}")
            for notebook in grading.notebooks(root / "autograded" / "reference" / module):
                print(f"  {notebook.name}")
                for line in metric_lines(notebook):
                    print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
