"""Simulated learners: each with an identity of their own as nbgrader sees it, a home folder and a config.

On a real course server every learner is a Unix user, and nbgrader takes the
learner's id from the login. Where this machine allows it (run as root, with
``useradd``), each simulated learner is a real Unix user created for the run,
whose nbgrader commands run under that user's id, so nobody can overwrite
anybody's submission. Elsewhere, the learners share the current user and each
one's nbgrader config sets ``CourseDirectory.student_id`` instead; everything
else is the same.

Each learner's home holds ``.jupyter/nbgrader_config.py`` (course id, exchange
folder, and the fetch receipts of :mod:`course.exchange`), the modules they
fetch, and nbgrader's cache of their submissions.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .nbgrader_api import CourseError

#: The comment on the Unix accounts this module creates, so that it only ever removes its own.
ACCOUNT_COMMENT = "tf-developer-course simulated learner"

SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


@dataclass(frozen=True)
class Learner:
    """A simulated learner: roster fields, and what kind of work they hand in."""

    id: str
    first_name: str
    last_name: str
    email: str
    kind: str  # "full", "blank", "partial" or "broken"


def can_create_accounts() -> bool:
    """Whether learners can be real Unix users here: running as root, with ``useradd`` and ``userdel``."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and all(shutil.which(t) for t in ("useradd", "userdel"))


class Account:
    """A learner's identity, home folder and nbgrader configuration for one run."""

    def __init__(self, learner: Learner, home: Path, exchange: Path, course_id: str, unix_user: bool):
        self.learner, self.home, self.exchange, self.course_id = learner, Path(home), Path(exchange), course_id
        self.unix_user = unix_user
        self.uid = self.gid = None

    # ------------------------------------------------------------------ set-up and clean-up

    def create(self) -> Account:
        """Create the home folder (and the Unix user) and write the learner's nbgrader config."""
        self.home.mkdir(parents=True, exist_ok=True)
        if self.unix_user:
            self._create_user()
        config = self.home / ".jupyter" / "nbgrader_config.py"
        config.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# nbgrader configuration of a simulated learner (written by `course demo`)",
                 "c = get_config()  # noqa: F821",
                 f"c.CourseDirectory.course_id = {self.course_id!r}",
                 f"c.Exchange.root = {str(self.exchange)!r}",
                 "c.ExchangeFactory.fetch_assignment = 'course.exchange.ExchangeFetchAssignment'"]
        if not self.unix_user:  # no login of their own: nbgrader's student-id setting tells them apart
            lines.append(f"c.CourseDirectory.student_id = {self.learner.id!r}")
        config.write_text("\n".join(lines) + "\n")
        self.give_back_files()
        return self

    def _create_user(self) -> None:
        name = self.learner.id
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            subprocess.run(["useradd", "--no-create-home", "--home-dir", str(self.home), "--shell", "/usr/sbin/nologin",
                            "--user-group", "--comment", ACCOUNT_COMMENT, name], check=True, capture_output=True)
            entry = pwd.getpwnam(name)
        if entry.pw_gecos != ACCOUNT_COMMENT:
            raise CourseError(f"a Unix user {name!r} already exists on this machine and is not a simulated learner: "
                              "remove it or run the demo without root")
        self.uid, self.gid = entry.pw_uid, entry.pw_gid
        self.home.chmod(0o700)

    def give_back_files(self) -> None:
        """Make the learner the owner of everything in their home (after the simulation wrote there)."""
        if self.uid is None:
            return
        for folder, dirs, files in os.walk(self.home):
            for name in [folder, *(os.path.join(folder, f) for f in dirs + files)]:
                os.chown(name, self.uid, self.gid, follow_symlinks=False)

    def remove(self, owner: tuple[int, int]) -> None:
        """Delete the Unix user created for the run; its home stays, owned by ``owner`` (uid, gid)."""
        if self.uid is None:
            return
        for folder, dirs, files in os.walk(self.home):
            for name in [folder, *(os.path.join(folder, f) for f in dirs + files)]:
                os.chown(name, *owner, follow_symlinks=False)
        if pwd.getpwnam(self.learner.id).pw_gecos == ACCOUNT_COMMENT:
            subprocess.run(["userdel", self.learner.id], check=False, capture_output=True)
        self.uid = self.gid = None

    # ------------------------------------------------------------------ what the learner does

    def nbgrader(self, *args: str) -> str:
        """Run ``nbgrader ARGS`` as the learner, in their home; return its output, failing clearly."""
        env = {"HOME": str(self.home), "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
               "LANG": os.environ.get("LANG", "C.UTF-8"), "USER": self.learner.id, "LOGNAME": self.learner.id}
        user = {"user": self.uid, "group": self.gid, "extra_groups": []} if self.uid is not None else {}
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=self.home, env=env, text=True,
                                capture_output=True, **user)
        if result.returncode != 0:
            raise CourseError(f"{self.learner.id}: `nbgrader {' '.join(args)}` failed:\n{result.stderr[-2000:]}")
        return result.stdout + result.stderr

    def fetch(self, module: str) -> Path:
        self.nbgrader("fetch_assignment", module)
        return self.home / module

    def submit(self, module: str) -> None:
        self.nbgrader("submit", module)

    def fetch_feedback(self, module: str) -> list[Path]:
        self.nbgrader("fetch_feedback", module)
        return sorted((self.home / module / "feedback").glob("*/*.html"))


def answer(notebook: Path, solutions: Path) -> None:
    """Write the instructor's solution into every solution cell of ``notebook``, as a learner would type it."""
    nb = nbformat.read(notebook, as_version=4)
    solved = {cell.metadata.nbgrader["grade_id"]: cell.source
              for cell in nbformat.read(solutions, as_version=4).cells
              if cell.get("metadata", {}).get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in solved:
            cell.source = SOLUTION_MARKER.sub("", solved[grade_id])
    nbformat.write(nb, notebook)


def break_notebook(notebook: Path) -> None:
    """Cut a notebook file short, as a crash while saving would: it is no longer valid JSON."""
    notebook.write_text(notebook.read_text(encoding="utf-8")[:400], encoding="utf-8")
