"""The resource limits of a graded kernel hold, each proven by a process that tries to break it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from course.instructor import limits


def run_limited(code: str, group=None, **limit) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], preexec_fn=limits.apply(group=group, **limit),
                          capture_output=True, text=True, timeout=120)


def test_memory_beyond_the_limit_fails_with_memory_error():
    done = run_limited("bytearray(2 * 2**30)", memory=2**30)
    assert done.returncode == 1 and "MemoryError" in done.stderr


def test_a_file_beyond_the_limit_cannot_be_written(tmp_path):
    done = run_limited(f"open({str(tmp_path / 'big')!r}, 'wb').write(bytes(2 * 2**20))", file_size=2**20)
    assert done.returncode == 1 and "File too large" in done.stderr
    assert (tmp_path / "big").stat().st_size <= 2**20


def test_a_process_group_limits_processes_and_is_removed_afterwards():
    with limits.ProcessGroup(20) as group:
        if group.path is None:
            pytest.skip("no pids control group can be made on this machine")
        path = group.path
        bomb = ("import os, time\nfor _ in range(200):\n    if os.fork() == 0:\n        time.sleep(3)\n"
                "        os._exit(0)\n")
        done = run_limited(bomb, group=group, processes=20)
        assert done.returncode == 1 and "Resource temporarily unavailable" in done.stderr
    assert not path.exists(), "the group (and the bomb's sleeping children) must be gone"


def test_guarantees_say_which_limits_hold():
    held = limits.guarantees(2**30, 2**20, 64)
    assert held["memory"] == "on (RLIMIT_DATA, 1 GiB)" and held["file size"] == "on (RLIMIT_FSIZE, 1 MiB)"
    assert held["processes"].startswith("on (" if os.access(limits.PIDS_HIERARCHY, os.W_OK) or os.getuid()
                                        else "off (no pids control group")
    assert limits.guarantees(0, 0, 0) == {"memory": "off (not configured)", "file size": "off (not configured)",
                                          "processes": "off (not configured)", "CPU time": "off (not configured)"}
    assert limits.guarantees(0, 0, 0, 3600)["CPU time"] == "on (RLIMIT_CPU, 3600 s per process)"


def test_a_process_beyond_its_cpu_time_is_killed():
    done = run_limited("while True:\n    pass", cpu_seconds=1)
    assert done.returncode == -24  # SIGXCPU
