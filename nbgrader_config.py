"""nbgrader configuration of the TensorFlow Developer course.

The folder holding this file is the course directory: source/, release/,
submitted/, autograded/, feedback/ and gradebook.db all live here.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader)
here = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "tf-developer-course"
c.CourseDirectory.root = str(here)

# Releasing and collecting go through this folder; instructors on a shared
# JupyterHub point COURSE_EXCHANGE at the hub's exchange (e.g. /srv/nbgrader/exchange).
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", str(here / "exchange"))

# Training cells run for up to a minute on a laptop CPU; allow generous slack.
c.Execute.timeout = 600

# Files that running a notebook leaves next to it never become part of the student copy.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "*.keras", "*.weights.h5", "checkpoints", "saved", "train_digits.py"]

# A learner who deletes a graded cell gets it back, graded as usual.
c.OverwriteCells.add_missing_cells = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# nbgrader scores a test cell that writes to stderr as failed. TensorFlow's C++
# start-up messages are silenced for the kernels nbgrader starts (they inherit
# this environment), and any that still slip through are stripped before scoring.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "agg")
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = (
    r"^(WARNING: All log messages before absl::InitializeLog\(\)|[IWE]\d{4} [\d:. ]+\d+ \w+\.cc:\d+\])"
)
