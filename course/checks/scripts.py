"""Checks for work done outside the notebook: training scripts and saved models.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from ..quiet import quiet
from .models import check_model


def run_script(script, *args, timeout: float = 300):
    """Run a Python script with the notebook's own interpreter and check that it succeeds (S1.1).

    The script's output is captured, so nothing reaches the notebook's stderr.

    Args:
        script: path of the ``.py`` file, e.g. ``"train_digits.py"``.
        *args: command-line arguments, e.g. ``"--epochs", "1"``.
        timeout: seconds before the run counts as failed.

    Returns:
        The ``subprocess.CompletedProcess`` (``.stdout`` holds what it printed).

    Example:
        >>> run_script("train_digits.py", "--epochs", "1", "--out", "saved/check.keras").returncode
        0

    Introduced in m1_foundations/06_developer_skills.
    """
    import subprocess
    import sys
    from pathlib import Path

    assert Path(script).is_file(), (
        f"there is no {script} in this folder: run the cell that writes it (the one starting with "
        f"%%writefile {script})")
    command = [sys.executable, str(script), *map(str, args)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"`python {' '.join(command[1:])}` ran for more than {timeout:g} s: "
                             "train for fewer epochs or on less data") from None
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines()
                 if not line.startswith(("WARNING: All log messages", "I0000", "W0000", "E0000"))]
        tail = "\n".join(lines[-12:])
        raise AssertionError(f"`python {' '.join(command[1:])}` failed with exit code {result.returncode}; "
                             f"the end of its error output:\n{tail}")
    return result


def load_saved_model(path):
    """Load a model file that the notebook saved, quietly, failing clearly if it is missing.

    Args:
        path: the ``.keras`` file, e.g. ``"checkpoints/best_digits.keras"``.

    Returns:
        The loaded Keras model.

    Introduced in m1_foundations/03_callbacks.
    """
    from pathlib import Path

    import keras

    file = Path(path)
    assert file.is_file(), (
        f"there is no model file at {file}: run the training cell that saves it, and check that it "
        "finished without an error")
    try:
        with quiet():
            model = keras.models.load_model(file)
    except Exception as error:  # a broken file can fail in many ways
        raise AssertionError(f"keras.models.load_model could not load {file} ({type(error).__name__}: "
                             f"{error}): run the training cell again to rewrite it") from None
    check_model(model)
    return model


def trained_steps(model) -> int:
    """How many training steps the optimizer of a (saved and reloaded) model has taken; 0 if unknown."""
    optimizer = getattr(model, "optimizer", None)
    iterations = getattr(optimizer, "iterations", None)
    return int(np.asarray(iterations)) if iterations is not None else 0


def check_epochs_respected(few, many, few_epochs: int, many_epochs: int, option: str = "--epochs") -> None:
    """Check that a training script trained ``many_epochs / few_epochs`` times as long when told to.

    Both models come from the same script run with ``option few_epochs`` and ``option
    many_epochs``; their optimizers count the steps they took. A script that ignores
    the option takes the same number of steps both times. Models saved without their
    optimizer cannot be compared, and pass.

    Example:
        >>> check_epochs_respected(load_saved_model("e1.keras"), load_saved_model("e5.keras"), 1, 5)  # doctest: +SKIP

    Introduced in m1_foundations/06_developer_skills.
    """
    few_steps, many_steps = trained_steps(few), trained_steps(many)
    if not few_steps or not many_steps:
        return
    expected = few_steps * many_epochs // few_epochs
    assert many_steps == expected, (
        f"with {option} {few_epochs} the script trained {few_steps} steps and with {option} {many_epochs} "
        f"{many_steps} steps, expected {expected}: pass the number of epochs on to "
        "`model.fit(..., epochs=epochs)` instead of a fixed number")
