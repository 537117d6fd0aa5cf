"""Silence warnings and TensorFlow's logger while course code runs.

Shared by :mod:`course.checks` and :mod:`course.series`.
"""

from __future__ import annotations

import contextlib
import logging
import warnings


@contextlib.contextmanager
def quiet():
    """Silence Python warnings and TensorFlow's Python logger inside the block."""
    tf_logger = logging.getLogger("tensorflow")
    level = tf_logger.level
    tf_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        tf_logger.setLevel(level)
