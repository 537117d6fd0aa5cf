"""Find the nbgrader course directory that a command or a notebook works in.

The course directory is the folder that holds ``nbgrader_config.py`` and
``source/`` (the instructor's copy of the course). It is never derived from
where the ``course`` package is installed: an instructor may keep several
clones of the course, and the package installed from one of them must work on
whichever one the instructor stands in.

The order of precedence is: an explicit folder (``--course-dir``), then the
``COURSE_DIR`` environment variable, then the nearest folder at or above the
current one that looks like a course directory. A notebook that nbgrader runs
in ``autograded/<student>/<module>/`` therefore finds the course it belongs to.

Introduced for the instructor's command line; ``course.data`` uses it to find
the held-out data of hidden tests.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The environment variable that names the course directory.
ENV_VAR = "COURSE_DIR"


class CourseDirError(RuntimeError):
    """No course directory can be found, or the one named is not a course directory."""


def is_course_dir(folder: Path) -> bool:
    """Return whether ``folder`` holds an nbgrader course: ``nbgrader_config.py`` and ``source/``."""
    return (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir()


def find(explicit: str | os.PathLike | None = None, start: str | os.PathLike | None = None) -> Path:
    """Return the course directory, as an absolute path.

    Args:
        explicit: a folder named on the command line (``--course-dir``), or ``None``.
        start: where to start looking upwards; the current folder by default.

    Returns:
        The course directory.

    Raises:
        CourseDirError: with what to do, if the folder named is not a course directory or none is found.

    Example:
        >>> find("/srv/course")  # doctest: +SKIP
        PosixPath('/srv/course')
    """
    for named, origin in ((explicit, "--course-dir"), (os.environ.get(ENV_VAR), f"${ENV_VAR}")):
        if named:
            folder = Path(named).expanduser().resolve()
            if not is_course_dir(folder):
                raise CourseDirError(f"{origin} names {folder}, which is not a course directory "
                                     "(it needs nbgrader_config.py and source/)")
            return folder
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if is_course_dir(folder):
            return folder
    raise CourseDirError(f"no course directory at or above {here}: run the command from the course folder "
                         f"(the one with nbgrader_config.py and source/), or pass --course-dir or set {ENV_VAR}")
