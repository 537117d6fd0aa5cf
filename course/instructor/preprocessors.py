"""nbgrader preprocessors of the course, switched on in ``nbgrader_config.py``.

- :class:`CourseExecute` replaces nbgrader's ``Execute`` while autograding. A
  notebook submitted exactly as it was released is not run, and each of its tests
  scores 0 with a message saying why. The kernel's own log (TensorFlow's start-up
  lines, Jupyter's warnings) goes to ``.kernel-<notebook>.log`` next to the graded
  notebook instead of the instructor's terminal. Running it would only have started a kernel,
  imported TensorFlow and trained the lessons' demonstration models for tests that
  cannot pass: ``tests/test_grading.py`` proves that every test of every released
  notebook fails when nothing is filled in. A notebook with any change at all (an
  answer, an added cell, an edited lesson cell) is run as usual.
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
from pathlib import Path

import nbformat
from nbclient.util import run_sync
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import List, Unicode

#: The error a test of an untouched notebook reports instead of running.
NOT_ATTEMPTED = ("this notebook was submitted exactly as it was released (no exercise answered), so its "
                 "tests were not run: write your answers in the cells marked # YOUR CODE HERE")

#: Lines that course.checks prints for a measured value: "<what>: <value> (at least <x> needed)".
METRIC_LINE = re.compile(r"^.+: \S+ \((at least|at most) \S+ (needed|allowed)\)$")

HIDDEN = re.compile(r"^[ \t]*#+ BEGIN HIDDEN TESTS.*?^[ \t]*#+ END HIDDEN TESTS[^\n]*\n?", re.M | re.S)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _editable_code(nb) -> list[str]:
    """The source of every code cell a learner can change (every one but the locked cells), in order."""
    return [cell.source for cell in nb.cells
            if cell.cell_type == "code" and not cell.get("metadata", {}).get("nbgrader", {}).get("locked")]


class CourseExecute(Execute):
    """nbgrader's ``Execute``, except that a notebook left exactly as released is not run, and kernels log to a file."""

    release_dir = Unicode("", help="The course's release/ folder, holding the student copy as released.").tag(
        config=True)

    def _released(self, resources) -> nbformat.NotebookNode | None:
        info = resources.get("nbgrader", {})
        if not self.release_dir or "assignment" not in info:
            return None
        path = Path(self.release_dir) / info["assignment"] / f"{info['notebook']}.ipynb"
        if not path.is_file():
            return None
        return nbformat.read(path, as_version=nbformat.NO_CONVERT)

    async def async_start_new_kernel(self, **kwargs):
        folder = Path(self.resources.get("metadata", {}).get("path") or ".")
        name = self.resources.get("nbgrader", {}).get("notebook", "notebook")
        self._kernel_log = (folder / f".kernel-{name}.log").open("ab")
        kwargs.setdefault("stdout", self._kernel_log)
        kwargs.setdefault("stderr", self._kernel_log)
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)  # nbclient binds the sync version to the coroutine

    def preprocess(self, nb, resources=None, km=None):
        released = self._released(resources or {})
        if released is None or _editable_code(nb) != _editable_code(released):
            try:
                return super().preprocess(nb, resources, km=km)
            finally:
                if getattr(self, "_kernel_log", None) is not None:
                    self._kernel_log.close()
                    self._kernel_log = None
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
                 "| test | what it checks | points | result |", "| --- | --- | --- | --- |"]
        for grade_id, checks, got, points, error in rows:
            if not error:
                result = "passed"
            elif error.startswith("NotAttempted"):
                result = "not run: " + _cell_text(error.partition(": ")[2], 400)
            else:
                result = "failed: " + _cell_text(error, 400)
            lines.append(f"| `{grade_id}` | {_cell_text(checks, 200)} | {_points(got)} / {_points(points)} "
                         f"| {result} |")
        return "\n".join(lines)


def _points(value) -> str:
    return "-" if value is None else f"{float(value):g}"


def _cell_text(text: str, limit: int) -> str:
    """Text for one cell of a Markdown table: one line, no pipes, HTML escaped, at most ``limit`` characters."""
    text = " ".join(str(text).split()).replace("|", "/")
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text)
