"""The sandbox of graded kernels: each guarantee is tried by code that must fail, and grading says which hold.

A program run through :class:`Sandbox.wrap` must not read a file beside its folder,
write outside its folder, reach a server listening on this machine, or run as root;
it must still read the held-out data, write its own folder and import TensorFlow's
neighbours from the Python environment. A kernel started by the sandboxed kernel
manager must answer over IPC sockets and stop a cell when interrupted.
``tests/test_hostile.py`` tries the same through whole graded submissions.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading

import pytest
from conftest import ROOT

from course import cli
from course.instructor import sandbox
from course.instructor.nbgrader_api import Course
from course.instructor.sandbox import Sandbox

needs_sandbox = pytest.mark.skipif(bool(sandbox.off_because()), reason=f"no sandbox here: {sandbox.off_because()}")


@pytest.fixture
def box(tmp_path):
    course = tmp_path / "course"
    work = course / "autograded" / "ada" / "m1"
    work.mkdir(parents=True)
    (course / "source").mkdir()
    (course / "source" / "answers.ipynb").write_text("the solutions")
    (course / "heldout").mkdir()
    (course / "heldout" / "labels.csv").write_text("1,2,3")
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    made = Sandbox(work, runtime, (course / "heldout",), {"COURSE_HELDOUT_DIR": str(course / "heldout")})
    made.enter()
    yield made
    made.leave()


def run_inside(box: Sandbox, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(box.wrap([sys.executable, "-c", code]), capture_output=True, text=True, timeout=120)


def attempt(box: Sandbox, expression: str) -> str:
    """Run ``expression`` in the sandbox: "ok", or the name of the exception it raised."""
    code = f"import os, socket\ntry:\n    {expression}\n    print('ok')\nexcept Exception as e:\n" \
           "    print(type(e).__name__)"
    result = run_inside(box, code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@needs_sandbox
def test_it_cannot_read_the_course_beside_its_folder(box):
    assert (box.work / "../../../source/answers.ipynb").exists()  # it is there, outside the sandbox
    assert attempt(box, "open('../../../source/answers.ipynb').read()") == "FileNotFoundError"
    assert attempt(box, f"open({str(box.work.parents[2] / 'source' / 'answers.ipynb')!r}).read()") \
        == "FileNotFoundError"


@needs_sandbox
def test_it_reads_the_held_out_data_but_cannot_change_it(box):
    assert attempt(box, "open(os.environ['COURSE_HELDOUT_DIR'] + '/labels.csv').read()") == "ok"
    assert attempt(box, "open(os.environ['COURSE_HELDOUT_DIR'] + '/labels.csv', 'w')") == "OSError"


@needs_sandbox
def test_it_writes_only_a_copy_of_its_own_folder(box):
    (box.work / "data.csv").write_text("1,2")
    box.enter()
    assert attempt(box, "open('model.keras', 'w').write('weights'); open('data.csv', 'a').write(',3')") == "ok"
    assert attempt(box, "assert open('data.csv').read() == '1,2'") == "ok"  # each kernel starts from the folder
    assert not (box.work / "model.keras").exists() and (box.work / "data.csv").read_text() == "1,2"
    assert attempt(box, "open('../../../gradebook.db', 'w')") == "PermissionError"
    assert not (box.work.parents[2] / "gradebook.db").exists()
    assert attempt(box, "open('/tmp/scratch', 'w').write('x')") == "ok"  # a private /tmp of its own


@needs_sandbox
def test_it_cannot_fill_the_disk(box):
    free = shutil.disk_usage(box.work).free
    fill = ("for number in range(100):\n"
            "    with open(f'fill{number}.bin', 'wb') as file:\n"
            "        file.write(bytes(2**28))")
    result = run_inside(box, fill)
    assert "No space left on device" in result.stderr
    assert shutil.disk_usage(box.work).free > free - 2**28 and list(box.work.iterdir()) == []


@needs_sandbox
def test_it_cannot_reach_a_server_on_this_machine(box):
    server = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=lambda: server.accept()[0].close(), daemon=True).start()
    port = server.getsockname()[1]
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()  # it answers, outside the sandbox
        assert attempt(box, f"socket.create_connection(('127.0.0.1', {port}), timeout=5)") \
            == "ConnectionRefusedError"
    finally:
        server.close()


@needs_sandbox
@pytest.mark.skipif(os.getuid() != 0, reason="kernels run as another user only where grading runs as root")
def test_it_runs_as_an_unprivileged_user_that_cannot_become_root(box):
    assert run_inside(box, "import os; print(os.getuid())").stdout.strip() != "0"
    assert attempt(box, "os.setuid(0)") == "PermissionError"
    assert attempt(box, "open('/etc/shadow').read()") == "PermissionError"


@needs_sandbox
def test_it_sees_no_process_outside_itself(box):
    pids = run_inside(box, "import os; print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))")
    assert pids.stdout.strip() in ("[1, 2]", "[1, 2, 3]"), pids.stdout  # bubblewrap's init, (setpriv,) python


@needs_sandbox
def test_a_sandboxed_kernel_answers_and_can_be_interrupted(box):
    async def session():
        manager = sandbox.SandboxedKernelManager(kernel_name="python3")
        manager.use(box)
        await manager.start_kernel(cwd=str(box.work))
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            reply = await client.execute("import os; print(os.getcwd())", reply=True, timeout=60)
            assert reply["content"]["status"] == "ok"
            msg_id = client.execute("import time\nwhile True:\n    time.sleep(0.1)")
            await asyncio.sleep(2)
            await manager.interrupt_kernel()
            while True:
                message = await client.get_shell_msg(timeout=30)
                if message["parent_header"].get("msg_id") == msg_id:
                    break
            assert message["content"]["ename"] == "KeyboardInterrupt"
            assert await manager.is_alive()
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)
    asyncio.run(session())


def test_without_bubblewrap_the_guarantees_say_off_and_why(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    sandbox.off_because.cache_clear()
    try:
        held = sandbox.guarantees()
    finally:
        monkeypatch.undo()
        sandbox.off_because.cache_clear()
    assert set(held) == {"network", "files", "user"}
    assert all(state.startswith("off (bubblewrap is not installed") for state in held.values())
    assert all(state.startswith("on") for state in sandbox.guarantees().values()) or os.getuid() != 0


def test_autograde_says_which_sandbox_guarantees_hold():
    line = cli.limits_line(Course(ROOT))
    for name, state in sandbox.guarantees().items():
        assert f"{name} {state}" in line
    assert "held-out data hidden (hidden tests measure models through the trusted scorer)" in line


def test_no_hidden_test_reads_the_held_out_data_itself():
    import nbformat

    from course.instructor.preprocessors import reads_heldout

    reading = [path.name for path in sorted(ROOT.glob("source/*/*.ipynb"))
               if reads_heldout(nbformat.read(path, as_version=4))]
    assert reading == [], "measure held-out figures with course.heldout.measure, so that graded code never sees them"
