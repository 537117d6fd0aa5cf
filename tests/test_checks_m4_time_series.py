"""Module 4's grading checks pass good work and fail bad work with messages that say what to fix."""

from __future__ import annotations

import keras
import matplotlib
import numpy as np
import pytest
import tensorflow as tf

from course import checks, plots, series

matplotlib.use("agg")

VALUES = np.arange(40, dtype="float32") ** 1.3  # distinct values, so each window is unique


def handmade(values, window_size, batch_size=8, shuffle=True, label_offset=0, feature_axis=False, window_extra=0,
             label_slice=False):
    """A windowed dataset built by hand, with optional mistakes."""
    ds = tf.data.Dataset.from_tensor_slices(values).window(window_size + 1 + window_extra, shift=1,
                                                           drop_remainder=True)
    ds = ds.flat_map(lambda w: w.batch(window_size + 1 + window_extra))
    last = window_size + window_extra

    def split(w):
        features = w[:last]
        label = w[last - label_offset:last - label_offset + 1] if label_slice else w[last - label_offset]
        return (features[..., None] if feature_axis else features), label

    ds = ds.map(split)
    if shuffle:
        ds = ds.shuffle(100, seed=3)
    return ds.batch(batch_size)


def test_windowed_dataset_check_passes_tf_data_and_keras_utility():
    starts = checks.check_windowed_dataset(handmade(VALUES, 5), VALUES, 5, batch_size=8, shuffled=True)
    assert sorted(starts) == list(range(35))
    ordered = handmade(VALUES, 5, shuffle=False)
    checks.check_windowed_dataset(ordered, VALUES, 5, batch_size=8, shuffled=False)
    utility = keras.utils.timeseries_dataset_from_array(VALUES, targets=VALUES[5:], sequence_length=5, batch_size=8)
    checks.check_windowed_dataset(utility, VALUES, 5, batch_size=8, shuffled=False)
    checks.check_windowed_dataset(series.windowed_dataset(VALUES, 5, 8), VALUES, 5, batch_size=8, shuffled=True)


def test_windowed_dataset_check_counts_each_of_repeated_windows_once():
    quiet_spell = np.concatenate([np.arange(1, 11), np.zeros(9), np.arange(1, 11)]).astype("float32")  # 4 windows of 0
    starts = checks.check_windowed_dataset(handmade(quiet_spell, 5), quiet_spell, 5, batch_size=8, shuffled=True)
    assert sorted(starts) == list(range(24))
    twice = handmade(quiet_spell, 5, shuffle=False).concatenate(handmade(quiet_spell, 5, shuffle=False).take(1))
    with pytest.raises(AssertionError, match="some windows appear twice"):
        checks.check_windowed_dataset(twice, quiet_spell, 5)


def test_windowed_dataset_check_handles_several_variables():
    table = np.stack([VALUES, -VALUES, VALUES / 2], axis=1)
    target = VALUES * 10
    ds = keras.utils.timeseries_dataset_from_array(table, targets=target[4:], sequence_length=4, batch_size=16,
                                                   shuffle=True, seed=2)
    checks.check_windowed_dataset(ds, table, 4, targets=target, batch_size=16, shuffled=True)
    with pytest.raises(AssertionError, match=r"windows of shape \(None, 5, 3\), got a batch of shape \(16, 4, 3\)"):
        checks.check_windowed_dataset(ds, table, 5, targets=target)
    unshifted = keras.utils.timeseries_dataset_from_array(table, targets=target, sequence_length=4, batch_size=16)
    with pytest.raises(AssertionError, match=r"targets=target\[window_size:\], not the whole target"):
        checks.check_windowed_dataset(unshifted, table, 4, targets=target)
    truncated = keras.utils.timeseries_dataset_from_array(table[:-4], targets=target[4:], sequence_length=4)
    with pytest.raises(AssertionError, match=r"data=features, not features\[:-window_size\]"):
        checks.check_windowed_dataset(truncated, table, 4, targets=target)



