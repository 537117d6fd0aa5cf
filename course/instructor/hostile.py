"""Faulty and hostile submissions: each must be graded to a clear outcome without harming anyone else's.

Every kind below starts from the reference solution of one notebook (``NOTEBOOK``,
quick to grade) and breaks it the way a careless or hostile learner would: an
endless loop, a kernel that dies, a deleted test cell, a corrupted file... Graded
together with a correct submission, each must:

- keep the points of the tests it does not break (``keeps``) and lose those it does
  (``loses``), with a message that says why (``says``, found in the graded notebook
  or in the grading problem);
- cost no more than its notebook's time budget;
- never run where the limit it needs is off on this machine (a fork bomb without a
  process limit, a read of the gradebook without a sandbox): its row then says so;
- leave the correct submission's full marks alone.

`The sandbox kinds try what the sandbox forbids (reading the solutions, the gradebook
or another learner's work, writing outside their folder, reaching the network, gaining
root, killing other processes) and end with ``SandboxCheck: reached [...]``, listing
what they managed: it must be empty, and the instructor's files must be unchanged.

``tools/hostile.py`` grades every kind and prints the table (kind, outcome, time);
``tests/test_hostile.py`` grades them in CI.

Example:
    >>> table = run(Path("."), Path("/tmp/hostile"))  # doctest: +SKIP
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

from . import cohort, grades, limits, sandbox, settings
from .learners import answer
from .nbgrader_api import Course
from .scratch import copy_course, place_submission

MODULE, NOTEBOOK = "m4_time_series", "01_series_and_baselines"
TESTS = ("centred_average_is_centred", "naive_forecast_lines_up", "mae_and_mse_by_hand",
         "trailing_average_uses_only_the_past")
BEFORE, AFTER = TESTS[:2], TESTS[2:]  # the tests before and after the `mae_and_mse` answer cell


@dataclass(frozen=True)
class Kind:
    """One faulty or hostile way to submit ``NOTEBOOK``, and the outcome it must get."""

    name: str
    change: Callable  # (notebook node, or None for a missing notebook) -> the notebook to submit, or bytes
    keeps: tuple = ()  # tests that must keep their full points
    loses: tuple = ()  # tests that must score 0
    says: str = ""  # text the graded notebook's errors (or the grading problem) must contain
    needs: str = ""  # the guarantee (limits.guarantees, sandbox.guarantees) without which it must not run here


#: Where the sandbox kinds aim, filled in by :func:`run` (``@COURSE@`` in their code: the instructor's course).
PLACES = {"@COURSE@": "/nonexistent", "@PORT@": "9"}


def _cell(nb, grade_id):
    return next(cell for cell in nb.cells if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def _append(grade_id: str, code: str) -> Callable:
    def change(nb):
        text = code
        for place, value in PLACES.items():
            text = text.replace(place, value)
        _cell(nb, grade_id).source += "\n\n" + text
        return nb
    return change


def _tries(attempts: str) -> Callable:
    """Append to an answer code that tries each of ``attempts`` (one expression per line) and reports which worked."""
    lines = [line.strip() for line in attempts.strip().splitlines()]
    code = ["import os, signal, socket", "reached = []", "class SandboxCheck(Exception):", "    pass", ""]
    for line in lines:
        code += ["try:", f"    {line}", f"    reached.append({line!r})", "except Exception:", "    pass"]
    code.append("raise SandboxCheck(f'reached {reached}')")
    return _append("mae_and_mse", "\n".join(code))


SECRETS = f"../../../source/{MODULE}/{NOTEBOOK}.ipynb"  # the temporary course it is graded in, from its folder


def _delete(nb):
    nb.cells.remove(_cell(nb, "naive_forecast_lines_up"))
    return nb


def _duplicate(nb):
    cell = _cell(nb, "centred_average_is_centred")
    copy = nbformat.from_dict(dict(cell))
    copy.id = f"{cell.id}-copy"
    nb.cells.insert(nb.cells.index(cell) + 1, copy)
    return nb


def _edit_test(nb):
    _cell(nb, "naive_forecast").source = ("def naive_forecast(values, start):\n"
                                          "    return values[start:]  # wrong: the value itself, not the one before\n")
    _cell(nb, "naive_forecast_lines_up").source = "pass  # the learner replaced the test\n"
    return nb


def _to_markdown(nb):
    index = nb.cells.index(_cell(nb, "mae_and_mse"))
    old = nb.cells[index]
    nb.cells[index] = nbformat.v4.new_markdown_cell(old.source, metadata=old.metadata)
    return nb


KINDS = [
    Kind("an endless loop", _append("mae_and_mse", "while True:\n    pass"), BEFORE, AFTER, "time budget"),
    Kind("a kernel that exits (os._exit)", _append("mae_and_mse", "import os\nos._exit(1)"), BEFORE, AFTER,
         "it exited with status 1"),
    Kind("a crash in compiled code (segfault)", _append("mae_and_mse", "import ctypes\nctypes.string_at(0)"),
         BEFORE, AFTER, "killed by SIGSEGV"),
    Kind("sys.exit() in an answer", _append("mae_and_mse", "import sys\nsys.exit(0)"), TESTS, (), "SystemExit"),
    Kind("memory allocated without bound", _append("mae_and_mse", "def hog():\n    blocks = []\n    while True:\n"
                                                   "        blocks.append(bytearray(10**8))\n\nhog()"),
         TESTS, (), "MemoryError", needs="memory"),
    Kind("a file written without bound", _append("mae_and_mse", "with open('big.bin', 'wb') as f:\n"
                                                 "    while True:\n        f.write(bytes(10**7))"),
         TESTS, (), "File too large", needs="file size"),
    Kind("the disk filled with many files", _append("mae_and_mse", "for number in range(10_000):\n"
                                                    "    with open(f'fill{number}.bin', 'wb') as f:\n"
                                                    "        f.write(bytes(2**28))"),
         TESTS, (), "No space left on device", needs="files"),
    Kind("a fork bomb", _append("mae_and_mse", "import os, time\n\nfor _ in range(5000):\n    if os.fork() == 0:\n"
                                        "        time.sleep(30)\n        os._exit(0)"),
         BEFORE, (), "Resource temporarily unavailable", needs="processes"),
    Kind("an exception at import", _append("mae_and_mse", "import a_module_that_does_not_exist"), TESTS, (),
         "ModuleNotFoundError"),
    Kind("a deleted test cell", _delete, TESTS),
    Kind("a duplicated test cell", _duplicate, TESTS),
    Kind("an edited test cell", _edit_test, tuple(t for t in TESTS if t != "naive_forecast_lines_up"),
         ("naive_forecast_lines_up",)),
    Kind("an answer cell changed to markdown", _to_markdown, TESTS),  # nbgrader makes it code again
    Kind("huge output", _append("centred_moving_average", "for i in range(200_000):\n    print('spam', i)"),
         TESTS),
    Kind("writing to stderr in an answer", _append("naive_forecast", "import sys\nprint('debug', file=sys.stderr)"),
         TESTS),
    Kind("a notebook that is not valid JSON", lambda nb: nbformat.writes(nb)[:300].encode(), (), TESTS,
         "not a valid notebook"),
    Kind("an empty file", lambda nb: b"", (), TESTS, "not a valid notebook"),
    Kind("a missing notebook", lambda nb: None, (), TESTS),
    Kind("reading the solutions and the gradebook", _tries(f"""
         open({SECRETS!r}).read()
         open('../../../gradebook.db', 'rb').read()
         open('@COURSE@/source/{MODULE}/{NOTEBOOK}.ipynb').read()
         open('@COURSE@/gradebook.db', 'rb').read()
         open('@COURSE@/heldout/../nbgrader_config.py').read()
         """), TESTS, (), "SandboxCheck: reached []", needs="files"),
    Kind("reading the held-out data", _tries("""
         open(os.environ.get('COURSE_HELDOUT_DIR', '../../../heldout') + '/sunspots/sunspots_heldout.csv').read()
         os.listdir('../../../heldout')
         os.listdir('@COURSE@/heldout')
         """), TESTS, (), "SandboxCheck: reached []", needs="files"),
    Kind("reading another learner's work", _tries(f"""
         open('@COURSE@/submitted/h-reference/{MODULE}/{NOTEBOOK}.ipynb').read()
         os.listdir('@COURSE@/autograded')
         os.listdir('@COURSE@/exchange')
         """), TESTS, (), "SandboxCheck: reached []", needs="files"),
    Kind("writing outside its folder", _tries("""
         open('@COURSE@/written-by-a-learner.txt', 'w').write('x')
         open('../../../written-by-a-learner.txt', 'w').write('x')
         open('../../../gradebook.db', 'ab').write(b'x')
         """), TESTS, (), "SandboxCheck: reached []", needs="files"),
    Kind("reaching the network", _tries("""
         socket.create_connection(('127.0.0.1', @PORT@), timeout=5).close()
         socket.create_connection(('pypi.org', 443), timeout=5).close()
         """), TESTS, (), "SandboxCheck: reached []", needs="network"),
    Kind("gaining root and killing other processes", _tries("""
         os.setuid(0)
         open('/etc/shadow').read()
         os.kill(-1, signal.SIGKILL)
         """), TESTS, (), "SandboxCheck: reached []", needs="user"),
]


def slug(kind: Kind) -> str:
    return "h-" + "".join(c if c.isalnum() else "-" for c in kind.name.lower()).strip("-")[:40].strip("-")


def submit(course: Course, student: str, change: Callable | None) -> None:
    """Place ``student``'s submission: the reference answers of ``NOTEBOOK``, changed by ``change``."""
    notebook = course.root / "answers" / student / f"{NOTEBOOK}.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(course.root / "release" / MODULE / notebook.name, notebook)
    answer(notebook, course.root / "source" / MODULE / notebook.name)
    folder = place_submission(course, MODULE, student, [notebook])
    if change is None:
        return
    changed = change(nbformat.read(notebook, as_version=4))
    target = folder / notebook.name
    if changed is None:
        target.unlink()
    elif isinstance(changed, bytes):
        target.write_bytes(changed)
    else:
        nbformat.write(changed, target)


