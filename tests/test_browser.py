"""Learners and instructors meet the course in a browser: these tests open it in one (Chromium, through Playwright).

The learner's JupyterLab starts as `python3 dev.py lab` starts it (from the course
root, with the learners' Jupyter configuration) and is driven as a learner would:
open a notebook, run every cell, see the plots, press Validate and read the dialog,
open another notebook after validating and see its plots too (Validate once leaked
MPLBACKEND=agg into every later kernel, and no plot showed any more). Through the
Assignments panel the learner fetches a module that the instructor released and
submits it; the instructor collects it with the course's command line and sees it in
nbgrader's formgrader, in an instructor's JupyterLab on a scratch copy of the course.

The two servers never run at once (each belongs to a test class). Screenshots of
the key screens go to tests/artefacts/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser import (
    ROOT,
    dev,
    instructor_lab_command,
    kill_kernels,
    lab_server,
    launch_chromium,
    open_lab,
    require_browser,
    screenshot,
)

pytestmark = pytest.mark.slow

#: The module the instructor releases to the exchange and the learner fetches and submits.
MODULE = "m1_foundations"
#: Quick notebooks (about 12 s to validate): plots in their lesson cells before the first exercise.
STUDIED = "m4_time_series/01_series_and_baselines.ipynb"
STUDIED_PLOTS = 3  # the lesson plots before the first exercise, where "run all" stops (NotImplementedError)
STUDIED_EXERCISES = ["centred_moving_average", "naive_forecast", "mae_and_mse", "trailing_moving_average"]
OPENED_LATER = "m2_image_classification/01_image_folders.ipynb"
OPENED_LATER_PLOTS = 2  # a grid of image files, then a batch of faces
#: The learner, as the instructor's roster and the learner's nbgrader configuration name her.
LEARNER = {"id": "ada", "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"}

RUN_ALL_MS = 180_000  # a run-all that starts a kernel and imports TensorFlow, on a loaded 2-core machine
VALIDATE_MS = 180_000  # nbgrader runs the whole notebook in a kernel of its own
UI_MS = 30_000
KERNEL_MS = 120_000  # a kernel start on a loaded machine


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", autouse=True)
def _browser_available():
    """Skip the module before any server starts when Playwright or Chromium is missing."""
    require_browser()


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright, for the whole module (skips when either is missing)."""
    sync_playwright = require_browser()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The instructor's course (a scratch copy) with MODULE released to an exchange of its own, and a roster."""
    from course.instructor.scratch import copy_course

    folder = tmp_path_factory.mktemp("browser")
    exchange = folder / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    root = copy_course(ROOT, folder / "course", [MODULE])
    env = {key: value for key, value in os.environ.items() if key not in {"COURSE_DB_URL", "COURSE_DIR"}}
    env["COURSE_EXCHANGE"] = str(exchange)
    course = SimpleNamespace(folder=folder, root=root, exchange=exchange, env=env)
    (folder / "roster.csv").write_text("id,first_name,last_name,email\n" + ",".join(LEARNER.values()) + "\n")
    instructor(course, "roster", "import", str(folder / "roster.csv"))
    instructor(course, "release", MODULE)
    return course


def instructor(course, *args: str) -> str:
    """Run ``python -m course ARGS`` in the instructor's course directory; return its output, failing clearly."""
    result = subprocess.run([sys.executable, "-m", "course", "--course-dir", str(course.root), *args],
                            cwd=course.root, env=course.env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"`course {' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def jupyter_config_dir(folder: Path, nbgrader_config: str = "") -> Path:
    """A Jupyter config folder of the test's own (JUPYTER_CONFIG_DIR), so that nobody's ~/.jupyter plays a part."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text("c = get_config()  # noqa: F821\n" + nbgrader_config)
    return folder


@pytest.fixture
def page(chromium, request):
    """A fresh browser page (its own context) at a size that makes readable screenshots.

    When the test fails, the page as it was is saved as ``failed_<test>.png`` next to the other screenshots.
    """
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    failures = request.session.testsfailed
    try:
        page = context.new_page()
        yield page
        if request.session.testsfailed > failures:
            screenshot(page, f"failed_{request.node.name}")
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------- helpers


def open_notebook(page, base: str, path: str) -> None:
    """Open a notebook in a fresh JupyterLab page and wait until its kernel is idle.

    JupyterLab may ask which kernel to start (a fresh workspace): the learner picks the one proposed.
    """
    open_lab(page, base, path)
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=UI_MS)
    idle = page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))  # "Python 3 (ipykernel) | Idle"
    ask = page.locator(".jp-Dialog", has_text="Select Kernel")
    idle.or_(ask).first.wait_for(timeout=KERNEL_MS)
    if ask.count():
        ask.locator("button.jp-mod-accept").click()
        idle.wait_for(timeout=KERNEL_MS)


def menu(page, title: str, command: str) -> None:
    """Click an entry of JupyterLab's menu bar (``title``), then the item that runs ``command``."""
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile(f"^{title}$")).click()
    page.locator(f'.lm-Menu li[data-command="{command}"]').click()


