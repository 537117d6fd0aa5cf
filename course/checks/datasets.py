"""Input pipeline checks: tf.data datasets and arrays loaded from files.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from .models import _shape


def check_dataset(dataset, x_shape, y_shape=None, x_dtype: str = "float32", y_kind: str | None = "integer") -> None:
    """Check what a batched ``tf.data.Dataset`` yields, from its ``element_spec``.

    Args:
        dataset: the learner's dataset.
        x_shape: expected shape of a batch of inputs, batch dimension first, with
            ``None`` where the size may vary, e.g. ``(None, 8, 8, 1)``.
        y_shape: expected shape of a batch of labels, e.g. ``(None,)``; ``None``
            for a dataset that yields inputs only.
        x_dtype: expected dtype name of the inputs, e.g. ``"float32"``.
        y_kind: ``"integer"`` or ``"float"``, the kind of the labels' dtype, or
            ``None`` to skip that check.

    Example:
        >>> ds = tf.data.Dataset.from_tensor_slices((np.zeros((4, 8, 8, 1), "float32"), np.zeros(4, int))).batch(2)
        >>> check_dataset(ds, (None, 8, 8, 1), (None,))

    Introduced in m1_foundations/04_data_pipelines.
    """
    import tensorflow as tf

    assert isinstance(dataset, tf.data.Dataset), (
        f"expected a tf.data.Dataset, got {type(dataset).__name__}: return the dataset you built")
    spec = dataset.element_spec
    if y_shape is None:
        x_spec = spec
    else:
        assert isinstance(spec, tuple) and len(spec) == 2, (
            f"expected the dataset to yield (inputs, labels) pairs, its element_spec is {spec}: build it "
            "with tf.data.Dataset.from_tensor_slices((inputs, labels)) and keep both in every map()")
        x_spec, y_spec = spec
    x_shape, actual = _shape(x_shape), _shape(x_spec.shape)
    hint = ""
    if actual and actual[0] is not None and len(actual) == len(x_shape):
        hint = ": batch with .batch(batch_size) and keep the last, smaller batch (no drop_remainder)"
    elif len(actual) == len(x_shape) - 1:
        hint = ": one dimension is missing; batch the dataset with .batch(batch_size) and check the channel axis"
    assert actual == x_shape, f"expected batches of inputs of shape {x_shape}, got {actual}{hint}"
    assert x_spec.dtype.name == x_dtype, (
        f"expected inputs of dtype {x_dtype}, got {x_spec.dtype.name}: convert them with "
        f"tf.cast(x, tf.{x_dtype})")
    if y_shape is None:
        return
    y_shape, actual = _shape(y_shape), _shape(y_spec.shape)
    assert actual == y_shape, f"expected batches of labels of shape {y_shape}, got {actual}"
    if y_kind == "integer":
        assert y_spec.dtype.is_integer, (
            f"expected integer labels, got {y_spec.dtype.name}: keep the labels as integer class numbers")
    elif y_kind == "float":
        assert y_spec.dtype.is_floating, f"expected float labels, got {y_spec.dtype.name}"


def _returned(value) -> str:
    if value is None:
        return "None (is there a `return` line?)"
    if isinstance(value, np.ndarray):
        return f"one array of shape {value.shape}"
    return f"a {type(value).__name__}"


def check_loaded_arrays(result, n_features: int, n_classes: int, n_examples: int | None = None,
                        class_counts=None, expected=None, function: str = "the function",
                        hint: str = "", held_out: bool = False) -> tuple:
    """Check the ``(features, labels)`` pair that a learner's data-reading function returned.

    The features must be a float32 NumPy array of shape ``(examples, n_features)`` and the
    labels an integer NumPy array of shape ``(examples,)`` holding class numbers from 0 to
    ``n_classes - 1``.

    Args:
        result: what the function returned.
        n_features: number of feature columns, e.g. 30.
        n_classes: number of classes.
        n_examples: expected number of examples, or ``None`` to skip that check.
        class_counts: expected number of examples of each class, e.g. ``[295, 174]``, or ``None``.
        expected: ``(features, labels)`` arrays the result must equal (features to float32
            precision, labels exactly), or ``None``.
        function: the function's name, for the messages, e.g. ``"load_cancer"``.
        hint: how labels are numbered, added to messages about wrong labels,
            e.g. ``"1 means malignant, 0 benign"``.
        held_out: ``True`` when ``result`` was read from a held-out file: the messages then
            say where the arrays differ from ``expected`` but show no value of the file.

    Returns:
        The ``(features, labels)`` arrays.

    Example:
        >>> x, y = check_loaded_arrays((np.zeros((3, 2), "float32"), np.array([0, 1, 1])), n_features=2, n_classes=2)
        >>> x.shape, y.shape
        ((3, 2), (3,))

    Introduced in m1_foundations/02_classification.
    """
    hint = f": {hint}" if hint else ""
    assert isinstance(result, (tuple, list)) and len(result) == 2, (
        f"{function} returned {_returned(result)}; expected two arrays, the features and the labels: "
        "end it with `return features, labels`")
    features, labels = result
    for name, array in (("features", features), ("labels", labels)):
        assert isinstance(array, np.ndarray), (
            f"the {name} are a {type(array).__name__}, expected a NumPy array: convert them, for example "
            "with `.to_numpy()` or `np.array(...)`")
    assert features.dtype == np.float32, (
        f"the features have dtype {features.dtype}, expected float32: convert them with "
        "`.to_numpy(\"float32\")`, `np.array(..., dtype=\"float32\")` or `.astype(\"float32\")`")
    assert features.ndim == 2 and features.shape[1] == n_features, (
        f"the features have shape {features.shape}, expected (examples, {n_features}): one row per example "
        f"and one column per feature, {n_features} in all (leave the label out)")
    if expected is not None and n_examples is None:
        n_examples = len(expected[0])
    if n_examples is not None:
        assert len(features) == n_examples, (
            f"the features have {len(features)} rows, expected {n_examples}: one row per example of the file")
    assert np.issubdtype(labels.dtype, np.integer), (
        f"the labels have dtype {labels.dtype}, expected whole numbers: turn them into class numbers, "
        "for example with `.astype(\"int32\")`")
    assert labels.shape == (len(features),), (
        f"the labels have shape {labels.shape}, expected ({len(features)},): one class number per example")
    values = np.unique(labels).tolist()
    assert set(values) <= set(range(n_classes)), (
        f"the labels hold the values {values}, expected class numbers from 0 to {n_classes - 1}{hint}")
    if class_counts is not None:
        counts = np.bincount(labels, minlength=n_classes).tolist()
        counted = ("a different number of examples of each class than the file holds" if held_out else
                   f"{counts} examples of classes 0 to {n_classes - 1}, expected {list(class_counts)}")
        assert counts == list(class_counts), f"the labels count {counted}{hint}"
    if expected is not None:
        expected_features = np.asarray(expected[0], dtype="float32")
        expected_labels = np.asarray(expected[1])
        close = np.isclose(features, expected_features, rtol=1e-6, atol=0, equal_nan=True)
        if not close.all():
            row, column = (int(i) for i in np.argwhere(~close)[0])
            values = "" if held_out else (f": got {features[row, column]:g}, "
                                          f"expected {expected_features[row, column]:g}")
            raise AssertionError(
                f"the features differ from the file's values, for example example {row}, feature {column}"
                f"{values}: keep the examples and the feature columns in the file's order")
        wrong = np.flatnonzero(labels != expected_labels)
        values = "" if held_out or not len(wrong) else (f": got {labels[wrong[0]]}, "
                                                        f"expected {expected_labels[wrong[0]]}")
        assert not len(wrong), (
            f"{len(wrong)} of {len(labels)} labels are wrong, for example example {wrong[0]}{values}{hint}")
    return features, labels