def _errors(course: Course, student: str) -> str:
    graded = course.root / "autograded" / student / MODULE / f"{NOTEBOOK}.ipynb"
    if not graded.exists():
        return ""
    nb = nbformat.read(graded, as_version=4)
    return "\n".join(f"{o.get('ename')}: {o.get('evalue')}" for cell in nb.cells for o in cell.get("outputs", [])
                     if o.get("output_type") == "error")


def run(source_root: Path, folder: Path, kinds=None, workers: int = 1) -> pd.DataFrame:
    """Grade every kind (and a correct submission) in a scratch course in ``folder``: one row per kind.

    Columns: kind, score, max_score, seconds, verdict (``ok`` or what went wrong), message.
    """
    kinds = kinds or KINDS
    held = limits.guarantees(settings.KERNEL_MEMORY_BYTES, settings.KERNEL_FILE_BYTES, settings.KERNEL_PROCESSES,
                             settings.KERNEL_CPU_SECONDS)
    held |= sandbox.guarantees() if settings.SANDBOX else dict.fromkeys(("network", "files", "user"), "off (not "
                                                                                                  "configured)")
    skipped = [kind for kind in kinds if kind.needs and held[kind.needs].startswith("off")]
    kinds = [kind for kind in kinds if kind not in skipped]
    course = Course(copy_course(source_root, Path(folder) / "course", [MODULE]))
    course.generate(MODULE).expect(f"building {MODULE}")
    listener = socket.create_server(("127.0.0.1", 0))  # what the network kind tries to reach
    threading.Thread(target=_accept, args=(listener,), daemon=True).start()
    PLACES.update({"@COURSE@": str(course.root), "@PORT@": str(listener.getsockname()[1])})
    students = {"h-reference": Kind("the reference solution", lambda nb: nb, TESTS)}
    students |= {slug(kind): kind for kind in kinds}
    for student, kind in students.items():
        submit(course, student, kind.change)
    try:
        results = cohort.autograde(course, [MODULE], progress=False, workers=workers)
    finally:
        listener.close()
    written = (course.root / "written-by-a-learner.txt").exists()
    cells = grades.cell_grades(course)
    cells = cells[cells.notebook == NOTEBOOK]
    rows = []
    for student, kind in students.items():
        mine = cells[cells.student == student].set_index("grade_id")
        graded = [r for r in results if r.student == student and r.notebook == NOTEBOOK]
        message = (graded[0].problem if graded and graded[0].problem else _errors(course, student))
        wrong = [f"{t} lost points" for t in kind.keeps if mine.loc[t, "score"] != mine.loc[t, "max_score"]]
        wrong += [f"{t} kept points" for t in kind.loses if mine.loc[t, "score"] != 0]
        if kind.says and kind.says not in message:
            wrong.append(f"no message saying {kind.says!r}")
        if kind.name == "writing outside its folder" and written:
            wrong.append("a file appeared in the instructor's course")
        rows.append({"kind": kind.name, "score": mine["score"].sum(), "max_score": mine["max_score"].sum(),
                     "seconds": round(graded[0].seconds, 1) if graded else 0.0,
                     "verdict": "; ".join(wrong) or "ok", "message": _first(message, kind.says)})
    rows += [{"kind": kind.name, "score": None, "max_score": None, "seconds": None,
              "verdict": f"skipped: the {kind.needs} limit is {held[kind.needs]}", "message": ""} for kind in skipped]
    return pd.DataFrame(rows)


def _accept(listener: socket.socket) -> None:
    """Accept and close connections until ``listener`` is closed."""
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        connection.close()


def _first(message: str, says: str) -> str:
    """The line of ``message`` that holds ``says`` (or its first line), shortened for a table."""
    lines = [line for line in message.splitlines() if line.strip()]
    line = next((line for line in lines if says and says in line), lines[0] if lines else "")
    return line[:110]
