"""nbgrader configuration of an instructor on the course server (JupyterHub puts this folder on JUPYTER_CONFIG_PATH).

The formgrader and plain ``nbgrader`` work on the course directory named by COURSE_DIR, with the
course's own configuration (its exchange, gradebook and grading settings).
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)

if os.environ.get("COURSE_DIR"):
    load_subconfig(os.path.join(os.environ["COURSE_DIR"], "nbgrader_config.py"))  # noqa: F821 (traitlets)