def run_all(page, expect):
    """Run every cell of the open notebook; wait until the first exercise stops it (a released notebook's stub)."""
    menu(page, "Run", "runmenu:run-all")
    stopped = page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text="NotImplementedError")
    expect(stopped.first).to_be_attached(timeout=RUN_ALL_MS)  # (run-all scrolls away from it)


def plots(page):
    """The rendered images (matplotlib figures) in the open notebook's outputs."""
    return page.locator(".jp-NotebookPanel .jp-OutputArea-output img")


def expect_plots(page, expect, count: int, shot: str) -> None:
    """Wait for ``count`` rendered plots in the open notebook, each a real image; screenshot it as ``shot``."""
    expect(plots(page)).to_have_count(count, timeout=UI_MS)
    for image in plots(page).all():
        assert image.evaluate("img => img.naturalWidth") > 100, "a plot did not render as an image"
    plots(page).first.scroll_into_view_if_needed()
    screenshot(page, shot)


def create_assignment_tab(page):
    """The tab of nbgrader's Create Assignment panel in JupyterLab's right sidebar (instructors only)."""
    return page.locator(".jp-SideBar .lm-TabBar-tab", has_text="Create Assignment")


def validate(page):
    """Press nbgrader's Validate button in the notebook's toolbar; return the dialog's body once it shows."""
    page.locator(".jp-NotebookPanel-toolbar jp-button.validate-button").click()
    dialog = page.locator(".nbgrader-ErrorDialog, .nbgrader-SuccessDialog")
    dialog.wait_for(timeout=VALIDATE_MS)
    return dialog


# ---------------------------------------------------------------------------------------------- the learner