def test_windowed_dataset_check_handles_windows_of_shape_window_by_1():
    """The exam's windows, (window_size, 1), as in m4_time_series/06_exam_practice."""
    column = VALUES[:, None]
    checks.check_windowed_dataset(handmade(VALUES, 5, feature_axis=True), column, 5, batch_size=8, shuffled=True)
    with pytest.raises(AssertionError, match=r"got \(None, None\): give each step a feature axis of size 1.*"
                                             r"tf.expand_dims\(values, -1\)"):
        checks.check_windowed_dataset(handmade(VALUES, 5), column, 5, batch_size=8)
    expanded = tf.data.Dataset.from_tensor_slices(column).window(6, shift=1, drop_remainder=True)
    expanded = expanded.flat_map(lambda w: w.batch(6)).map(lambda w: (w[:-1], w[-1])).batch(8)
    with pytest.raises(AssertionError, match=r"labels of shape \(None,\).*w\[-1, 0\] when each step"):
        checks.check_windowed_dataset(expanded, column, 5, batch_size=8)

@pytest.mark.parametrize("dataset, message", [
    (handmade(VALUES, 5, label_offset=1), r"label is the last value of its window"),
    (handmade(VALUES, 5, feature_axis=True), r"leave out the extra last axis of size 1"),
    (handmade(VALUES, 5, label_slice=True), r"labels of shape \(None,\).*w\[-1\]"),
    (handmade(VALUES, 5, shuffle=False), r"come in time order: shuffle them"),
    (handmade(VALUES, 5).unbatch(), r"batch the windows \(tf.data: .batch\(batch_size\)"),
    (handmade(VALUES, 5).take(2), r"holds 16 windows, expected 35"),
    (handmade(VALUES, 5).concatenate(handmade(VALUES, 5)), r"holds 70 windows, expected 35.*appear twice"),
    (keras.utils.timeseries_dataset_from_array(VALUES[:-5], targets=VALUES[5:], sequence_length=5, batch_size=8,
                                               shuffle=True),
     r"holds 31 windows, expected 35.*whole series as data \(data=values, not values\[:-window_size\]\)"),
    (handmade(VALUES, 5, shuffle=False).shuffle(10, seed=1), r"come in time order.*after it only moves whole batches"),
])
def test_windowed_dataset_check_explains_mistakes(dataset, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_windowed_dataset(dataset, VALUES, 5, batch_size=8, shuffled=True)


@pytest.mark.parametrize("dataset, message", [
    (keras.utils.timeseries_dataset_from_array(VALUES, targets=VALUES, sequence_length=5, batch_size=8),
     r"value at the start of its window.*targets=values\[window_size:\]"),
    (keras.utils.timeseries_dataset_from_array(VALUES, targets=VALUES[4:], sequence_length=5, batch_size=8),
     r"last value of its window.*timeseries_dataset_from_array: targets=values\[window_size:\]"),
    (keras.utils.timeseries_dataset_from_array(VALUES, targets=VALUES[6:], sequence_length=6, batch_size=8),
     r"each window holds 6 values.*sequence_length=window_size"),
    (keras.utils.timeseries_dataset_from_array(VALUES, targets=None, sequence_length=5, batch_size=8),
     r"\(features, labels\) pairs, it yields single tensors of shape.*pass the labels as targets"),
    (keras.utils.timeseries_dataset_from_array(VALUES, targets=VALUES[5:], sequence_length=5, batch_size=8,
                                               shuffle=True).rebatch(4),
     r"batches of 8 windows, got batches of \[3, 4\].*batch_size=8"),
])
def test_windowed_dataset_messages_fit_timeseries_dataset_from_array(dataset, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_windowed_dataset(dataset, VALUES, 5, batch_size=8, shuffled=True)


def test_windowed_dataset_check_rejects_wrong_order_batch_size_and_non_windows():
    with pytest.raises(AssertionError, match="not in time order"):
        checks.check_windowed_dataset(handmade(VALUES, 5), VALUES, 5, shuffled=False)
    with pytest.raises(AssertionError, match=r"batches of 4 windows, got batches of \[3, 8\]"):
        checks.check_windowed_dataset(handmade(VALUES, 5), VALUES, 5, batch_size=4)
    noise = np.random.default_rng(0).normal(size=(35, 5)).astype("float32")
    scrambled = tf.data.Dataset.from_tensor_slices((noise, VALUES[5:]))
    with pytest.raises(AssertionError, match="is not 5 consecutive values"):
        checks.check_windowed_dataset(scrambled.batch(8), VALUES, 5)
    with pytest.raises(AssertionError, match="expected a tf.data.Dataset, got list"):
        checks.check_windowed_dataset([1, 2], VALUES, 5)
    with pytest.raises(AssertionError, match=r"\(features, labels\) pairs"):
        checks.check_windowed_dataset(tf.data.Dataset.from_tensor_slices(VALUES).batch(4), VALUES, 5)


def forecast_with_offset(offset):
    def forecast_period(model, values, start, window_size):
        values = np.asarray(values, dtype="float32")
        stacked = np.stack([values[t - window_size + offset:t + offset] for t in range(start, len(values))])
        return model.predict(stacked, verbose=0)[:, 0]
    return forecast_period


def test_forecast_alignment_passes_a_correct_forecast():
    checks.check_forecast_alignment(forecast_with_offset(0), VALUES, 20, 6)
    checks.check_forecast_alignment(lambda m, v, s, w: series.forecast(m, v, w, s), VALUES, 20, 6)


@pytest.mark.parametrize("forecast_fn, message", [
    (forecast_with_offset(-1), "each window ends 1 step too early"),
    (forecast_with_offset(-3), "each window ends 3 steps too early"),
    (lambda m, v, s, w: forecast_with_offset(0)(m, v, s, w)[:-1], "to hold 20 values.*got 19"),
    (lambda m, v, s, w: forecast_with_offset(0)(m, v, s, w)[:, None], r"1-D array of 20 values, got shape \(20, 1\)"),
    (lambda m, v, s, w: None, "is None: return the array of predictions"),
])
def test_forecast_alignment_explains_mistakes(forecast_fn, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_forecast_alignment(forecast_fn, VALUES, 20, 6)


def test_forecast_alignment_catches_windows_that_include_the_target_or_are_reversed():
    def includes_target(model, values, start, window_size):
        values = np.asarray(values, dtype="float32")
        return series.forecast(model, np.append(values[1:], 0.0), window_size, start)

    with pytest.raises(AssertionError, match="includes the value it should forecast"):
        checks.check_forecast_alignment(includes_target, VALUES, 20, 6)

    def reversed_windows(model, values, start, window_size):
        stacked = series.windows(values, window_size, start)
        stacked[:, :-1] = stacked[:, :-1][:, ::-1]  # keep the last value, scramble the others
        return model.predict(stacked, verbose=0)[:, 0] + 0.0

    checks.check_forecast_alignment(reversed_windows, VALUES, 20, 6)  # the mean of a window ignores its order

    def wrong_windows(model, values, start, window_size):
        stacked = series.windows(values, window_size, start)
        stacked[:, 0] = 0.0
        return model.predict(stacked, verbose=0)[:, 0]

    with pytest.raises(AssertionError, match="the windows are not the 6 values before each step"):
        checks.check_forecast_alignment(wrong_windows, VALUES, 20, 6)


def test_learning_rates_of_a_sweep_and_a_plateau():
    sweep = keras.callbacks.LearningRateScheduler(lambda epoch: 1e-4 * 10 ** (epoch / 2))
    assert np.allclose(checks.learning_rates(sweep, 3), [1e-4, 10 ** -3.5, 1e-3], rtol=1e-5)
    checks.check_learning_rates(sweep, [1e-4 * 10 ** (e / 2) for e in range(6)])
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2)
    logs = [{"val_loss": v} for v in (3.0, 2.0, 2.0, 2.0, 2.0, 1.0)]
    checks.check_learning_rates(plateau, [1e-2] * 4 + [5e-3] * 2, logs=logs, initial=1e-2)


def test_learning_rate_checks_explain_mistakes():
    wrong = keras.callbacks.LearningRateScheduler(lambda epoch: 1e-4 * 10 ** (epoch / 3))
    with pytest.raises(AssertionError, match=r"during epoch 1 the learning rate is 0.0002154, expected 0.0003162"):
        checks.check_learning_rates(wrong, [1e-4 * 10 ** (e / 2) for e in range(4)])
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=2)
    logs = [{"val_loss": v} for v in (3.0, 2.0, 2.0, 2.0, 2.0, 1.0)]
    with pytest.raises(AssertionError, match="during epoch 4 the learning rate is 0.001, expected 0.005"):
        checks.check_learning_rates(plateau, [1e-2] * 4 + [5e-3] * 2, logs=logs, initial=1e-2)
    with pytest.raises(AssertionError, match="expected a Keras callback, got function"):
        checks.learning_rates(lambda epoch: 0.1, 3)


def test_check_any_layer():
    model = keras.Sequential([keras.Input((10, 1)), keras.layers.Bidirectional(keras.layers.LSTM(2)),
                              keras.layers.Dense(1)])
    checks.check_any_layer(model, (keras.layers.SimpleRNN, keras.layers.Bidirectional), "recurrent")
    dense = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
    with pytest.raises(AssertionError, match=r"at least one recurrent layer \(SimpleRNN, LSTM\).*SimpleRNN\(\.\.\.\)"):
        checks.check_any_layer(dense, (keras.layers.SimpleRNN, keras.layers.LSTM), "recurrent")


def test_plot_lr_sweep_uses_a_log_axis_and_rejects_mismatched_input():
    import matplotlib.pyplot as plt

    before = dict(matplotlib.rcParams)
    fig = plots.plot_lr_sweep([1e-4, 1e-3, 1e-2, 1e-1], [3.0, 1.0, 2.0, float("nan")], suggestion=1e-4)
    assert fig.axes[0].get_xscale() == "log" and fig.axes[0].get_xlabel() == "learning rate"
    plt.close(fig)
    assert dict(matplotlib.rcParams) == before
    with pytest.raises(ValueError, match="one loss per learning rate"):
        plots.plot_lr_sweep([1e-4, 1e-3], [1.0])


def test_adapted_check_passes_an_adapted_normalization_and_names_a_missing_adapt():
    rng = np.random.default_rng(0)
    train = rng.normal([15.0, 8.0, 3.0, 3.5], [6.0, 4.0, 6.0, 1.5], size=(700, 4)).astype("float32")

    def model(adapt_on=None):
        normalization = keras.layers.Normalization(axis=-1)
        if adapt_on is not None:
            normalization.adapt(adapt_on)
        return keras.Sequential([keras.Input(shape=(3, 4)), normalization, keras.layers.Flatten(),
                                 keras.layers.Dense(1)])

    checks.check_adapted(model(train), train)
    windows = np.stack([train[i:i + 3] for i in range(len(train) - 3)])
    checks.check_adapted(model(windows), train)  # adapting on the windows is as good
    with pytest.raises(AssertionError, match=r"call \.adapt\(train_features\)"):
        checks.check_adapted(model(), train)
    with pytest.raises(AssertionError, match="Normalization"):
        checks.check_adapted(keras.Sequential([keras.Input(shape=(3, 4)), keras.layers.Flatten(),
                                               keras.layers.Dense(1)]), train)


def test_probe_series_are_new_sunspot_like_series_that_a_seed_repeats():
    one = checks.probe_series(500, seed=1)
    assert one.shape == (500,) and one.dtype == np.float32 and one.min() >= 0 and 40 < one.mean() < 120
    assert np.array_equal(one, checks.probe_series(500, seed=1))
    assert not np.array_equal(one, checks.probe_series(500, seed=2))
    several = checks.probe_series(200, features=4, seed=3)
    assert several.shape == (200, 4) and not np.array_equal(several[:, 0], several[:, 1])
