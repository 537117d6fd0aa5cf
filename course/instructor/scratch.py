"""Scratch copies of a course, and submissions placed in them as nbgrader's collect would.

The demo, the tests, the benchmarks and the fairness suite grade in a copy of
the course so that the instructor's own gradebook and folders are never touched.

Example:
    >>> root = copy_course(Path("."), Path("/tmp/scratch"), ["m1_foundations"])  # doctest: +SKIP
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from .settings import NOTEBOOK_LEFTOVERS


def copy_course(source_root: Path, target: Path, modules=None) -> Path:
    """Copy what an instructor's course directory holds into ``target``: config, source and held-out data.

    The copy keeps its gradebook in ``target/gradebook.db``, whatever database the course uses.
    Generated folders (``release/``, ``submitted/``, the gradebook...) and the files that
    running a notebook leaves behind are not copied. ``modules``: the modules to copy (all if ``None``).

    Returns:
        ``target``.
    """
    source_root, target = Path(source_root), Path(target)
    modules = modules or sorted(p.name for p in (source_root / "source").glob("m[0-9]*_*") if p.is_dir())
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source_root / "nbgrader_config.py", target)
    with (target / "nbgrader_config.py").open("a") as config:  # never the instructor's database (COURSE_DB_URL)
        config.write("\n# A scratch copy keeps a gradebook of its own.\n"
                     "c.CourseDirectory.db_url = f\"sqlite:///{here / 'gradebook.db'}\"\n")
    shutil.copytree(source_root / "heldout", target / "heldout")
    for module in modules:
        shutil.copytree(source_root / "source" / module, target / "source" / module,
                        ignore=shutil.ignore_patterns(*NOTEBOOK_LEFTOVERS))
    return target


def place_submission(course, module: str, student: str, notebooks=(), only=False) -> Path:
    """Put a submission in ``submitted/<student>/<module>/``, as nbgrader's collect would.

    It is the student copy from ``release/`` with ``notebooks`` (paths) copied over it;
    with ``only``, the other notebooks of the student copy are left out.

    Returns:
        The submission folder.
    """
    target = course.root / "submitted" / student / module
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(course.root / "release" / module, target)
    names = {Path(n).name for n in notebooks}
    for notebook in notebooks:
        shutil.copy2(notebook, target / Path(notebook).name)
    if only:
        for other in target.glob("*.ipynb"):
            if other.name not in names:
                other.unlink()
    (target / "timestamp.txt").write_text(time.strftime("%Y-%m-%d %H:%M:%S.000000 UTC", time.gmtime()))
    return target
