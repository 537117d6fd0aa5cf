"""The course's nbgrader preprocessors on small notebooks: feedback without hidden tests; untouched notebooks."""

from __future__ import annotations

import html
import re

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course.instructor.preprocessors import NOT_ATTEMPTED, CourseExecute, LearnerFeedback

HELDOUT = "/srv/course/heldout"


def grade_cell(source, outputs=(), score=0.0, points=2, grade_id="model_is_good"):
    cell = new_code_cell(source, outputs=list(outputs))
    cell.metadata.nbgrader = {"grade": True, "solution": False, "locked": True, "grade_id": grade_id,
                              "points": points, "score": score, "schema_version": 3}
    return cell


def feedback(*cells):
    nb = new_notebook(cells=list(cells))
    resources = {"nbgrader": {"score": 1.0, "max_score": 4.0, "notebook": "01"}}
    out, _ = LearnerFeedback(hidden_paths=[HELDOUT, "/srv/course"]).preprocess(nb, resources)
    return out


HIDDEN_TEST = '''"""Check that the model beats the bar on held-out rows."""
checks.check_defined(globals(), "model")
### BEGIN HIDDEN TESTS
secret = course.data.load_heldout("iris")
assert accuracy(model, secret) > 0.9, "too weak"
### END HIDDEN TESTS'''


def test_feedback_hides_the_hidden_tests_and_their_traceback_but_keeps_the_message():
    error = new_output("error", ename="AssertionError", evalue=f"accuracy 0.5 on {HELDOUT}/iris/iris.json is too low",
                       traceback=["Traceback", "----> 5 assert accuracy(model, secret) > 0.9, 'too weak'",
                                  "AssertionError: ..."])
    printed = new_output("stream", name="stdout", text="row 0: 5.1 3.5 1.4 0.2\naccuracy: 0.5 (at least 0.9 needed)\n")
    out = feedback(grade_cell(HIDDEN_TEST, [printed, error]))
    cell = out.cells[1]
    assert "load_heldout" not in cell.source and "BEGIN HIDDEN" not in cell.source
    assert cell.source.startswith('"""Check that the model') and "hidden tests ran here" in cell.source
    text = nbformat.writes(out)
    assert "assert accuracy(model, secret)" not in text and "5.1 3.5" not in text and HELDOUT not in text
    assert "accuracy: 0.5 (at least 0.9 needed)" in text, "the measured value is useful feedback"
    [shown] = [o for o in cell.outputs if o.output_type == "error"]
    assert shown.traceback == ["AssertionError: accuracy 0.5 on <held-out data> is too low"]


def test_feedback_opens_with_a_summary_of_every_test():
    passed = grade_cell('"""Check the shapes."""\npass', score=1.0, points=1, grade_id="shapes")
    failed = grade_cell(HIDDEN_TEST, [new_output("error", ename="AssertionError", evalue="too weak | try more epochs",
                                                traceback=[])])
    stderr = grade_cell('"""Check quietly."""\nx', [new_output("stream", name="stderr", text="a warning\n")],
                       grade_id="quiet")
    summary = feedback(new_markdown_cell("# Title"), passed, failed, stderr).cells[0].source
    assert summary.startswith("## Your results: 1 / 4 points")
    header, *rows = table_rows(summary)
    assert header == ["test", "what it checks", "points", "result"]
    assert rows[0] == ["shapes", "Check the shapes.", "1 / 1", "passed"]
    assert rows[1] == ["model_is_good", "Check that the model beats the bar on held-out rows.", "0 / 2",
                       "failed: AssertionError: too weak | try more epochs"]
    assert rows[2][3] == "failed: Stderr: the test wrote to stderr, which nbgrader counts as a failure: a warning"


def table_rows(page: str) -> list[list[str]]:
    """The text of each cell of each row of the HTML tables in ``page``, as a reader sees it."""
    def text(cell):
        return html.unescape(re.sub(r"<[^>]+>", "", cell)).replace("\xa0", " ")

    return [[text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)]


def test_feedback_scrubs_course_paths_from_the_learners_own_cells():
    mine = new_code_cell("open(path)", outputs=[new_output(
        "error", ename="FileNotFoundError", evalue="/srv/course/autograded/ada/m1/x.csv",
        traceback=["FileNotFoundError: /srv/course/autograded/ada/m1/x.csv"])])
    out = feedback(mine)
    assert out.cells[1].outputs[0].evalue == "<course>"
    assert "/srv/course" not in nbformat.writes(out)


def released_and_submitted(tmp_path, answer=None, extra_cell=False):
    solution = new_code_cell("def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()")
    solution.metadata.nbgrader = {"grade": False, "solution": True, "locked": False, "grade_id": "f",
                                  "schema_version": 3}
    test = grade_cell('"""Check f."""\nassert f() == 1', points=1, grade_id="f_is_one")
    released = new_notebook(cells=[new_code_cell("# Just run this cell\nx = 1"), solution, test])
    (tmp_path / "release" / "m1").mkdir(parents=True, exist_ok=True)
    nbformat.write(released, tmp_path / "release" / "m1" / "01.ipynb")
    submitted = nbformat.from_dict(released)
    if answer:
        submitted.cells[1].source = answer
    if extra_cell:
        submitted.cells.insert(2, new_code_cell("def f():\n    return 1"))
    return submitted


def skip(tmp_path, nb):
    resources = {"nbgrader": {"assignment": "m1", "notebook": "01"}, "metadata": {"path": str(tmp_path)}}
    return CourseExecute(release_dir=str(tmp_path / "release"), timeout=60).preprocess(nb, resources)[0]


