"""Figure checks: training curves drawn with matplotlib.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from .datasets import _returned


def check_training_plot(fig, history, metrics=("loss", "accuracy")) -> None:
    """Check a figure of training curves: one panel per metric, training and validation, with a legend.

    A panel belongs to the metric that its y-axis label or its title names (``"loss"``,
    ``"Accuracy"``, ``"Training and validation loss"``...). It must show two curves
    whose y-values are the history's values for the metric and for its ``val_``
    counterpart, each with a label shown in a legend. The x-values are not checked
    (epochs may count from 0 or from 1).

    Args:
        fig: what the learner's plotting function returned: it must be a matplotlib ``Figure``.
        history: the ``History`` that was plotted, or its ``.history`` dict.
        metrics: the metrics that need a panel each, e.g. ``("loss", "accuracy")``.

    Example:
        >>> from course import plots
        >>> logs = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}
        >>> check_training_plot(plots.plot_history(logs), logs, metrics=("loss",))

    Introduced in m1_foundations/02_classification.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    logs = getattr(history, "history", history)
    metrics = tuple(metrics)
    panels = f"plt.subplots(1, {len(metrics)})" if len(metrics) > 1 else "plt.subplots()"
    if isinstance(fig, Axes) or (isinstance(fig, np.ndarray) and fig.size and isinstance(fig.flat[0], Axes)):
        raise AssertionError(f"the function returned matplotlib Axes, expected the Figure that holds them: "
                             f"write `fig, axes = {panels}` and end with `return fig`")
    assert isinstance(fig, Figure), (
        f"expected a matplotlib Figure, got {_returned(fig)}: write `fig, axes = {panels}` and end with "
        "`return fig`")
    axes = fig.get_axes()
    names = " and ".join(metrics)
    assert len(axes) == len(metrics), (
        f"the figure has {len(axes)} panel{'s' if len(axes) != 1 else ''}, expected {len(metrics)}, one per "
        f"metric ({names}): write `fig, axes = {panels}` and draw on each of the axes")

    def named(ax) -> list:
        text = f"{ax.get_ylabel()} {ax.get_title()}".lower()
        return [m for m in metrics if m.lower() in text or m.lower().replace("_", " ") in text]

    owner = {}
    for number, ax in enumerate(axes, start=1):
        found = named(ax)
        label = f"panel {number} (y label {ax.get_ylabel()!r}, title {ax.get_title()!r})"
        assert found, (f"{label} names none of {names}: say what it shows, for example "
                       f"`ax.set_ylabel({metrics[0]!r})`")
        assert len(found) == 1, (f"{label} names {' and '.join(found)}: name each panel after the one "
                                 "metric it shows")
        assert found[0] not in owner, (f"two panels are labelled {found[0]!r}: label each panel after the "
                                       "metric it shows, one panel per metric")
        owner[found[0]] = ax

    def curve(ax, key, skip=None):
        wanted = np.asarray(logs[key], dtype=float)
        for line in ax.get_lines():
            values = np.asarray(line.get_ydata(), dtype=float)
            if line is not skip and values.shape == wanted.shape and np.allclose(values, wanted):
                return line
        return None

    for metric in metrics:
        ax = owner[metric]
        lines = {}
        for key, role in ((metric, "training"), (f"val_{metric}", "validation")):
            assert key in logs, f"the history has no {key!r} (it has {sorted(logs)})"
            lines[key] = curve(ax, key, skip=lines.get(metric))
            if lines[key] is None:
                elsewhere = [m for m, other in owner.items() if other is not ax and curve(other, key)]
                where = (f" (it is in the panel labelled {elsewhere[0]!r}: each curve goes in the panel of "
                         "its metric)") if elsewhere else ""
                raise AssertionError(
                    f"the {metric} panel has no curve with the values of history.history[{key!r}]{where}: "
                    f"draw it with `ax.plot(history.history[{key!r}], label={role!r})`")
        labels = [line.get_label() for line in lines.values()]
        assert all(not label.startswith("_") for label in labels) and labels[0] != labels[1], (
            f"the two curves of the {metric} panel need different labels, found {labels}: pass "
            "`label=\"training\"` and `label=\"validation\"` to ax.plot")
        legend = ax.get_legend()
        shown = {text.get_text() for text in legend.get_texts()} if legend is not None else set()
        shown |= {text.get_text() for legend in fig.legends for text in legend.get_texts()}
        assert set(labels) <= shown, (
            f"the {metric} panel has no legend that names its curves: call `ax.legend()` after plotting them")
