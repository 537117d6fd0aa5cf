"""Running a learner's code: call their functions and check what the notebook defined.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

from ..quiet import quiet


def call(function, *args, **kwargs):
    """Call a learner's function, turning "not written yet" into a clear failure.

    Args:
        function: the learner's function, e.g. ``build_model``.
        *args, **kwargs: passed on.

    Returns:
        Whatever the function returns.
    """
    name = getattr(function, "__name__", "the function")
    try:
        with quiet():
            return function(*args, **kwargs)
    except NotImplementedError:
        raise AssertionError(f"{name}() is not written yet: replace `raise NotImplementedError()` "
                             "in its cell with your code, then run that cell again") from None


def check_defined(namespace: dict, *names: str, hint: str = "run the cells above, in order") -> None:
    """Check that the notebook defined ``names`` (e.g. a trained ``model`` and its ``history``).

    Args:
        namespace: the notebook's variables: pass ``globals()``.
        *names: variable names the test needs.
        hint: what the learner should do if one is missing.

    Example:
        >>> check_defined({"model": 1}, "model")
    """
    missing = [name for name in names if name not in namespace]
    assert not missing, f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not defined yet: {hint}"
