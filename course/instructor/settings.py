"""The settings that grading shares with nbgrader_config.py, the tests and the benchmarks.

This is the one place for the environment that graded notebooks run in and for
the files that running a notebook leaves next to it. ``nbgrader_config.py``
reads both; ``.gitignore`` repeats the leftovers (a test checks that it does).
"""

from __future__ import annotations

import json
from pathlib import Path

#: The course id that nbgrader's exchange files the course under.
COURSE_ID = "tf-developer-course"

#: The environment variable naming the course's gradebook database (nbgrader's ``db_url``), e.g. a PostgreSQL
#: server's ``postgresql://...``; unset, the gradebook is ``gradebook.db`` (SQLite) in the course directory.
DB_URL_VAR = "COURSE_DB_URL"

#: Environment of the notebooks that nbgrader runs (autograde and the Validate button).
#: TensorFlow's C++ start-up messages would otherwise land on stderr, which nbgrader scores
#: as a failed test; plots are drawn without a screen.
GRADING_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "agg"}

#: Files and folders that running a notebook leaves next to it (checkpoints, saved models,
#: written scripts, fetched feedback). They never become part of a student copy or a submission
#: that is graded, and git ignores them.
NOTEBOOK_LEFTOVERS = (".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.keras", "*.weights.h5",
                      "checkpoints", "saved", "train_digits.py")

#: Lines that TensorFlow's C++ runtime may still write to stderr although TF_CPP_MIN_LOG_LEVEL
#: silences it; nbgrader's IgnorePattern strips them before scoring.
IGNORED_STDERR = r"^(WARNING: All log messages before absl::InitializeLog\(\)|[IWE]\d{4} [\d:. ]+\d+ \w+\.cc:\d+\])"

#: Seconds that grading each notebook's reference solution takes ("module/notebook" -> s), as the
#: main job grades: measured by tools/reference_times.py. Each notebook's time budget while it is
#: graded is BUDGET_FACTOR times its reference time plus BUDGET_SLACK (see CourseExecute).
REFERENCE_SECONDS = Path(__file__).with_name("reference_seconds.json")
BUDGET_FACTOR = 2.0
BUDGET_SLACK = 60.0


def reference_seconds() -> dict:
    """The measured reference grading times (empty if they were never measured)."""
    return json.loads(REFERENCE_SECONDS.read_text()) if REFERENCE_SECONDS.exists() else {}

#: Resource limits of each graded kernel (see course/instructor/limits.py): memory it may allocate
#: (TensorFlow's own needs are about 1-2 GB; beyond the limit allocations fail with MemoryError)
#: and the largest file it may write...
KERNEL_MEMORY_BYTES = 8 * 2**30
KERNEL_FILE_BYTES = 512 * 2**20
#: ... and the most processes and threads it may have (TensorFlow starts a few dozen threads per core).
KERNEL_PROCESSES = 1024
#: ... and the CPU seconds each of its processes may use: far beyond any notebook's time budget (at most a few
#: minutes on a few threads), so it binds only a process that escapes the budget.
KERNEL_CPU_SECONDS = 3600
#: Whether each graded kernel runs in a sandbox (see course/instructor/sandbox.py), where the machine has
#: bubblewrap; `course autograde` says which of its guarantees hold.
SANDBOX = True
