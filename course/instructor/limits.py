"""Resource limits of a graded kernel, from the operating system's own mechanisms.

- memory (``RLIMIT_DATA``: beyond it, allocations fail with ``MemoryError``; TensorFlow
  runs fine under it, unlike an address-space limit), the size of any file written
  (``RLIMIT_FSIZE``) and the CPU time of each process (``RLIMIT_CPU``: beyond it the
  process is killed by ``SIGXCPU``; a backstop behind the notebook's time budget, for a
  process that outlives it), set in the kernel's process before it starts;
- processes and threads, through a ``pids`` control group of its own (a fork bomb
  gets "Resource temporarily unavailable" instead of taking the machine down),
  where the machine lets this user create one; otherwise ``RLIMIT_NPROC``, which
  binds only a kernel that does not run as root.

:func:`guarantees` says which of these hold on this machine.

Example:
    >>> with ProcessGroup(1024) as group:  # doctest: +SKIP
    ...     Popen(cmd, preexec_fn=apply(memory=8 * 2**30, file_size=2**29, group=group))
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

#: Where a cgroup (v1) ``pids`` hierarchy is mounted on most Linux machines.
PIDS_HIERARCHY = Path("/sys/fs/cgroup/pids")


class ProcessGroup:
    """A ``pids`` control group allowing at most ``limit`` processes and threads; removed on exit.

    ``path`` is ``None`` where no such group can be made (no cgroup v1 ``pids`` hierarchy,
    or no right to write it): the kernel then runs without this limit.
    """

    def __init__(self, limit: int, hierarchy: Path = PIDS_HIERARCHY):
        self.limit, self.hierarchy, self.path = limit, hierarchy, None

    def __enter__(self) -> ProcessGroup:
        if self.limit and os.access(self.hierarchy, os.W_OK):
            path = self.hierarchy / f"course-kernel-{uuid.uuid4().hex[:12]}"
            try:
                path.mkdir()
                (path / "pids.max").write_text(str(self.limit))
                self.path = path
            except OSError:
                self._remove(path)
        return self

    def __exit__(self, *exc) -> None:
        if self.path is not None:
            self._remove(self.path)
            self.path = None

    @staticmethod
    def _remove(path: Path) -> None:
        """Kill whatever is left in the group (a fork bomb's children), then remove it."""
        for _ in range(50):
            try:
                pids = [int(p) for p in (path / "cgroup.procs").read_text().split()]
            except OSError:
                pids = []
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.1)


def apply(memory: int = 0, file_size: int = 0, processes: int = 0, group: ProcessGroup | None = None,
          cpu_seconds: int = 0):
    """A function that puts the limits on the process it runs in (a kernel's ``preexec_fn``)."""
    procs = str(group.path / "cgroup.procs") if group is not None and group.path is not None else None

    def limit() -> None:
        import resource

        for which, value in ((resource.RLIMIT_DATA, memory), (resource.RLIMIT_FSIZE, file_size)):
            if value:
                resource.setrlimit(which, (value, value))
        if cpu_seconds:  # SIGXCPU at the soft limit; SIGKILL 10 s later, for a process that catches it
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 10))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file
        if procs:
            with open(procs, "w") as file:
                file.write(str(os.getpid()))
        elif processes and os.getuid() != 0:
            resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    return limit


def guarantees(memory: int, file_size: int, processes: int, cpu_seconds: int = 0) -> dict:
    """Which limits hold for a kernel graded here: ``{limit: "on (how)" or "off (why)"}``."""
    with ProcessGroup(processes) as group:
        if not processes:
            process_limit = "off (not configured)"
        elif group.path is not None:
            process_limit = f"on (a pids control group, at most {processes})"
        elif os.getuid() != 0:
            process_limit = f"on (RLIMIT_NPROC, at most {processes} for this user)"
        else:
            process_limit = "off (no pids control group can be made here, and RLIMIT_NPROC does not bind root)"
    return {"memory": f"on (RLIMIT_DATA, {memory / 2**30:g} GiB)" if memory else "off (not configured)",
            "file size": f"on (RLIMIT_FSIZE, {file_size / 2**20:g} MiB)" if file_size else "off (not configured)",
            "processes": process_limit,
            "CPU time": f"on (RLIMIT_CPU, {cpu_seconds} s per process)" if cpu_seconds else "off (not configured)"}