def test_a_notebook_exactly_as_released_is_not_run_and_its_tests_fail(tmp_path):
    out = skip(tmp_path, released_and_submitted(tmp_path))
    assert out.cells[0].get("outputs") == [] and out.cells[0].get("execution_count") is None, "nothing ran"
    [error] = out.cells[2].outputs
    assert error.ename == "NotAttempted" and error.evalue == NOT_ATTEMPTED


def test_any_change_runs_the_notebook(tmp_path):
    for submitted in (released_and_submitted(tmp_path, answer="def f():\n    return 1"),
                      released_and_submitted(tmp_path, extra_cell=True)):
        out = skip(tmp_path, submitted)
        assert out.cells[0].execution_count == 1, "the notebook should have run"
        assert not [o for o in out.cells[-1].outputs if o.output_type == "error"], "f() == 1 should pass"


def run_cells(tmp_path, *sources, reference=None):
    """Run code cells, each followed by a test cell, through CourseExecute: the executed cells."""
    cells = []
    for number, source in enumerate(sources):
        cells += [new_code_cell(source), grade_cell("assert True", grade_id=f"after_{number}")]
    resources = {"nbgrader": {"assignment": "m1", "notebook": "01"}, "metadata": {"path": str(tmp_path)}}
    executor = CourseExecute(timeout=60, reference_seconds={"m1/01": reference} if reference else {},
                             budget_factor=2.0, budget_slack=3.0)
    return executor.preprocess(new_notebook(cells=cells), resources)[0].cells


def errors(cell) -> list:
    return [(o.ename, o.evalue) for o in cell.outputs if o.output_type == "error"]


def test_a_runaway_cell_is_stopped_at_the_notebooks_time_budget_and_later_tests_score_zero(tmp_path):
    import time

    start = time.monotonic()
    cells = run_cells(tmp_path, "x = 1", "while True:\n    pass", "y = 2", reference=1.0)  # budget 2*1+3 = 5 s
    assert time.monotonic() - start < 30, "the budget did not stop the loop"
    assert errors(cells[1]) == [], "the test before the loop keeps its points"
    [(ename, evalue)] = errors(cells[2])
    assert ename == "TimeBudgetExceeded" and "time budget of 5 s" in evalue and "endless loop" in evalue
    for test in (cells[3], cells[5]):
        [(ename, evalue)] = errors(test)
        assert ename == "NotRun" and "time budget" in evalue
    assert cells[4].outputs == [] and cells[4].execution_count is None


def test_without_a_reference_time_only_the_per_cell_timeout_applies(tmp_path):
    executor = CourseExecute(reference_seconds={"m1/01": 10.0}, budget_factor=2.0, budget_slack=30.0)
    assert executor.budget({"nbgrader": {"assignment": "m1", "notebook": "01"}}) == 50.0
    assert executor.budget({"nbgrader": {"assignment": "m1", "notebook": "02"}}) is None
    cells = run_cells(tmp_path, "import time\ntime.sleep(1)")
    assert errors(cells[1]) == []


@pytest.mark.parametrize("dies, why", [("import os\nos._exit(3)", "exited with status 3 (os._exit, exit() or a crash)"),
                                       ("import ctypes\nctypes.string_at(0)",
                                        "was killed by SIGSEGV (a crash in compiled code)"),
                                       ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
                                        "was killed by SIGKILL (most often: it ran out of memory)")])
def test_a_dying_kernel_keeps_the_earlier_points_and_says_where_and_why(tmp_path, dies, why):
    cells = run_cells(tmp_path, "x = 1", dies, "y = 2")
    assert errors(cells[1]) == [], "the test before the crash keeps its points"
    [(ename, evalue)] = errors(cells[2])
    assert ename == "KernelDied" and evalue == f"the kernel stopped while running this cell: it {why}"
    for test in (cells[3], cells[5]):
        [(ename, evalue)] = errors(test)
        assert ename == "NotRun" and evalue.startswith("not run: the kernel stopped in an earlier cell (cell 3: ")


def test_feedback_says_why_a_test_did_not_run():
    reason = "not run: the kernel stopped in an earlier cell (cell 3: it exited with status 3)"
    out = feedback(grade_cell("assert True", [new_output("error", ename="NotRun", evalue=reason,
                                                         traceback=[f"NotRun: {reason}"])]))
    assert table_rows(out.cells[0].source)[-1][2:] == ["0 / 2", reason]


def test_the_grading_environment_reaches_kernels_but_not_the_server_that_loads_the_config(monkeypatch):
    """The Validate button loads nbgrader_config.py into the learner's Jupyter server: had the config set
    MPLBACKEND=agg there, no kernel the learner started afterwards would show a plot."""
    import os

    from nbgrader.preprocessors import Execute
    from traitlets.config.loader import PyFileConfigLoader

    from course.instructor.settings import GRADING_ENV

    for name in GRADING_ENV:
        monkeypatch.delenv(name, raising=False)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    assert not any(name in os.environ for name in GRADING_ENV)
    nb = new_notebook(cells=[new_code_cell("import os; print(os.environ.get('MPLBACKEND'))")])
    nb, _ = Execute(config=config).preprocess(nb, {"metadata": {"path": str(ROOT)}})
    assert nb.cells[0].outputs[0]["text"].strip() == GRADING_ENV["MPLBACKEND"]
    assert not any(name in os.environ for name in GRADING_ENV)


def test_the_autograder_keeps_its_sandboxed_kernels_when_the_configuration_is_applied_again():
    """nbgrader applies its configuration to a preprocessor more than once: the grading environment's
    kernel manager, set for every Execute (the Validate button's too), must not replace the sandbox's."""
    from traitlets.config.loader import PyFileConfigLoader

    from course.instructor.sandbox import SandboxedKernelManager

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    execute = CourseExecute(config=config)
    execute.update_config(config)
    assert execute.kernel_manager_class is SandboxedKernelManager
