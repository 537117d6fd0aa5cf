"""nbgrader preprocessors of the course, switched on in ``nbgrader_config.py``.

- :class:`CourseExecute` replaces nbgrader's ``Execute`` while autograding. A
  notebook submitted exactly as it was released is not run, and each of its tests
  scores 0 with a message saying why: running it would only have started a kernel,
  imported TensorFlow and trained the lessons' demonstration models for tests that
  cannot pass (``tests/test_grading.py`` proves that every test of every released
  notebook fails when nothing is filled in). A notebook with any change at all (an
  answer, an added cell, an edited lesson cell) is run as usual, within a time budget
  (twice its reference time, plus slack), under memory, file-size and process limits
  and in a sandbox of its own (:mod:`.sandbox`: no network, no files but its own,
  an unprivileged user); a kernel that dies costs only the tests after it, each with
  a message saying where and why.
  The kernel's own log (TensorFlow's start-up lines, Jupyter's warnings) goes to
  ``.kernel-<notebook>.log`` next to the graded notebook.
- :class:`CourseOverwriteCells` puts a test cell that a learner deleted back where
  the student copy has it (nbgrader can put it before the cells it depends on);
  :class:`CourseDeduplicateIds` lets nbgrader grade a notebook with a copied test cell.
- :class:`LearnerFeedback` prepares the feedback that learners receive: it removes
  the hidden tests' code, shows only the message of a failed check (not a traceback
  that quotes hidden code), hides held-out file paths, and adds a summary table
  of every graded cell at the top.

Because they are configured in ``nbgrader_config.py``, plain ``nbgrader autograde``
and ``nbgrader generate_feedback`` behave exactly like the course's commands.
"""

from __future__ import annotations

import html
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient.exceptions import DeadKernelError
from nbclient.util import run_sync
from nbgrader.preprocessors import DeduplicateIds, Execute, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, Dict, Float, Integer, List, Unicode

from .. import heldout
from . import limits, sandbox, scoring

#: The error a test of an untouched notebook reports instead of running.
NOT_ATTEMPTED = ("this notebook was submitted exactly as it was released (no exercise answered), so its "
                 "tests were not run: write your answers in the cells marked # YOUR CODE HERE")

#: Lines that course.checks prints for a measured value: "<what>: <value> (at least <x> needed)".
METRIC_LINE = re.compile(r"^.+: \S+ \((at least|at most) \S+ (needed|allowed)\)$")

HIDDEN = re.compile(r"^[ \t]*#+ BEGIN HIDDEN TESTS.*?^[ \t]*#+ END HIDDEN TESTS[^\n]*\n?", re.M | re.S)
ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: What a test cell that reads the held-out data itself (not through course.heldout.measure) contains.
READS_HELDOUT = re.compile(r"\b(load_heldout|heldout_path|heldout_dir|heldout_folder)\(")


def reads_heldout(nb) -> bool:
    """Whether a test cell of ``nb`` reads the held-out files itself (the learner's own cells do not count)."""
    return any(_is_test(cell) and READS_HELDOUT.search(cell.source) for cell in nb.cells)


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _editable_code(nb) -> list[str]:
    """The source of every code cell a learner can change (every one but the locked cells), in order."""
    return [cell.source for cell in nb.cells
            if cell.cell_type == "code" and not cell.get("metadata", {}).get("nbgrader", {}).get("locked")]


def _not_run(cell, reason: str) -> None:
    """Leave ``cell`` unexecuted; a test cell gets an error saying why, so that it scores 0 (not full marks)."""
    if cell.cell_type != "code":
        return
    cell.outputs = []
    cell.execution_count = None
    if _is_test(cell):
        cell.outputs = [nbformat.v4.new_output("error", ename="NotRun", evalue=reason,
                                               traceback=[f"NotRun: {reason}"])]


