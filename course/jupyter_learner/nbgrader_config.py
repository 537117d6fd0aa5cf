"""nbgrader settings of the learners' JupyterLab (``dev.lab_env`` adds this folder to JUPYTER_CONFIG_PATH).

The Assignments panel fetches a module into ``Exchange.assignment_dir``, by default the folder the server
started in: for ``python3 dev.py lab``, the course root, which the learner's lab does not show.
COURSE_ASSIGNMENT_DIR, which ``dev.lab_env`` sets to the learner's ``work/`` folder, puts fetched
modules beside the notebooks instead.
"""

import os

c = get_config()  # noqa: F821 (provided by Jupyter)

if os.environ.get("COURSE_ASSIGNMENT_DIR"):
    c.Exchange.assignment_dir = os.environ["COURSE_ASSIGNMENT_DIR"]
