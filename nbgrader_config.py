"""nbgrader configuration of the TensorFlow Developer course.

The folder holding this file is the course directory: source/, release/,
submitted/, autograded/, feedback/ and gradebook.db all live here. The course's
own commands (`python -m course ...`) read this file too, so plain nbgrader and
the course see the same course.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from course.instructor import settings
from course.instructor.preprocessors import (
    CourseDeduplicateIds,
    CourseExecute,
    CourseOverwriteCells,
    LearnerFeedback,
)
from course.instructor.sandbox import GradingKernelManager, SandboxedKernelManager

c = get_config()  # noqa: F821 (provided by nbgrader)
here = Path(__file__).resolve().parent

c.CourseDirectory.course_id = settings.COURSE_ID
c.CourseDirectory.root = str(here)

# Releasing and collecting go through this folder; instructors on a shared
# JupyterHub point COURSE_EXCHANGE at the hub's exchange (e.g. /srv/nbgrader/exchange).
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", str(here / "exchange"))

# The gradebook is gradebook.db (SQLite) here, unless COURSE_DB_URL names another database that
# nbgrader's SQLAlchemy can reach, e.g. postgresql://grader@db.example.org/tf_course (psycopg,
# pip install -e ".[postgres]"). Scratch copies of the course (the demo, grading kits) keep SQLite.
if os.environ.get(settings.DB_URL_VAR):
    c.CourseDirectory.db_url = os.environ[settings.DB_URL_VAR]

# Training cells run for up to a minute on a laptop CPU; allow generous slack.
c.Execute.timeout = 600

# Files that running a notebook leaves next to it never become part of the student copy.
c.CourseDirectory.ignore = list(settings.NOTEBOOK_LEFTOVERS)

# A learner who deletes a graded cell gets it back where the student copy has it, graded as usual;
# a copied graded cell is graded once (the last copy).
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = [ClearOutput, CourseDeduplicateIds, OverwriteKernelspec, CourseOverwriteCells,
                                      CheckCellMetadata]
c.CourseOverwriteCells.release_dir = str(here / "release")

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# nbgrader scores a test cell that writes to stderr as failed. TensorFlow's C++
# start-up messages are silenced for the kernels nbgrader starts (their environment,
# not this process's: the Validate button loads this file into the learner's Jupyter
# server), and any that still slip through are stripped before scoring.
c.Execute.kernel_manager_class = GradingKernelManager
# (the autograder's own, below, also runs each kernel in its sandbox; this more specific setting
# keeps the line above from replacing it when nbgrader applies the configuration again)
c.CourseExecute.kernel_manager_class = SandboxedKernelManager
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = settings.IGNORED_STDERR

# Autograde as nbgrader does, except that a notebook submitted exactly as released
# is not run: every one of its tests fails anyway (course/instructor/preprocessors.py).
c.Autograde.autograde_preprocessors = [CourseExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
c.CourseExecute.release_dir = str(here / "release")
# Each notebook may run for twice its reference solution's grading time, plus a minute: an endless
# loop or absurd training costs that, not the 10-minute cell timeout of every cell.
c.CourseExecute.reference_seconds = settings.reference_seconds()
c.CourseExecute.budget_factor = settings.BUDGET_FACTOR
c.CourseExecute.budget_slack = settings.BUDGET_SLACK
# A graded kernel cannot allocate memory, write files or start processes without bound.
c.CourseExecute.memory_limit = settings.KERNEL_MEMORY_BYTES
c.CourseExecute.file_size_limit = settings.KERNEL_FILE_BYTES
c.CourseExecute.process_limit = settings.KERNEL_PROCESSES
c.CourseExecute.cpu_limit = settings.KERNEL_CPU_SECONDS
# ... and runs in a sandbox: no network, no file of the course but its own folder, as an unprivileged
# user (course/instructor/sandbox.py). Hidden tests measure models on the held-out data through a
# trusted scorer outside it; a notebook whose tests still read the held-out files gets them read-only.
c.CourseExecute.sandbox = settings.SANDBOX
c.CourseExecute.heldout_dir = os.environ.get("COURSE_HELDOUT_DIR", str(here / "heldout"))

# Feedback shows each test's result and message, never the hidden tests' code or held-out paths.
c.GenerateFeedback.preprocessors = [GetGrades, LearnerFeedback, CSSHTMLHeaderPreprocessor]
c.LearnerFeedback.hidden_paths = [os.environ.get("COURSE_HELDOUT_DIR", str(here / "heldout")), str(here)]
