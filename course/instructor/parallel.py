"""Run grading tasks: one after another in this process, or in parallel on a Dask cluster.

``workers=1`` grades here, task after task. ``workers=N`` starts a local Dask
cluster of N worker processes (one task at a time each); ``scheduler=ADDRESS``
uses a cluster that is already running, which lets a course grade across
machines: every worker needs the course package installed (``pip install`` the
course), nothing else, because each task carries its submission and the module's
grading kit (see :mod:`course.instructor.grading`). Start such workers with
``--nthreads 1``: a worker grades one submission at a time.

N workers on one machine share its cores, so each worker's kernels get
``cores // N`` TensorFlow threads (per machine, for a remote cluster).

Example:
    >>> for task, outcome in run(tasks, kits, workers=2):  # doctest: +SKIP
    ...     print(task.student, outcome)
"""

from __future__ import annotations

import contextlib
import logging
import os
from urllib.parse import urlparse

from .grading import grade
from .nbgrader_api import CourseError

#: Environment variables that set how many threads TensorFlow (and the maths libraries
#: under it) use in a graded kernel, which inherits them from its worker.
THREAD_VARIABLES = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS")

#: How long to wait for an existing Dask cluster to answer and to have a worker.
CONNECT_SECONDS = 30


def default_workers() -> int:
    """Workers for grading on this machine: one per core, at most 4 (each graded kernel holds 1-2 GB)."""
    return max(1, min(4, os.cpu_count() or 1))


def threads_per_worker(workers: int, cores: int | None = None) -> int:
    """TensorFlow threads for each of ``workers`` grading workers sharing ``cores`` cores (at least 1)."""
    return max(1, (cores or os.cpu_count() or 1) // max(1, workers))


def run(tasks, kits: dict, workers: int = 1, scheduler: str | None = None):
    """Grade ``tasks`` (with ``kits``: module -> kit) and yield ``(task, Result or the exception)`` as each ends.

    A task that fails (a bug, a worker that died twice) yields its exception: nothing of
    it reaches the gradebook, so the learner's earlier grades are kept.
    """
    if scheduler is None and workers <= 1:
        for task in tasks:
            try:
                yield task, grade(kits[task.module], task)
            except Exception as error:  # reported by the caller; the other tasks go on
                yield task, error
        return
    from distributed import as_completed

    with _client(workers, scheduler) as client:
        _share_cores(client)
        shared = {module: client.scatter(kit, broadcast=True) for module, kit in kits.items()}
        futures = {client.submit(grade, shared[task.module], task, pure=False, retries=1,
                                 key=f"grade-{task.student}-{task.module}-{index}"): task
                   for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield task, future.result()
            except Exception as error:
                yield task, error
            future.release()


@contextlib.contextmanager
def _client(workers: int, scheduler: str | None):
    """A Dask client of a new local cluster of ``workers`` processes, or of the cluster at ``scheduler``."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR, memory_limit=0) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except OSError as error:
        raise CourseError(f"no Dask scheduler answers at {scheduler} ({error}): start one with "
                          "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`") from error
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError as error:
            raise CourseError(f"the Dask scheduler at {scheduler} has no worker: start some with "
                              f"`dask worker {scheduler} --nthreads 1`") from error
        yield client


def _share_cores(client) -> None:
    """Give each worker's kernels their share of its machine's cores (workers per machine, from the scheduler)."""
    cores = client.run(os.cpu_count)
    hosts: dict = {}
    for address in cores:
        hosts.setdefault(urlparse(address).hostname, []).append(address)
    threads = {address: threads_per_worker(len(hosts[urlparse(address).hostname]), count)
               for address, count in cores.items()}
    client.run(_set_threads, threads)


def _set_threads(threads: dict, dask_worker=None) -> None:
    """Run on each worker: the TensorFlow thread counts that its graded kernels inherit."""
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads[dask_worker.address])