def _how_it_died(process, sandboxed: bool = False) -> str:
    """Why a kernel process ended, in words: its exit status or the signal that killed it.

    A sandboxed kernel's process is bubblewrap's, which exits with 128 + the signal
    that killed the kernel inside it.
    """
    code = process.poll() if process is not None else None
    if code is None:
        return "it stopped answering"
    if sandboxed and code > 128 and code - 128 in signal.Signals._value2member_map_:
        code = 128 - code
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else f"signal {-code}"
        hint = {"SIGKILL": " (most often: it ran out of memory)", "SIGSEGV": " (a crash in compiled code)",
                "SIGXCPU": " (it used more CPU time than a graded notebook may)"}
        return f"it was killed by {name}{hint.get(name, '')}"
    return f"it exited with status {code} (os._exit, exit() or a crash)"


def _released_copy(release_dir: str, resources) -> nbformat.NotebookNode | None:
    """The student copy of the notebook in ``resources``, as released (``None`` if it is not there)."""
    info = resources.get("nbgrader", {})
    if not release_dir or "assignment" not in info:
        return None
    path = Path(release_dir) / info["assignment"] / f"{info['notebook']}.ipynb"
    return nbformat.read(path, as_version=nbformat.NO_CONVERT) if path.is_file() else None


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


class CourseDeduplicateIds(DeduplicateIds):
    """nbgrader's ``DeduplicateIds``, leaving a duplicated graded cell as a plain cell that nbgrader can read.

    nbgrader keeps the last cell with a given id and empties the metadata of the others,
    which its later steps then reject ("an old version of the nbgrader metadata format"):
    a learner who copies a test cell would lose every point of the notebook.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = _grade_id(cell)
        if grade_id is not None and grade_id in self.grade_ids:
            self.log.warning("Cell with id '%s' exists multiple times: the last one is graded", grade_id)
            del cell.metadata["nbgrader"]
            return cell, resources
        return super().preprocess_cell(cell, resources, cell_index)


class CourseOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells``, putting a deleted graded cell back exactly where the student copy has it.

    nbgrader puts it right after the previous cell that has nbgrader metadata, which can be
    before the "Just run this cell" cells that define what the test checks: correct work
    then loses the test's points. Here the cell goes after the nearest cell before it in
    the student copy that is still in the submission (found by its id, or by its unchanged
    source), so it runs after everything it ran after in the student copy.
    """

    release_dir = Unicode("", help="The course's release/ folder, holding the student copy as released.").tag(
        config=True)

    def add_missing_grade_cells(self, nb, resources):
        released = _released_copy(self.release_dir, resources)
        if released is None:
            return super().add_missing_grade_cells(nb, resources)
        source = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        cells = {cell.name: cell for cell in source.source_cells}
        graded = {cell.name: cell for cell in source.grade_cells}
        solutions = {cell.name for cell in source.solution_cells}
        for index, cell in enumerate(released.cells):
            grade_id = _grade_id(cell)
            if grade_id not in graded or any(_grade_id(c) == grade_id for c in nb.cells):
                continue
            self.log.warning("Missing grade cell %s encountered, adding it back where the student copy has it",
                             grade_id)
            restored = self.missing_cell_transform(cells[grade_id], graded[grade_id].max_score,
                                                   is_solution=grade_id in solutions)
            nb.cells.insert(self._after(nb, released.cells[:index]), restored)
        return nb, resources

    @staticmethod
    def _after(nb, before) -> int:
        """Where a cell goes: after the last cell of ``before`` still in ``nb`` (by id, or unchanged source)."""
        for previous in reversed(before):
            grade_id = _grade_id(previous)
            for position in range(len(nb.cells) - 1, -1, -1):
                cell = nb.cells[position]
                if grade_id and _grade_id(cell) == grade_id:
                    return position + 1
                if not grade_id and previous.source.strip() and cell.cell_type == previous.cell_type \
                        and cell.source == previous.source:
                    return position + 1
        return 0