class TestLearnersLab:
    """The learner's JupyterLab, as `python3 dev.py lab` starts it, with the course's exchange configured."""

    @pytest.fixture(scope="class")
    def lab(self, course):
        """A learner's lab on copies of two released modules; fetches land in its folder, as the learner's home."""
        work = course.folder / "work"
        for notebook in (STUDIED, OPENED_LATER):
            module = notebook.split("/")[0]
            shutil.copytree(ROOT / "release" / module, work / module)  # as dev.py lab copies release/ to work/
        shutil.copy2(ROOT / "source" / STUDIED, work / "solved.ipynb")  # the source notebook holds the solutions
        from course.instructor import settings

        config = jupyter_config_dir(course.folder / "learner-jupyter", "\n".join([
            f"c.CourseDirectory.course_id = {settings.COURSE_ID!r}",
            f"c.Exchange.root = {str(course.exchange)!r}",
            f"c.Exchange.cache = {str(course.folder / 'learner-cache')!r}",
            f"c.CourseDirectory.student_id = {LEARNER['id']!r}",  # no Unix account of her own in a test
            "c.ExchangeFactory.fetch_assignment = 'course.exchange.ExchangeFetchAssignment'",
        ]) + "\n")
        # (a learner's desktop shows plots; a test machine's MPLBACKEND=agg would hide them before any Validate)
        env = {key: value for key, value in dev.lab_env(work).items() if key != "MPLBACKEND"}
        env["JUPYTER_CONFIG_DIR"] = str(config)
        with lab_server(work, cwd=ROOT, env=env, log=course.folder / "learner-lab.log") as base:
            yield SimpleNamespace(base=base, work=work)

    @pytest.fixture
    def learner(self, lab, page):
        """The learner's page; every kernel it started is shut down afterwards."""
        yield page
        kill_kernels(lab.base)

    def test_a_blank_notebook_shows_its_plots_and_validate_names_each_exercise(self, lab, learner):
        from playwright.sync_api import expect

        open_notebook(learner, lab.base, STUDIED)
        run_all(learner, expect)
        expect_plots(learner, expect, STUDIED_PLOTS, "01_notebook_with_plots")

        dialog = validate(learner)
        expect(dialog).to_have_class(re.compile("nbgrader-ErrorDialog"))
        body = dialog.locator(".validation-failed")
        expect(body).to_be_visible()
        text = body.inner_text()
        assert text.count("The following cell failed:") == len(STUDIED_EXERCISES), text
        for name in STUDIED_EXERCISES:
            assert f"{name}() is not written yet" in text, text
        screenshot(learner, "02_validate_blank")
        dialog.locator("button.jp-Dialog-button").click()
        expect(dialog).to_have_count(0)

    def test_validate_passes_a_solved_notebook_and_later_notebooks_still_plot(self, lab, learner):
        from playwright.sync_api import expect

        open_notebook(learner, lab.base, "solved.ipynb")
        dialog = validate(learner)
        expect(dialog).to_have_class(re.compile("nbgrader-SuccessDialog"))
        expect(dialog.locator(".validation-success")).to_have_text("Success! Your notebook passes all the tests.")
        screenshot(learner, "03_validate_solved")
        dialog.locator("button.jp-Dialog-button").click()

        # a kernel started after Validate: its plots must render (no MPLBACKEND=agg leaked from grading)
        open_notebook(learner, lab.base, OPENED_LATER)
        run_all(learner, expect)
        expect_plots(learner, expect, OPENED_LATER_PLOTS, "04_plots_after_validate")

    def test_the_assignments_panel_fetches_and_submits_a_module(self, lab, course, learner):
        from playwright.sync_api import expect

        open_lab(learner, lab.base)
        # the Nbgrader menu offers learners their Assignments and none of the instructors' tools
        expect(create_assignment_tab(learner)).to_have_count(0)
        learner.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile("^Nbgrader$")).click()
        entries = learner.locator('.lm-Menu li[data-command^="nbgrader:"]').filter(visible=True)
        expect(entries).to_have_count(1, timeout=UI_MS)
        expect(entries).to_have_attribute("data-command", "nbgrader:open-assignment-list")
        entries.click()
        expect(learner.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")).to_have_text("Assignments")

        expect(learner.locator("#course_list_default")).to_have_text("tf-developer-course", timeout=UI_MS)
        released = learner.locator("#released_assignments_list > .list_item")
        expect(released).to_have_count(1, timeout=UI_MS)
        expect(released.locator(".item_name")).to_have_text(MODULE)
        expect(released.locator(".item_course")).to_have_text("tf-developer-course")
        screenshot(learner, "05_assignments_released")

        released.locator(".item_status button").click()
        fetched = learner.locator("#fetched_assignments_list > .list_item")
        expect(fetched).to_have_count(1, timeout=UI_MS)
        expect(fetched.locator(".item_name").first).to_have_text(MODULE)
        assert sorted(p.name for p in (lab.work / MODULE).glob("*.ipynb")) == sorted(
            p.name for p in (ROOT / "release" / MODULE).glob("*.ipynb")), "the fetched module is not in the lab"
        screenshot(learner, "06_assignments_fetched")

        fetched.locator('.item_status button:text("Submit")').click()
        submitted = learner.locator("#submitted_assignments_list > .list_item")
        expect(submitted).to_have_count(1, timeout=UI_MS)
        expect(submitted.locator(".item_name").first).to_have_text(MODULE)
        inbound = list((course.exchange / "tf-developer-course" / "inbound").glob(f"{LEARNER['id']}+{MODULE}+*"))
        assert len(inbound) == 1, inbound
        screenshot(learner, "07_assignments_submitted")


# ---------------------------------------------------------------------------------------------- the instructor


class TestInstructorsLab:
    """The instructor's JupyterLab on the scratch course, with nbgrader's formgrader."""

    @pytest.fixture(scope="class")
    def lab(self, course):
        """An instructor's lab in the course directory (where the formgrader finds the course)."""
        config = jupyter_config_dir(course.folder / "instructor-jupyter")
        env = {**course.env, "JUPYTER_CONFIG_DIR": str(config)}
        with lab_server(course.root, cwd=course.root, env=env, log=course.folder / "instructor-lab.log",
                        command=instructor_lab_command) as base:
            yield base

    def test_the_formgrader_lists_the_learners_submission(self, lab, course, page):
        from playwright.sync_api import expect

        inbound = course.exchange / "tf-developer-course" / "inbound"
        if not any(inbound.glob(f"{LEARNER['id']}+{MODULE}+*")):
            pytest.skip("nothing submitted: run with TestLearnersLab, whose learner submits through the browser")
        instructor(course, "collect", MODULE)
        assert (course.root / "submitted" / LEARNER["id"] / MODULE).is_dir()

        open_lab(page, lab)
        expect(create_assignment_tab(page)).to_have_count(1)  # the instructor's tools are all there
        menu(page, "Nbgrader", "nbgrader:open-formgrader")
        formgrader = page.frame_locator("#jp-main-dock-panel iframe")
        assignment = formgrader.locator("tr", has_text=MODULE)
        expect(assignment).to_have_count(1, timeout=UI_MS)
        expect(assignment.locator("td.num-submissions")).to_have_text("1")
        screenshot(page, "08_formgrader_assignments")
        assignment.locator("td.num-submissions a").click()
        row = formgrader.locator("tr", has_text=f"{LEARNER['last_name']}, {LEARNER['first_name']}")
        expect(row).to_have_count(1, timeout=UI_MS)
        expect(row.locator("td.student-id")).to_have_text(LEARNER["id"])
        expect(row.locator("td.status")).to_have_text("needs autograding")
        screenshot(page, "09_formgrader_submissions")
