"""Time-series checks (m4_time_series): windowed datasets and forecasts.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from ..quiet import quiet
from .models import _shape


def probe_series(length: int, features: int = 0, seed: int = 0) -> np.ndarray:
    """A new series made up for a test: sunspot-like cycles with noise, never negative.

    Hidden tests check a learner's data functions (moving averages, windows) on it
    instead of on held-out files, which graded code never reads.

    Args:
        length: number of time steps.
        features: 0 for a series of shape ``(length,)``; otherwise ``(length, features)``,
            each column a cycle of its own.
        seed: the random seed; the same seed gives the same series.

    Introduced in m4_time_series/01_series_and_baselines.
    """
    rng = np.random.default_rng(seed)
    columns = max(1, features)
    steps = np.arange(length)[:, None]
    periods = rng.uniform(60, 160, columns)
    cycles = 70 + 60 * np.sin(2 * np.pi * steps / periods + rng.uniform(0, 2 * np.pi, columns))
    values = np.abs(cycles + rng.normal(0, 12, (length, columns))).astype("float32")
    return values if features else values[:, 0]


def check_windowed_dataset(dataset, values, window_size: int, targets=None, batch_size: int | None = None,
                           shuffled: bool | None = None, held_out: bool = False):
    """Check a windowed time series dataset: its shapes, and that each label follows its window.

    Every element must be a batch ``(features, labels)`` with features of shape
    ``(batch, window_size)`` (or ``(batch, window_size, n)`` when ``values`` has
    ``n`` columns) and labels of shape ``(batch,)``. Every window must be
    ``window_size`` consecutive rows of ``values``, its label the target that
    comes right after it, and every such window must be there exactly once.
    The dataset may come from ``tf.data`` (``window``, ``flat_map``, ``map``) or
    from ``keras.utils.timeseries_dataset_from_array``: the messages say what to
    change in either.

    Args:
        dataset: the learner's ``tf.data.Dataset``.
        values: the series it was built from, shape ``(time,)`` or ``(time, n)``.
        window_size: values per window.
        targets: the series the labels come from (``values`` by default), shape ``(time,)``.
        batch_size: if given, every batch but the last must hold this many windows.
        shuffled: ``True`` if the windows must come in random order (training),
            ``False`` if in time order (validation), ``None`` not to check.
        held_out: ``True`` when ``values`` are held-out data: the messages then say which
            window is wrong but show no value of the series.

    Returns:
        The start index of each window, in the order the dataset yields them.

    Example:
        >>> ds = course.series.windowed_dataset(np.arange(20.0), 5, batch_size=4)
        >>> len(check_windowed_dataset(ds, np.arange(20.0), 5, batch_size=4, shuffled=True))
        15

    Introduced in m4_time_series/02_windowed_datasets.
    """
    import tensorflow as tf

    # how the messages name the series of windows and of labels: as the exercises of m4/02 and m4/05 do
    named, labelled = ("values", "values") if targets is None else ("features", "target")
    values = np.asarray(values, dtype="float32")
    targets = values if targets is None else np.asarray(targets, dtype="float32")
    assert isinstance(dataset, tf.data.Dataset), (
        f"expected a tf.data.Dataset, got {type(dataset).__name__}: return the dataset you built")
    spec = dataset.element_spec
    if isinstance(spec, tuple):
        yielded = f"tuples of {len(spec)}"
    elif hasattr(spec, "shape"):
        yielded = f"single tensors of shape {_shape(spec.shape)}"
    else:
        yielded = f"elements of kind {type(spec).__name__}"
    assert isinstance(spec, tuple) and len(spec) == 2, (
        f"expected the dataset to yield (features, labels) pairs, it yields {yielded}: with tf.data, "
        "split each window with .map(lambda w: (w[:-1], w[-1])); with timeseries_dataset_from_array, pass the "
        "labels as targets=...")
    expected_x = (None, window_size) + values.shape[1:]
    actual_x = _shape(spec[0].shape)
    hint = _shape_hint(actual_x, expected_x, window_size)
    assert len(actual_x) == len(expected_x) and all(
        e is None or a in (None, e) for a, e in zip(actual_x, expected_x)), (
        f"expected batches of windows of shape {expected_x}, got {actual_x}{hint}")
    actual_y = _shape(spec[1].shape)
    assert len(actual_y) == 1, (
        f"expected batches of labels of shape (None,), one value per window, got {actual_y}: "
        "take the label as w[-1] (a single value), not w[-1:]"
        + (" (w[-1, 0] when each step of the window is a vector of one value)"
           if values.ndim == 2 and values.shape[1] == 1 else "")
        + "; with timeseries_dataset_from_array, pass the targets as a 1-D array")

    lookup: dict = {}
    view = np.lib.stride_tricks.sliding_window_view(values, window_size, axis=0)
    if values.ndim == 2:
        view = view.transpose(0, 2, 1)
    for start in range(min(len(view), len(targets) - window_size)):
        lookup.setdefault(np.ascontiguousarray(view[start]).tobytes(), []).append(start)
    starts, sizes, used = [], [], set()
    with quiet():
        for features, labels in dataset:
            features, labels = np.asarray(features, dtype="float32"), np.asarray(labels, dtype="float32")
            assert len(features) == len(labels), (
                f"a batch holds {len(features)} windows but {len(labels)} labels")
            assert features.shape[1:] == expected_x[1:], (
                f"expected batches of windows of shape {expected_x}, got a batch of shape {features.shape}"
                + (_shape_hint(features.shape, expected_x, window_size)
                   or f": each window must hold window_size={window_size} steps"))
            sizes.append(len(features))
            for window, label in zip(features, labels):
                found = lookup.get(np.ascontiguousarray(window).tobytes())
                shown = "a window" if held_out else f"the window {np.round(window[:5], 3).tolist()}..."
                assert found is not None, (
                    f"{shown} is not {window_size} consecutive values of the series, in order: each window "
                    f"must be {window_size} consecutive steps (tf.data: .window(window_size + 1, shift=1, "
                    "drop_remainder=True) and its first window_size values; timeseries_dataset_from_array: "
                    f"data={named}, sequence_length=window_size); shuffle whole windows, not the values "
                    "inside them")
                matches = [s for s in found if np.isclose(targets[s + window_size], label, rtol=1e-6, atol=1e-6)]
                if not matches:
                    start = found[0]
                    if np.isclose(targets[start + window_size - 1], label):
                        reason = ("the label is the last value of its window; it must be the value right after "
                                  "the window (tf.data: cut windows of window_size + 1 values and split them "
                                  "into w[:-1] and w[-1]; timeseries_dataset_from_array: "
                                  f"targets={labelled}[window_size:])")
                    elif np.isclose(targets[start], label):
                        reason = ("the label is the value at the start of its window; it must be the value right "
                                  "after the window: shift the targets by the window size "
                                  f"(timeseries_dataset_from_array: targets={labelled}[window_size:], not the "
                                  f"whole {labelled})")
                    else:
                        reason = ("each label must be the value that comes right after its window: the window "
                                  f"of steps i to i + window_size - 1 gets the label {labelled}[i + window_size]")
                    values = ("a wrong label" if held_out else f"the label {float(label):g}, but the value "
                              f"after it is {float(targets[start + window_size]):g}")
                    raise AssertionError(f"the window that starts at step {start} has {values}: {reason}")
                # Real series can repeat a window (months of zero sunspots): count each start once.
                start = next((s for s in matches if s not in used), matches[0])
                used.add(start)
                starts.append(start)
    expected_count = len(targets) - window_size
    assert len(starts) == expected_count, (
        f"the dataset holds {len(starts)} windows, expected {expected_count} (one for every value that has "
        f"{window_size} values before it)" + (
            ": some windows appear twice" if len(starts) > expected_count
            else ": keep every window, including the last batch (no drop_remainder, no take); with "
                 f"timeseries_dataset_from_array, pass the whole series as data (data={named}, not "
                 f"{named}[:-window_size]): it stops by itself when the targets run out"))
    assert len(set(starts)) == len(starts), "some windows appear twice: repeat or concatenate the dataset once only"
    starts = np.asarray(starts)
    in_order = float(np.mean(np.diff(starts) == 1)) if len(starts) > 1 else 1.0
    if shuffled:
        assert in_order < 0.5, (
            "the windows come in time order: shuffle them (tf.data: .shuffle(shuffle_buffer) before .batch, "
            "since shuffling after it only moves whole batches; timeseries_dataset_from_array: shuffle=True) "
            "so that each batch mixes windows from different times and the model does not learn the order "
            "(sequence bias)")
    elif shuffled is False:
        assert in_order == 1.0, (
            "the windows are not in time order: do not shuffle this dataset (it is used to forecast "
            "a period, so its predictions must line up with the series)")
    if batch_size is not None:
        wrong = [size for size in sizes[:-1] if size != batch_size]
        assert not wrong and sizes and sizes[-1] <= batch_size, (
            f"expected batches of {batch_size} windows, got batches of {sorted(set(sizes))}: "
            f"put {batch_size} windows in each batch (tf.data: .batch({batch_size}); "
            f"timeseries_dataset_from_array: batch_size={batch_size})")
    return starts


def _shape_hint(actual: tuple, expected: tuple, window_size: int) -> str:
    """What to change when windows have the shape ``actual`` instead of ``expected`` (``""`` if unclear)."""
    if len(actual) == 2 and len(expected) == 3 and expected[-1] == 1 and actual[-1] in (None, window_size):
        return (": give each step a feature axis of size 1, so that a window has shape (window_size, 1) (tf.data: "
                "tf.expand_dims(values, -1) before from_tensor_slices; timeseries_dataset_from_array: "
                "data=values[:, np.newaxis])")
    if len(actual) == len(expected) - 1:
        return (": batch the windows (tf.data: .batch(batch_size); timeseries_dataset_from_array: "
                "batch_size=batch_size, not None)")
    if len(actual) == len(expected) + 1 and actual[-1] == 1:
        return ": leave out the extra last axis of size 1; models that need it add it with a Reshape layer"
    if len(actual) == len(expected) and actual[1] == window_size + 1:
        return (f": each window holds {window_size + 1} values, its label included; the features are the "
                f"{window_size} values before the label (tf.data: split windows of window_size + 1 values into "
                "w[:-1] and w[-1]; timeseries_dataset_from_array: sequence_length=window_size)")
    return ""


def _probe_models(window_size: int):
    """Two tiny models with known forecasts: the last value of the window, and its mean."""
    import keras

    last = keras.Sequential([keras.Input((window_size,)), keras.layers.Lambda(lambda x: x[:, -1:])])
    mean = keras.Sequential([keras.Input((window_size,)),
                             keras.layers.Lambda(lambda x: keras.ops.mean(x, axis=1, keepdims=True))])
    return last, mean


def check_forecast(forecast, series, start: int, what: str = "the forecast") -> np.ndarray:
    """Check a forecast of ``series[start:]``: a 1-D array with one finite value per step.

    Returns:
        The forecast as a float NumPy array.

    Introduced in m4_time_series/02_windowed_datasets.
    """
    expected = len(series) - start
    assert forecast is not None, f"{what} is None: return the array of predictions"
    forecast = np.asarray(forecast, dtype="float64")
    assert forecast.ndim == 1, (
        f"expected {what} to be a 1-D array of {expected} values, got shape {forecast.shape}: "
        "flatten the predictions, e.g. `model.predict(...)[:, 0]`")
    assert len(forecast) == expected, (
        f"expected {what} to hold {expected} values, one for each step from {start} to the end of the series, "
        f"got {len(forecast)}: make one window for each of these steps, from the values just before it")
    assert np.all(np.isfinite(forecast)), f"{what} holds NaN or infinite values"
    return forecast


def check_forecast_alignment(forecast_fn, series, start: int, window_size: int) -> None:
    """Check that ``forecast_fn(model, series, start, window_size)`` lines predictions up with ``series[start:]``.

    The function is called with two probe models whose answers are known: one
    predicts the last value of its window (so the forecast must equal
    ``series[start - 1:-1]``, the naive forecast) and one predicts the mean of its
    window (so the forecast must equal the trailing moving average).

    Introduced in m4_time_series/02_windowed_datasets.
    """
    from .. import series as ts

    series = np.asarray(series, dtype="float32")
    last, mean = _probe_models(window_size)
    with quiet():
        got = forecast_fn(last, series, start, window_size)
    got = check_forecast(got, series, start)
    naive = ts.naive_forecast(series, start).astype("float64")
    if not np.allclose(got, naive, rtol=1e-5, atol=1e-4):
        shift = next((k for k in range(-window_size, 2) if k and start - 1 + k >= 0
                      and np.allclose(got, series[start - 1 + k:len(series) - 1 + k], rtol=1e-5, atol=1e-4)), None)
        if shift == 1:
            where = "each window includes the value it should forecast (it ends one step too late); "
        elif shift:
            where = f"each window ends {-shift} step{'s' if shift < -1 else ''} too early; "
        else:
            where = ""
        raise AssertionError(
            f"the forecast is not aligned with series[{start}:]: {where}the prediction for step t must be made "
            f"from the window series[t - {window_size}:t], so the first window is "
            f"series[{start - window_size}:{start}]")
    with quiet():
        got = check_forecast(forecast_fn(mean, series, start, window_size), series, start)
    expected = ts.trailing_moving_average(series, window_size, start)
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-3), (
        f"the windows are not the {window_size} values before each step: each window must be "
        f"series[t - {window_size}:t], in time order")