class CourseExecute(Execute):
    """nbgrader's ``Execute``, with a time budget per notebook, cells graded up to a dying kernel, and kernel logs.

    - A notebook left exactly as released is not run (see the module docstring).
    - A notebook has a time budget, ``budget_factor`` times its reference solution's grading
      time (``reference_seconds``) plus ``budget_slack``: the cell that runs past it is
      interrupted, and the cells after it are not run. A runaway notebook (an endless loop,
      absurd epochs) costs at most its budget, not the per-cell timeout of every cell.
    - When the kernel dies (out of memory, ``os._exit``, a crash), the cells run before keep
      their results; the cell where it died says so and why, and the later tests score 0
      with a message, instead of nbgrader discarding the whole notebook.
    - The kernel's own log goes to ``.kernel-<notebook>.log`` next to the graded notebook.
    - With ``sandbox`` on, the kernel runs in a :class:`.sandbox.Sandbox` (where the machine has
      bubblewrap): it sees its own folder and no network. Hidden tests measure models on the held-out
      data through a trusted scorer outside it (:mod:`.scoring`); only a notebook whose test cells
      still read ``heldout_dir`` themselves gets it read-only.
    """

    release_dir = Unicode("", help="The course's release/ folder, holding the student copy as released.").tag(
        config=True)
    reference_seconds = Dict(value_trait=Float(), help="Seconds that grading each notebook's reference solution "
                             "takes, by 'module/notebook'.").tag(config=True)
    budget_factor = Float(2.0, help="A notebook's time budget, in multiples of its reference time.").tag(config=True)
    budget_slack = Float(30.0, help="Seconds added to every notebook's time budget (kernel start-up, a busy "
                         "machine).").tag(config=True)
    memory_limit = Integer(0, help="Most bytes of memory a graded kernel may allocate (RLIMIT_DATA: beyond it, "
                           "allocations fail with MemoryError); 0: no limit.").tag(config=True)
    file_size_limit = Integer(0, help="Largest file a graded kernel may write, in bytes (RLIMIT_FSIZE); 0: no "
                              "limit.").tag(config=True)
    process_limit = Integer(0, help="Most processes and threads a graded kernel may have (a pids control group "
                            "where the machine allows it); 0: no limit.").tag(config=True)
    cpu_limit = Integer(0, help="Most CPU seconds each process of a graded kernel may use (RLIMIT_CPU; beyond, "
                        "it is killed by SIGXCPU): a backstop behind the time budget; 0: no limit.").tag(config=True)
    sandbox = Bool(False, help="Run each graded kernel in a sandbox (bubblewrap), where the machine has one: "
                   "no network, no files but its own, an unprivileged user.").tag(config=True)
    heldout_dir = Unicode("", help="The held-out data, which hidden tests measure learners' models on through "
                          "the scorer service (course.heldout.measure).").tag(config=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        self.kernel_manager_class = sandbox.SandboxedKernelManager

    def budget(self, resources) -> float | None:
        """The time budget of the notebook in ``resources`` (``None``: unknown notebook, no budget)."""
        info = resources.get("nbgrader", {})
        reference = self.reference_seconds.get(f"{info.get('assignment')}/{info.get('notebook')}")
        return None if reference is None else self.budget_factor * reference + self.budget_slack

    async def async_start_new_kernel(self, **kwargs):
        folder = Path(self.resources.get("metadata", {}).get("path") or ".")
        name = self.resources.get("nbgrader", {}).get("notebook", "notebook")
        self._kernel_log = (folder / f".kernel-{name}.log").open("ab")
        kwargs.setdefault("stdout", self._kernel_log)
        kwargs.setdefault("stderr", self._kernel_log)
        self._group = limits.ProcessGroup(self.process_limit).__enter__()
        self._box = self._scorer = None
        if self.sandbox and not sandbox.off_because() and isinstance(self.km, sandbox.SandboxedKernelManager):
            # held-out data only where a test cell reads it itself: the others measure through the scorer
            readable = (self.heldout_dir,) if self.heldout_dir and getattr(self, "_reads_heldout", True) else ()
            runtime = Path(tempfile.mkdtemp(prefix="course-kernel-"))
            env = {"COURSE_HELDOUT_DIR": self.heldout_dir} if readable else {}
            if self.heldout_dir:
                self._scorer = scoring.ScoringService(runtime / "scorer.sock", self.heldout_dir,
                                                      self.memory_limit).__enter__()
                env[heldout.SOCKET_VAR] = str(self._scorer.path)
            self._box = sandbox.Sandbox(folder.resolve(), runtime, readable, env)
            self.km.use(self._box)
        kwargs.setdefault("preexec_fn", limits.apply(self.memory_limit, self.file_size_limit, self.process_limit,
                                                     self._group, self.cpu_limit))
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)  # nbclient binds the sync version to the coroutine

    def _cell_timeout(self, cell) -> float:
        """The per-cell timeout, or less: what is left of the notebook's budget."""
        left = max(1.0, self._deadline - time.monotonic())
        return min(self.timeout, left) if self.timeout and self.timeout > 0 else left

    def preprocess_cell(self, cell, resources, index):
        if not self._stopped and self._deadline is not None and time.monotonic() >= self._deadline:
            self._stopped = "not run: the notebook ran past its time budget before this cell"
        if self._stopped:
            _not_run(cell, self._stopped)
            return cell, self.resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            why = _how_it_died(getattr(getattr(self.km, "provisioner", None), "process", None),
                               getattr(self, "_box", None) is not None)
            message = f"the kernel stopped while running this cell: {why}"
            cell.outputs.append(nbformat.v4.new_output("error", ename="KernelDied", evalue=message,
                                                       traceback=[f"KernelDied: {message}"]))
            self._stopped = f"not run: the kernel stopped in an earlier cell (cell {index + 1}: {why})"
            return cell, self.resources
        if any(o.get("ename") == "TimeBudgetExceeded" for o in cell.get("outputs", [])):
            # the interrupt's KeyboardInterrupt says nothing to a learner who pressed no key
            cell.outputs = [o for o in cell.outputs if o.get("ename") != "KeyboardInterrupt"]
            self._stopped = "not run: the notebook ran past its time budget in an earlier cell"
        return cell, resources

    def preprocess(self, nb, resources=None, km=None):
        self._reads_heldout = reads_heldout(nb)
        released = _released_copy(self.release_dir, resources or {})
        if released is None or _editable_code(nb) != _editable_code(released):
            self._stopped = ""  # why the cells from here on are not run
            self._deadline = None
            budget = self.budget(resources or {})
            self.timeout_func = None
            if budget is not None:
                self._deadline = time.monotonic() + budget
                self.timeout_func = self._cell_timeout
                self.error_on_timeout = {
                    "ename": "TimeBudgetExceeded",
                    "evalue": f"this cell was stopped: the notebook ran past its time budget of {budget:.0f} s "
                              "(look for an endless loop, or training for far more epochs than the exercise asks)",
                    "traceback": [f"TimeBudgetExceeded: the notebook ran past its time budget of {budget:.0f} s"]}
            try:
                return super().preprocess(nb, resources, km=km)
            finally:
                if getattr(self, "_kernel_log", None) is not None:
                    self._kernel_log.close()
                    self._kernel_log = None
                if getattr(self, "_group", None) is not None:
                    self._group.__exit__(None, None, None)
                    self._group = None
                if getattr(self, "_scorer", None) is not None:
                    self._scorer.__exit__(None, None, None)
                    self._scorer = None
                if getattr(self, "_box", None) is not None:
                    self._box.leave()
                    shutil.rmtree(self._box.runtime, ignore_errors=True)
                    self._box = None
        self.log.info("Not running %s: it is exactly as released", resources["nbgrader"]["notebook"])
        for cell in nb.cells:
            if _is_test(cell):
                cell.outputs = [nbformat.v4.new_output("error", ename="NotAttempted", evalue=NOT_ATTEMPTED,
                                                       traceback=[f"NotAttempted: {NOT_ATTEMPTED}"])]
        return nb, resources


