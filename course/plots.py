"""Plots used across the course, each usable in one line from a notebook.

No function here changes matplotlib's global settings.

Introduced in m1_foundations/02_classification.
"""

from __future__ import annotations

import numpy as np


def plot_history(history, metrics=None, title: str | None = None):
    """Plot training curves: one panel per metric, training against validation.

    Args:
        history: the ``History`` returned by ``model.fit`` (or its ``.history`` dict).
        metrics: metric names to plot, e.g. ``("loss", "accuracy")``. By default,
            every metric that has no ``val_`` prefix.
        title: optional title over the panels.

    Returns:
        The matplotlib ``Figure``.

    Example:
        >>> fig = plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]})
        >>> len(fig.axes)
        1
    """
    import matplotlib.pyplot as plt

    logs = getattr(history, "history", history)
    if not logs:
        raise ValueError("the history is empty: train the model first (history = model.fit(...))")
    if metrics is None:
        metrics = [key for key in logs if not key.startswith("val_") and key not in ("learning_rate", "lr")]
    unknown = [m for m in metrics if m not in logs]
    if unknown:
        raise ValueError(f"no {unknown} in the history; it has {sorted(logs)}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.2), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], label="training")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_images(images, labels=None, class_names=None, ncols: int = 8, size: float = 1.2, cmap="gray_r"):
    """Show a grid of images with their labels.

    Args:
        images: an array of shape ``(n, height, width)`` or ``(n, height, width, channels)``.
        labels: optional integer labels, one per image.
        class_names: optional names, indexed by label.
        ncols: images per row.
        size: inches per image.
        cmap: colour map for one-channel images.

    Returns:
        The matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    n = len(images)
    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        image = images[i]
        if image.ndim == 3 and image.shape[-1] == 1:
            image = image[..., 0]
        ax.imshow(image, cmap=cmap if image.ndim == 2 else None)
        if labels is not None:
            label = labels[i]
            ax.set_title(str(class_names[label] if class_names is not None else label), fontsize=9)
    fig.tight_layout()
    return fig


def plot_series(x, *series, labels=None, title: str | None = None, xlabel: str = "time", ylabel: str = "value"):
    """Plot one or more series against the same x values.

    Args:
        x: the x values (time steps or dates).
        *series: arrays of the same length as ``x``.
        labels: optional legend label for each series.

    Returns:
        The matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.2))
    for i, values in enumerate(series):
        ax.plot(x, values, label=None if labels is None else labels[i])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    if labels is not None:
        ax.legend()
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
