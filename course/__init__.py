"""Shared code of the TensorFlow Developer course: data, plots, grading checks and tools.

Importing ``course`` is cheap and changes nothing: TensorFlow is imported only
by the functions that need it.
"""

from __future__ import annotations

import warnings

__version__ = "0.1.0"

#: The versions the course is written and graded against (see pyproject.toml).
EXPECTED_VERSIONS = {"tensorflow": "2.21", "keras": "3.15"}


def check_environment(verbose: bool = True) -> dict:
    """Check that TensorFlow and Keras have the versions the course expects.

    Call it once in a notebook's setup cell. It also starts TensorFlow's
    runtime, so that its one-off start-up messages appear in the setup cell and
    not later in a test cell, and it hides one misleading Keras 3.15 warning:
    ``fit`` on a ``tf.data.Dataset`` says "`shuffle=True` was passed, but will
    be ignored" although nobody passed it (the dataset shuffles itself).

    Args:
        verbose: print the versions found.

    Returns:
        A dict of the versions found, e.g. ``{"tensorflow": "2.21.0", "keras": "3.15.1"}``.
    """
    import keras
    import tensorflow as tf

    found = {"tensorflow": tf.__version__, "keras": keras.__version__}
    tf.config.list_physical_devices()
    warnings.filterwarnings("ignore", message="`shuffle=True` was passed, but will be ignored", category=UserWarning)
    if verbose:
        print("TensorFlow", found["tensorflow"], "| Keras", found["keras"])
    for package, expected in EXPECTED_VERSIONS.items():
        if not found[package].startswith(expected + "."):
            print(f"Note: this course was written for {package} {expected}; you have {found[package]}. "
                  "Most things will work, but if something behaves oddly, run `python3 dev.py test` "
                  "to set up the course's own environment.")
    return found
