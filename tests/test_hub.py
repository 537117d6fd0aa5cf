"""The course on a real course server: JupyterHub with hub/jupyterhub_config.py, a learner in Chromium.

The test makes an instructor and a learner as Unix users with passwords, imports the roster and releases
module 1 from a scratch copy of the course (the instructor's, as ``course demo`` makes it) with the course's
command line, and starts the hub on localhost with the repository's configuration. The learner logs in on the
hub's login page, fetches the module in the Assignments panel, opens a notebook, runs it (its answers written
in, as the simulated cohort's are), sees its plots, presses Validate and submits. The instructor collects,
autogrades and releases feedback with ``python -m course`` and sees the graded submission in the formgrader of
their own JupyterLab; the learner, who has no formgrader, fetches the feedback in the Assignments panel and
reads it: scores and messages, no hidden test. The hub, its proxy and every server are stopped and the users
deleted afterwards; screenshots of the key screens go to tests/artefacts/screenshots/ (hub_*.png), the hub's
log to tests/artefacts/hub.log.

Only one notebook is answered: the course grades the others, submitted as released, without running them.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from browser import SCREENSHOTS, launch_chromium, require_browser, screenshot

from course.instructor import demo, learners
from course.instructor.nbgrader_api import Course

ROOT = Path(__file__).resolve().parents[1]
HUB_CONFIG = ROOT / "hub" / "jupyterhub_config.py"
BIN = Path(sys.executable).parent
PROXY = Path(sys.prefix) / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
ARTEFACTS = ROOT / "tests" / "artefacts"

MODULE, NOTEBOOK = "m1_foundations", "02_classification"
LEARNER = learners.Learner("hub-ada", "Ada", "Hub", "ada@example.org", "full")
INSTRUCTOR = learners.Learner("hub-teacher", "Tess", "Hub", "tess@example.org", "full")
LEARNERS_GROUP = "hub-test-learners"  # the hub's learners: members of this Unix group (COURSE_HUB_LEARNERS)
SECONDS = 180  # the longest wait for one step in the browser (a notebook run, a validation)


def _missing() -> str:
    """Why the course server cannot run here ("" when it can)."""
    if not learners.can_create_accounts():
        return "needs root with useradd and userdel: the course server's users are Unix users"
    if not (BIN / "jupyterhub").exists():
        return "JupyterHub is not installed (pip install -e '.[hub]'; python3 dev.py test does it)"
    if not PROXY.exists() and not shutil.which("configurable-http-proxy"):
        return "JupyterHub's proxy configurable-http-proxy is not installed (python3 dev.py test installs it from npm)"
    return ""


pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(_missing()), reason=_missing() or "-")]


# ------------------------------------------------------------------ the machine: users, the hub, the instructor


def free_ports(count: int = 3) -> int:
    """A port on 127.0.0.1 that is free, with the ``count - 1`` ports after it (the hub uses three)."""
    for _ in range(100):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            with contextlib.ExitStack() as stack:
                for port in range(first, first + count):
                    sock = stack.enter_context(socket.socket())
                    sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError("no free ports for the hub")


def set_password(name: str) -> str:
    password = secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True, capture_output=True)
    return password


def processes_of(uid: int) -> list[int]:
    """The ids of the processes that run as ``uid`` (a user this test created: all of them are the test's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^Uid:\s+{uid}\s", status, re.M):
                found.append(int(entry.name))
    return found


def stop_processes(pids: list[int]) -> None:
    """Kill these processes (each one the test started) and wait a little for them to go."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return
        time.sleep(0.1)


def get(url: str, timeout: float = 5) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


class Instructor:
    """The course's command line in the instructor's course directory.

    It runs as root, as ``course demo`` runs the instructor: graded kernels then run in the sandbox as
    ``nobody``, and the sandbox carries the environment's base Python along (on this kind of machine it lies
    under /root, which the instructor's own user could not read).
    """

    def __init__(self, course_dir: Path, owner: learners.Account):
        self.course_dir, self.owner = course_dir, owner

    def course(self, *args: str, timeout: float = 300) -> str:
        env = {"HOME": os.environ.get("HOME", "/root"), "PATH": os.pathsep.join([str(BIN), "/usr/bin", "/bin"]),
               "LANG": "C.UTF-8", "COURSE_DIR": str(self.course_dir)}
        result = subprocess.run([sys.executable, "-m", "course", *args], cwd=self.course_dir, env=env, text=True,
                                capture_output=True, timeout=timeout)
        # what the command wrote is the instructor's again (their formgrader writes the gradebook)
        subprocess.run(["chown", "-R", f"{self.owner.uid}:{self.owner.gid}", str(self.course_dir)], check=True)
        assert result.returncode == 0, f"`course {' '.join(args)}`:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        return result.stdout


@pytest.fixture
def course_server():
    """A course server on localhost: the users, a scratch course with its exchange, and the hub.

    Yields a dict: ``url`` (the hub), ``learner`` and ``teacher`` (name, password, account),
    ``course`` (the instructor's course directory), ``instructor`` (an :class:`Instructor`), ``log``.
    """
    require_browser()  # skips when Playwright or Debian's chromium is missing
    folder = Path(tempfile.mkdtemp(prefix="course-hub-"))
    folder.chmod(0o755)  # the users reach their homes and the exchange inside it
    hub = log = None
    accounts = []
    try:
        # the course, its exchange (open to all) and the homes: as the simulated cohort's (course demo)
        course_dir = demo.prepare(ROOT, folder, [MODULE])
        exchange = folder / "exchange"
        subprocess.run(["groupadd", "-f", LEARNERS_GROUP], check=True, capture_output=True)
        for person in (INSTRUCTOR, LEARNER):
            account = learners.Account(person, folder / "home" / person.id, exchange, Course(course_dir).course_id,
                                       unix_user=True)
            accounts.append(account.create())
            # what the learner's nbgrader needs must come from the hub's configuration, not from the home
            (account.home / ".jupyter" / "nbgrader_config.py").unlink()
        instructor_account, learner_account = accounts
        subprocess.run(["usermod", "-aG", LEARNERS_GROUP, LEARNER.id], check=True, capture_output=True)
        passwords = {person.id: set_password(person.id) for person in (INSTRUCTOR, LEARNER)}
        # the course directory is the instructor's (their formgrader works in it), closed to learners
        instructor = Instructor(course_dir, instructor_account)

        port = free_ports()
        state = folder / "hub-state"
        env = {"PATH": os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"]), "LANG": "C.UTF-8",
               "HOME": "/root", "COURSE_DIR": str(course_dir), "COURSE_EXCHANGE": str(exchange),
               "COURSE_HUB_INSTRUCTORS": INSTRUCTOR.id, "COURSE_HUB_LEARNERS": LEARNERS_GROUP,
               "COURSE_HUB_IP": "127.0.0.1", "COURSE_HUB_PORT": str(port), "COURSE_HUB_STATE": str(state)}
        log = (folder / "hub.log").open("w")
        hub = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(HUB_CONFIG)], cwd=folder, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
        # the instructor imports the roster and releases module 1 while the hub starts
        (folder / "roster.csv").write_text("id,first_name,last_name,email\n"
                                           f"{LEARNER.id},{LEARNER.first_name},{LEARNER.last_name},{LEARNER.email}\n")
        instructor.course("roster", "import", str(folder / "roster.csv"))
        released = instructor.course("release", MODULE)
        assert "released to" in released, released
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                assert "version" in json.loads(get(f"{url}/hub/api/"))
                break
            except (urllib.error.URLError, ConnectionError, ValueError):
                if hub.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the hub did not start:\n" + (folder / "hub.log").read_text()[-3000:])
                time.sleep(0.5)
        yield {"url": url, "course": course_dir, "instructor": instructor, "log": folder / "hub.log",
               "learner": (LEARNER.id, passwords[LEARNER.id], learner_account),
               "teacher": (INSTRUCTOR.id, passwords[INSTRUCTOR.id], instructor_account)}
    finally:
        if hub is not None:
            hub.send_signal(signal.SIGTERM)  # the hub stops the proxy and every user's server (cleanup_servers)
            try:
                hub.wait(timeout=60)
            except subprocess.TimeoutExpired:
                hub.kill()
                hub.wait()
            proxy_pid = folder / "hub-state" / "jupyterhub-proxy.pid"
            if proxy_pid.exists():  # a proxy that outlived its hub
                with contextlib.suppress(ValueError):
                    stop_processes([int(proxy_pid.read_text().strip())])
        if log is not None:
            log.close()
        for account in accounts:
            if account.uid is not None:
                stop_processes(processes_of(account.uid))
            account.remove((os.getuid(), os.getgid()))
        subprocess.run(["groupdel", LEARNERS_GROUP], check=False, capture_output=True)
        if (folder / "hub.log").exists():  # the hub's and the users' servers' output, a test artefact
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / "hub.log", ARTEFACTS / "hub.log")
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------ the browser


def shoot(page, name: str) -> None:
    screenshot(page, f"hub_{name}")


def log_in(page, url: str, name: str, password: str, shot: str | None = None) -> None:
    """Log in on the hub's login page (screenshot ``shot`` of it, filled in) and wait for the user's JupyterLab."""
    page.goto(f"{url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    if shot:
        shoot(page, shot)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{name}/lab**", timeout=SECONDS * 1000)
    page.locator("#jupyterlab-splash").wait_for(state="detached", timeout=SECONDS * 1000)
    page.locator(".lm-MenuBar-itemLabel:text-is('Nbgrader')").wait_for(timeout=SECONDS * 1000)


def menu(page, top: str, item: str) -> None:
    page.click(f".lm-MenuBar-itemLabel:text-is('{top}')")
    page.click(f".lm-Menu-itemLabel:text-is('{item}')")


def hidden_test_lines(source: Path) -> list[str]:
    """The lines of a source notebook's hidden tests (12 characters or more) that appear nowhere else in it."""
    hidden = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
    cells = [cell.source for cell in nbformat.read(source, as_version=4).cells]
    elsewhere = "\n".join(hidden.sub("", text) for text in cells)
    lines = {line.strip() for text in cells for block in hidden.findall(text) for line in block.splitlines()}
    return sorted(line for line in lines if len(line) >= 12 and line not in elsewhere)


# ------------------------------------------------------------------ the journey


def test_a_learner_studies_and_submits_on_the_course_server(course_server):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    url, course_dir, instructor = course_server["url"], course_server["course"], course_server["instructor"]
    learner, password, account = course_server["learner"]
    fetched = account.home / MODULE
    for old in SCREENSHOTS.glob("hub_*.png"):  # this run's screenshots only
        old.unlink()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            log_in(page, url, learner, password, shot="01_login")

            # the learner's JupyterLab: no formgrader, no instructors' panels
            assert page.request.get(f"{url}/user/{learner}/formgrader").status == 404
            page.click(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
            entries = page.locator(".lm-Menu-itemLabel").all_inner_texts()
            page.keyboard.press("Escape")
            assert "Assignment List" in entries and not {"Formgrader", "Courses", "Create Assignment"} & set(entries), \
                entries

            # fetch the module in the Assignments panel
            menu(page, "Nbgrader", "Assignment List")
            released = page.locator("#released_assignments_list")
            released.get_by_text(MODULE).wait_for(timeout=30_000)
            released.locator("button:text-is('Fetch')").click()
            downloaded = page.locator("#fetched_assignments_list")
            downloaded.get_by_text(MODULE).wait_for(timeout=60_000)
            assert (fetched / f"{NOTEBOOK}.ipynb").is_file(), sorted(account.home.iterdir())
            shoot(page, "02_assignments_fetched")

            # the learner's answers (written in as the simulated cohort's are), then: open, run all, save
            learners.answer(fetched / f"{NOTEBOOK}.ipynb", course_dir / "source" / MODULE / f"{NOTEBOOK}.ipynb")
            account.give_back_files()
            page.goto(f"{url}/user/{learner}/lab/tree/{MODULE}/{NOTEBOOK}.ipynb")
            page.locator(".jp-StatusBar-Widget:has-text('Python 3 (ipykernel) | Idle')").wait_for(
                timeout=SECONDS * 1000)
            prompts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt")
            for _ in range(3):  # Run All Cells, once the menu item acts on the open notebook
                page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.click()
                menu(page, "Run", "Run All Cells")
                with contextlib.suppress(PlaywrightTimeout):
                    prompts.filter(has_text=re.compile(r"\[(\*|\d+)\]")).first.wait_for(timeout=10_000)
                    break
            page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) '
                                                                  + '.jp-CodeCell .jp-InputPrompt')];
                    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""", timeout=SECONDS * 1000, polling=1000)
            page.keyboard.press("Control+s")
            notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            notebook.locator(".jp-RenderedImage img").first.hover()  # the first plot, whole
            page.mouse.wheel(0, 250)
            page.wait_for_timeout(500)
            shoot(page, "03_notebook_run")
            for _ in range(40):  # the saved notebook: every code cell ran
                ran = nbformat.read(fetched / f"{NOTEBOOK}.ipynb", as_version=4)
                if all(cell.execution_count for cell in ran.cells if cell.cell_type == "code"):
                    break
                page.wait_for_timeout(250)
            else:
                pytest.fail("the notebook the learner ran was not saved with every cell run")
            outputs = [output for cell in ran.cells if cell.cell_type == "code" for output in cell.outputs]
            assert not [o for o in outputs if o.output_type == "error"], "a cell failed in the learner's JupyterLab"
            assert any("image/png" in o.get("data", {}) for o in outputs), "no plot was drawn"

            # Validate (the notebook's toolbar button), then submit in the Assignments panel
            notebook.locator(".jp-Toolbar").get_by_text("Validate", exact=True).click()
            dialog = page.locator(".jp-Dialog")
            dialog.wait_for(timeout=SECONDS * 1000)
            page.wait_for_timeout(500)
            shoot(page, "04_validate")
            assert "Success! Your notebook passes all the tests." in dialog.inner_text()
            dialog.locator("button:has-text('Ok')").click()
            menu(page, "Nbgrader", "Assignment List")
            downloaded.locator("button:text-is('Submit')").click()
            submitted = page.locator("#submitted_assignments_list")
            submitted.get_by_text(MODULE).wait_for(timeout=60_000)
            shoot(page, "05_assignments_submitted")

            # the instructor: collect, autograde, feedback (the course's command line)
            assert "1 submission(s)" in instructor.course("collect", MODULE)
            graded = instructor.course("autograde", MODULE, "--no-progress", timeout=600)
            assert learner in graded, graded
            assert "released to 1 learner(s)" in instructor.course("feedback", MODULE)
            course = Course(course_dir)
            with course.gradebook() as gradebook:
                scored = gradebook.find_submission_notebook(NOTEBOOK, MODULE, learner)
                assert scored.max_score > 0 and scored.score == scored.max_score, (scored.score, scored.max_score)

            # ... and sees the graded submission in the formgrader
            teacher, teacher_password, _ = course_server["teacher"]
            instructor_page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            log_in(instructor_page, url, teacher, teacher_password)
            instructor_page.goto(f"{url}/user/{teacher}/formgrader/manage_submissions/{MODULE}")
            row = instructor_page.locator("tr", has_text=learner)
            row.wait_for(timeout=60_000)
            shoot(instructor_page, "06_formgrader")
            assert "Ada" in row.inner_text() and "graded" in row.inner_text(), row.inner_text()
            assert f"{scored.score:g} / " in row.inner_text(), row.inner_text()  # the module's only answered notebook

            # the learner fetches the feedback and reads it
            page.click("#refresh_assignments_list")
            submitted.locator("button:text-is('Fetch Feedback')").click()
            submitted.get_by_text("(view feedback)").first.click(timeout=60_000)
            page.locator(f".jp-DirListing-item:has-text('{NOTEBOOK}.html')").dblclick(timeout=30_000)
            frame = page.frame_locator(".jp-HTMLViewer iframe")
            frame.get_by_text(f"{NOTEBOOK}").first.wait_for(timeout=30_000)
            page.wait_for_timeout(1000)
            shoot(page, "07_feedback")
            shown = frame.locator("body").inner_text()
            assert "Score" in shown, shown[:2000]
        except Exception:
            for number, each in enumerate(tab for context in browser.contexts for tab in context.pages):
                with contextlib.suppress(Exception):
                    shoot(each, f"failure_{number}")  # what the browser showed when the test failed
            raise
        finally:
            browser.close()

    pages = sorted(fetched.glob(f"feedback/*/{NOTEBOOK}.html"))
    assert pages, sorted(p.relative_to(fetched) for p in fetched.rglob("*") if "feedback" in p.parts)
    text = html.unescape(re.sub(r"<[^>]+>", "", pages[-1].read_text(encoding="utf-8")))  # the page's text
    hidden = hidden_test_lines(course_dir / "source" / MODULE / f"{NOTEBOOK}.ipynb")
    assert hidden, "the notebook has hidden tests (else this check proves nothing)"
    leaked = [line for line in hidden if line in text or line in shown]
    assert not leaked, f"hidden test code in the learner's feedback: {leaked[:3]}"
    assert "BEGIN HIDDEN TESTS" not in text and str(course_dir) not in text
