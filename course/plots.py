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

    images = np.asarray(images)
    fig, axes = _grid(len(images), ncols, size, size * 1.15)
    for i, ax in enumerate(axes[:len(images)]):
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


def compare_histories(histories: dict, metric: str = "accuracy", title: str | None = None):
    """Compare several models' training curves side by side, one panel per model, shared y axis.

    Args:
        histories: ``{model name: History}`` (or ``.history`` dicts), in the order to show them.
        metric: the metric to plot; its ``val_`` curve is drawn too when present.
        title: optional title over the panels.

    Returns:
        The matplotlib ``Figure``.

    Example:
        >>> fig = compare_histories({"LSTM": {"accuracy": [0.5, 0.8], "val_accuracy": [0.5, 0.7]},
        ...                          "GRU": {"accuracy": [0.6, 0.9], "val_accuracy": [0.6, 0.75]}})
        >>> len(fig.axes)
        2

    Introduced in m3_nlp/03_recurrent_and_conv.
    """
    import matplotlib.pyplot as plt

    if not histories:
        raise ValueError("no histories to compare: pass {name: model.fit(...)} for at least one model")
    logs = {name: getattr(h, "history", h) for name, h in histories.items()}
    missing = [name for name, log in logs.items() if metric not in log]
    if missing:
        raise ValueError(f"no {metric!r} in the history of {missing}: add it to model.compile(metrics=[...])")
    n = len(logs)
    ncols = min(n, 3)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4 * ncols, 3 * nrows), sharey=True, squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    for ax, (name, log) in zip(axes.flat, logs.items()):
        epochs = np.arange(1, len(log[metric]) + 1)
        ax.plot(epochs, log[metric], label="training")
        if f"val_{metric}" in log:
            ax.plot(epochs, log[f"val_{metric}"], label="validation")
            ax.set_title(f"{name}: {log[f'val_{metric}'][-1]:.2f}", fontsize=10)
        else:
            ax.set_title(name, fontsize=10)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    axes[0, 0].set_ylabel(metric)
    axes[0, 0].legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_lr_sweep(learning_rates, losses, suggestion: float | None = None, title: str | None = None):
    """Plot the loss against the learning rate of a learning-rate sweep, on a log scale.

    Args:
        learning_rates: the rate of each epoch, e.g. ``history.history["learning_rate"]``.
        losses: the loss of each epoch, e.g. ``history.history["loss"]``.
        suggestion: optional rate to mark with a vertical line.
        title: optional title.

    Returns:
        The matplotlib ``Figure``.

    Example:
        >>> fig = plot_lr_sweep([1e-4, 1e-3, 1e-2], [3.0, 1.0, 9.0], suggestion=1e-4)
        >>> fig.axes[0].get_xscale()
        'log'

    Introduced in m4_time_series/04_learning_rate.
    """
    import matplotlib.pyplot as plt

    learning_rates, losses = np.asarray(learning_rates, dtype=float), np.asarray(losses, dtype=float)
    if learning_rates.shape != losses.shape or learning_rates.ndim != 1 or not len(losses):
        raise ValueError(f"expected one loss per learning rate, got {learning_rates.shape} rates and "
                         f"{losses.shape} losses: pass history.history['learning_rate'] and history.history['loss']")
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.semilogx(learning_rates, losses)
    finite = np.isfinite(losses)
    if finite.any():  # show the whole descent, but keep a diverging tail from squashing it
        lowest = int(np.argmin(np.where(finite, losses, np.inf)))
        top = np.nanmax(np.where(finite, losses, np.nan)[:lowest + 1])
        low = losses[lowest]
        ax.set_ylim(low - 0.05 * (top - low) - 1e-12, top + 0.05 * (top - low) + 1e-12)
    if suggestion is not None:
        ax.axvline(suggestion, color="C1", linestyle="--", label=f"chosen rate {suggestion:.2g}")
        ax.legend()
    ax.set_xlabel("learning rate")
    ax.set_ylabel("loss")
    ax.grid(alpha=0.3, which="both")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(matrix, class_names, title: str | None = None):
    """Draw a confusion matrix: one row per true class, one column per predicted class, each cell its count.

    Args:
        matrix: a square array of counts, ``matrix[i, j]`` = how many examples of class ``i`` were
            predicted as class ``j`` (what ``tf.math.confusion_matrix(labels, predictions)`` returns).
        class_names: the name of each class, in the order of the rows.
        title: optional title.

    Returns:
        The matplotlib ``Figure``; the diagonal holds the right answers.

    Example:
        >>> fig = plot_confusion_matrix([[5, 1], [0, 4]], ["cat", "dog"])
        >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
        ['cat', 'dog']

    Introduced in m3_nlp/06_exam_practice.
    """
    import matplotlib.pyplot as plt

    matrix = np.asarray(matrix)
    names = [str(name) for name in class_names]
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] != len(names):
        raise ValueError(f"expected a square matrix with one row and one column per class ({len(names)} names), "
                         f"got shape {matrix.shape}: pass num_classes to tf.math.confusion_matrix")
    size = max(3.5, 0.7 * len(names) + 1.5)
    fig, ax = plt.subplots(figsize=(size + 0.8, size))
    image = ax.imshow(matrix, cmap="Blues")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    ticks = np.arange(len(names))
    ax.set_xticks(ticks, names, rotation=45, ha="right")
    ax.set_yticks(ticks, names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    middle = (matrix.max() + matrix.min()) / 2 if matrix.size else 0
    for (row, column), count in np.ndenumerate(matrix):
        ax.text(column, row, f"{count:g}", ha="center", va="center", color="white" if count > middle else "black")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def show_image_files(paths, titles=None, ncols: int = 8, size: float = 1.4, color_mode: str = "rgb"):
    """Show image files at their own sizes, on a common scale, each titled with its width × height.

    Smaller images look smaller: every panel spans the largest width and height
    among the files, so you can see how much the sizes in a folder vary.

    Args:
        paths: image file paths.
        titles: optional titles; by default each file's folder name and size.
        ncols: images per row.
        size: inches per panel.
        color_mode: ``"rgb"`` or ``"grayscale"``.

    Returns:
        The matplotlib ``Figure``.

    Introduced in m2_image_classification/01_image_folders.
    """
    from pathlib import Path

    from .images import read_image

    arrays = [read_image(p, color_mode=color_mode) for p in paths]
    tallest = max(a.shape[0] for a in arrays)
    widest = max(a.shape[1] for a in arrays)
    fig, axes = _grid(len(arrays), ncols, size, size * 1.2)
    for i, ax in enumerate(axes[:len(arrays)]):
        image = arrays[i] / 255.0
        height, width = image.shape[:2]
        if image.shape[-1] == 1:
            ax.imshow(image[..., 0], cmap="gray", vmin=0, vmax=1, extent=(0, width, height, 0))
        else:
            ax.imshow(image, extent=(0, width, height, 0))
        ax.set_xlim(0, widest)
        ax.set_ylim(tallest, 0)
        title = titles[i] if titles is not None else f"{Path(paths[i]).parent.name} {width}×{height}"
        ax.set_title(title, fontsize=8)
    fig.tight_layout()
    return fig


def show_feature_maps(maps, ncols: int = 8, size: float = 1.1, title: str | None = None):
    """Show the channels of one feature map (the output of a convolution layer for one image).

    Args:
        maps: an array of shape ``(height, width, channels)``, or ``(1, height, width, channels)``.
        ncols: channels per row.
        size: inches per channel.
        title: optional title over the grid.

    Returns:
        The matplotlib ``Figure``.

    Example:
        >>> fig = show_feature_maps(np.random.rand(8, 8, 4), ncols=4)
        >>> len(fig.axes)
        4

    Introduced in m2_image_classification/02_convolutions.
    """

    maps = np.asarray(maps)
    if maps.ndim == 4:
        maps = maps[0]
    if maps.ndim != 3:
        raise ValueError(f"expected a feature map of shape (height, width, channels), got {maps.shape}")
    channels = maps.shape[-1]
    fig, axes = _grid(channels, ncols, size, size, extra_height=0.4 if title else 0.0)
    for i, ax in enumerate(axes[:channels]):
        ax.imshow(maps[..., i], cmap="viridis")
        ax.set_title(str(i), fontsize=7)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _grid(n: int, ncols: int, panel_width: float, panel_height: float, extra_height: float = 0.0):
    """Return a figure with enough rows of ``ncols`` panels for ``n`` pictures, axes hidden, and its panels."""
    import matplotlib.pyplot as plt

    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_width * ncols, panel_height * nrows + extra_height),
                             squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, list(axes.flat)