def _docstring(source: str) -> str:
    match = re.match(r'\s*(?:"""|\'\'\')(.*?)(?:"""|\'\'\')', source, re.S)
    return " ".join(match.group(1).split()) if match else ""


class LearnerFeedback(NbGraderPreprocessor):
    """Make an autograded notebook safe and useful as a learner's feedback (run after ``GetGrades``)."""

    hidden_paths = List(Unicode(), help="Folders (held-out data, the course directory) never to show; the "
                                        "first is shown as <held-out data>, the others as <course>.").tag(config=True)

    def _scrub(self, text: str) -> str:
        for number, folder in enumerate(p for p in self.hidden_paths if p):
            label = "<held-out data>" if number == 0 else "<course>"
            text = re.sub(re.escape(folder.rstrip("/")) + r"[^\s'\"),]*", label, text)
        return text

    def preprocess(self, nb, resources):
        rows = []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            if _is_test(cell):
                rows.append(self._redact_test(cell))
            else:
                for output in cell.get("outputs", []):
                    self._scrub_output(output)
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(self._summary(rows, resources)))
        return nb, resources

    def _scrub_output(self, output) -> None:
        if "text" in output:
            output.text = self._scrub(output.text)
        if output.get("output_type") == "error":
            output.evalue = self._scrub(output.evalue)
            output.traceback = [self._scrub(line) for line in output.traceback]
        for kind in ("text/plain", "text/html"):
            if kind in output.get("data", {}):
                output.data[kind] = self._scrub(output.data[kind])

    def _redact_test(self, cell) -> tuple:
        """Keep the visible test and the check's message; drop the hidden code and anything it printed."""
        meta = cell.metadata.nbgrader
        cell.source = HIDDEN.sub("# (hidden tests ran here; their code is not shown)\n", cell.source).rstrip()
        error, kept, dropped = None, [], False
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                error = (output.ename, self._scrub(ANSI.sub("", output.evalue)))
            elif output.output_type == "stream" and output.name == "stderr":
                first = " ".join(self._scrub(output.text).split())[:300]
                error = error or ("Stderr", f"the test wrote to stderr, which nbgrader counts as a failure: {first}")
            elif output.output_type == "stream" and output.name == "stdout":
                lines = output.text.splitlines()
                kept += [line for line in lines if METRIC_LINE.match(line)]
                dropped |= any(not METRIC_LINE.match(line) for line in lines)
            else:
                dropped = True
        outputs = []
        if kept:
            outputs.append(nbformat.v4.new_output("stream", name="stdout", text="\n".join(kept) + "\n"))
        if dropped:
            outputs.append(nbformat.v4.new_output("stream", name="stdout",
                                                  text="(other output of this test is not shown)\n"))
        if error:
            ename, evalue = error
            outputs.append(nbformat.v4.new_output("error", ename=ename, evalue=evalue,
                                                  traceback=[f"{ename}: {evalue}" if evalue else ename]))
            error = f"{ename}: {evalue}" if evalue else ename
        cell.outputs = outputs
        return (meta.get("grade_id", ""), _docstring(cell.source), meta.get("score"), meta.get("points"), error)

    @staticmethod
    def _summary(rows, resources) -> str:
        info = resources.get("nbgrader", {})
        score, most = info.get("score"), info.get("max_score")
        lines = [f"## Your results: {_points(score)} / {_points(most)} points", "",
                 "Each test below checks one thing; a failed test says what to change. Hidden tests run on "
                 "data you have not seen, so their code is not shown.", "",
                 "<table>", _row(["test", "what it checks", "points", "result"], "th")]
        for grade_id, checks, got, points, error in rows:
            if not error:
                result = "passed"
            elif error.startswith("NotAttempted"):
                result = "not run: " + _cell_text(error.partition(": ")[2], 400)
            elif error.startswith("NotRun"):
                result = _cell_text(error.partition(": ")[2], 400)
            else:
                result = "failed: " + _cell_text(error, 400)
            lines.append(_row([f"<code>{html.escape(grade_id)}</code>", _cell_text(checks, 200),
                               f"{_points(got)}&nbsp;/&nbsp;{_points(points)}", result]))
        return "\n".join(lines + ["</table>"])


#: Inline, so that every template shows the summary as a table with room between its columns.
SUMMARY_CELL_STYLE = "text-align: left; vertical-align: top; padding: 0.3em 1em 0.3em 0; border-bottom: 1px solid #ddd"


def _row(cells: list[str], tag: str = "td") -> str:
    """One row of the summary table; ``cells`` are HTML already."""
    return "<tr>" + "".join(f'<{tag} style="{SUMMARY_CELL_STYLE}">{cell}</{tag}>' for cell in cells) + "</tr>"


def _points(value) -> str:
    return "-" if value is None else f"{float(value):g}"


def _cell_text(text: str, limit: int) -> str:
    """Text for one cell of the summary table: one line, HTML escaped, at most ``limit`` characters."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text)
