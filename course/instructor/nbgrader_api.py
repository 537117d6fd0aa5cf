"""The course directory, reached through nbgrader's Python API (``NbGraderAPI`` and ``Gradebook``).

Everything the instructor's commands do to the course goes through here, with
the configuration plain ``nbgrader`` would read in the course directory (the
course's ``nbgrader_config.py`` and the instructor's Jupyter config folders),
so an instructor can drop to plain nbgrader at any step and see the same state.

Example:
    >>> course = Course(Path("/srv/course"))  # doctest: +SKIP
    >>> course.generate("m1_foundations").ok  # doctest: +SKIP
    True
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..exchange import RECEIPTS

#: The nbgrader config file of a course directory and of each Jupyter config folder.
CONFIG_FILE = "nbgrader_config.py"


class CourseError(RuntimeError):
    """Bad input or a course in a state that the command cannot work on; the message says what to do."""


@dataclass
class Outcome:
    """What one nbgrader step did: whether it worked, its log and, if it failed, the error."""

    ok: bool
    log: str = ""
    error: str = ""

    @classmethod
    def from_result(cls, result: dict) -> Outcome:
        return cls(bool(result.get("success")), result.get("log") or "", result.get("error") or "")

    def expect(self, what: str) -> Outcome:
        """Raise :class:`CourseError` saying that ``what`` failed, with the end of the log, unless it worked.

        Example:
            >>> course.release("m1_foundations").expect("releasing m1_foundations")  # doctest: +SKIP
        """
        if not self.ok:
            raise CourseError(f"{what} failed:\n{self.tail()}")
        return self

    def tail(self, lines: int = 15) -> str:
        """The last lines of the error and the log, for a report."""
        text = (self.error or self.log).strip().splitlines()
        return "\n".join(text[-lines:])


def load_config(root: Path, overrides=None):
    """Read the nbgrader configuration that plain ``nbgrader`` run in ``root`` would read.

    The Jupyter config folders come first (system, then the user's ``~/.jupyter``), then
    the course's own ``nbgrader_config.py``, then ``overrides`` (a traitlets ``Config``).
    """
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    config = Config()
    for folder in [*reversed(jupyter_config_path()), str(root)]:
        try:
            config.merge(PyFileConfigLoader(CONFIG_FILE, path=folder).load_config())
        except ConfigFileNotFound:
            continue
    if overrides is not None:
        config.merge(overrides)
    return config


def _quiet_logger() -> logging.Logger:
    """A logger for nbgrader's apps that writes nowhere: ``capture_log`` collects what they say."""
    logger = logging.getLogger("course.nbgrader")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return logger


def _alembic_on_path() -> None:
    """nbgrader's gradebook runs the ``alembic`` program: find it next to this Python (in a virtual environment)."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])


class Course:
    """One nbgrader course directory: its modules, exchange and gradebook.

    Args:
        root: the course directory (see :func:`course.coursedir.find`).
        overrides: a traitlets ``Config`` applied on top of the course's configuration,
            e.g. ``Config({"IgnorePattern": {"enabled": False}})``.
    """

    def __init__(self, root: Path, overrides=None):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        _alembic_on_path()
        # nbgrader 0.9.6's Gradebook.add_submission under SQLAlchemy 2.1: harmless, and not the instructor's concern
        warnings.filterwarnings("ignore", message="Object of type <Submitted")
        self.root = Path(root).resolve()
        self.overrides = overrides
        self.config = load_config(self.root, overrides)
        self.config.CourseDirectory.root = str(self.root)  # whatever a user config says, this course
        log = _quiet_logger()
        self.coursedir = CourseDirectory(config=self.config, log=log)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=self.config, log=log)

    # ------------------------------------------------------------------ what the course holds

    @property
    def course_id(self) -> str:
        return self.coursedir.course_id

    @property
    def exchange_root(self) -> Path:
        return Path(self.api.exchange_root)

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    def modules(self) -> list[str]:
        """The modules (nbgrader assignments) in ``source/``, in order."""
        return sorted(p.name for p in (self.root / "source").glob("m[0-9]*_*") if p.is_dir())

    def notebooks(self, module: str, folder: str = "source") -> list[str]:
        """The names (without ``.ipynb``) of a module's notebooks in ``source/`` or ``release/``."""
        return sorted(p.stem for p in (self.root / folder / module).glob("*.ipynb"))

    def check_modules(self, names) -> list[str]:
        """Return ``names`` (every module if empty), failing clearly on an unknown one."""
        known = self.modules()
        unknown = [name for name in names if name not in known]
        if unknown:
            raise CourseError(f"unknown module {', '.join(map(repr, unknown))}: the course has {', '.join(known)}")
        return list(names) or known

    def submitted_students(self, module: str) -> list[str]:
        """Learners whose submission of ``module`` was collected into ``submitted/``."""
        return sorted(p.parent.name for p in (self.root / "submitted").glob(f"*/{module}") if p.is_dir())

    def students(self) -> list[str]:
        """Every learner in the gradebook (roster and graded learners)."""
        with self.gradebook() as gradebook:
            return sorted(student.id for student in gradebook.students)

    @contextlib.contextmanager
    def gradebook(self):
        """The course's gradebook (``nbgrader.api.Gradebook``), closed afterwards."""
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url, self.course_id) as gradebook:
            yield gradebook

    # ------------------------------------------------------------------ the exchange

    def check_exchange(self, write: bool = True) -> Path:
        """Return the exchange folder, failing clearly if it is missing or not usable.

        The default exchange inside the course directory is created when missing; a folder
        named by ``COURSE_EXCHANGE`` or a Jupyter config must exist (a typo should not create
        a new, empty exchange that no learner sees).
        """
        root = self.exchange_root
        if not root.exists():
            if root == self.root / "exchange":
                root.mkdir(mode=0o777)
                root.chmod(0o777)  # learners must be able to submit into it
                return root
            raise CourseError(f"the exchange folder {root} does not exist: create it (mkdir -m 777 {root}) or "
                              "point COURSE_EXCHANGE at the exchange your learners use")
        if not root.is_dir():
            raise CourseError(f"the exchange {root} is not a folder")
        if not os.access(root, os.R_OK | os.X_OK | (os.W_OK if write else 0)):
            raise CourseError(f"the exchange folder {root} is not {'writable' if write else 'readable'} for you: "
                              "fix its permissions (chmod 777) or point COURSE_EXCHANGE at another folder")
        return root

    # ------------------------------------------------------------------ nbgrader steps

    def generate(self, module: str) -> Outcome:
        """``nbgrader generate_assignment MODULE --force``: build ``release/MODULE`` and record it in the gradebook."""
        return Outcome.from_result(self.api.generate_assignment(module, force=True, create=True))

    def release(self, module: str) -> Outcome:
        """``nbgrader release_assignment MODULE --force``: put the student copy in the exchange."""
        from nbgrader.utils import temp_attrs

        self.check_exchange()
        with temp_attrs(self.coursedir, assignment_id=module):
            app = self.api.exchange.ReleaseAssignment(coursedir=self.coursedir, authenticator=self.api.authenticator,
                                                      parent=self.api)
            app.force = True  # releasing again replaces the copy in the exchange
            outcome = self._run(app)
        receipts = self.exchange_root / self.course_id / RECEIPTS
        if outcome.ok and not receipts.exists():  # course.exchange's fetch receipts: write-only for learners
            receipts.mkdir()
            receipts.chmod(0o2733)
        return outcome

    def collect(self, module: str) -> Outcome:
        """``nbgrader collect MODULE --update``: copy the newest submissions into ``submitted/``."""
        self.check_exchange(write=False)
        return Outcome.from_result(self.api.collect(module, update=True))

    def autograde(self, module: str, student: str, notebook: str = "*") -> Outcome:
        """``nbgrader autograde MODULE --student STUDENT --notebook NOTEBOOK --force``.

        Grading one notebook at a time keeps a notebook that nbgrader cannot process
        (not valid JSON, say) from discarding the grades of the learner's other notebooks.
        """
        from nbgrader.converters import Autograde
        from nbgrader.utils import temp_attrs

        with temp_attrs(self.coursedir, assignment_id=module, student_id=student, notebook_id=notebook):
            app = Autograde(coursedir=self.coursedir, parent=self.api)
            app.force = True
            app.create_student = True
            return self._run(app)

    def generate_feedback(self, module: str, student: str | None = None) -> Outcome:
        """``nbgrader generate_feedback MODULE [--student STUDENT] --force``."""
        return Outcome.from_result(self.api.generate_feedback(module, student, force=True))

    def release_feedback(self, module: str, student: str | None = None) -> Outcome:
        """``nbgrader release_feedback MODULE [--student STUDENT]``: put the feedback in the exchange."""
        self.check_exchange()
        return Outcome.from_result(self.api.release_feedback(module, student))

    @staticmethod
    def _run(app) -> Outcome:
        from nbgrader.utils import capture_log

        return Outcome.from_result(capture_log(app))
