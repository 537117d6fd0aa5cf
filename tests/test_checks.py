"""The grading helpers pass good work and fail bad work with messages that say what to fix."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from course import checks


def dense_model(inputs=(4,), units=3, activation="softmax", compile_loss="sparse_categorical_crossentropy"):
    model = keras.Sequential([keras.Input(inputs), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dropout(0.2), keras.layers.Dense(units, activation=activation)])
    if compile_loss:
        model.compile(optimizer="adam", loss=compile_loss, metrics=["accuracy"])
    return model


def test_call_reports_unwritten_functions():
    def build_model():
        raise NotImplementedError()

    with pytest.raises(AssertionError, match=r"build_model\(\) is not written yet"):
        checks.call(build_model)
    assert checks.call(lambda x: x + 1, 1) == 2


def test_shape_and_output_checks_pass_a_good_model():
    model = dense_model()
    checks.check_input_shape(model, (None, 4))
    checks.check_output(model, units=3, activation="softmax")
    checks.check_layers(model, keras.layers.Dropout)
    checks.check_compiled(model, loss="sparse_categorical_crossentropy")
    checks.check_params(model, at_most=100)


def test_wrong_input_shape_is_explained():
    with pytest.raises(AssertionError, match=r"expected input shape \(None, 64\), got \(None, 4\).*shape=\(64,\)"):
        checks.check_input_shape(dense_model(), (None, 64))


def test_wrong_output_is_explained():
    with pytest.raises(AssertionError, match=r"output shape \(None, 10\), got \(None, 3\).*10 units \(one per class\)"):
        checks.check_output(dense_model(), units=10)
    with pytest.raises(AssertionError, match=r"activation to be 'softmax', got 'sigmoid'"):
        checks.check_output(dense_model(activation="sigmoid"), units=3, activation="softmax")
    softmax_layer = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Softmax()])
    checks.check_output(softmax_layer, units=3, activation="softmax")


def test_not_a_model_missing_layer_and_uncompiled_are_explained():
    with pytest.raises(AssertionError, match="expected a Keras model, got NoneType"):
        checks.check_input_shape(None, (None, 1))
    plain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    with pytest.raises(AssertionError, match="at least 1 Dropout layer, found 0"):
        checks.check_layers(plain, keras.layers.Dropout)
    with pytest.raises(AssertionError, match="not compiled"):
        checks.check_compiled(plain)
    with pytest.raises(AssertionError, match="compiled with loss='mse', got 'sparse_categorical_crossentropy'"):
        checks.check_compiled(dense_model(), loss="mse")
    with pytest.raises(AssertionError, match="more than the 10 this task needs"):
        checks.check_params(dense_model(), at_most=10)


def test_compiled_loss_accepts_its_full_name_and_loss_objects():
    for loss in ("mse", "mean_squared_error", keras.losses.MeanSquaredError()):
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss=loss)
        checks.check_compiled(model, loss="mse")
    with pytest.raises(AssertionError, match="compiled with loss='mse', got 'mean_absolute_error'"):
        model.compile(optimizer="sgd", loss="mean_absolute_error")
        checks.check_compiled(model, loss="mse")


class StopAt(keras.callbacks.Callback):
    def __init__(self, target, strict=False, key="accuracy"):
        super().__init__()
        self.target, self.strict, self.key = target, strict, key

    def on_epoch_end(self, epoch, logs=None):
        value = logs[self.key]
        if value > self.target or (not self.strict and value == self.target):
            self.model.stop_training = True


class NeverStops(keras.callbacks.Callback):
    pass


class AlwaysStops(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        self.model.stop_training = True


def test_stopping_callback_that_is_right_passes():
    checks.check_stopping_callback(StopAt(0.95), "accuracy", 0.95)


@pytest.mark.parametrize("callback, message", [
    (NeverStops(), "did not stop training; set `self.model.stop_training = True`"),
    (AlwaysStops(), "stopped training; it should keep going"),
    (StopAt(0.95, strict=True), r"= 0.95 \(exactly at the threshold 0.95\) the callback did not stop"),
    (StopAt(0.95, key="acc"), r"looked up 'acc' in `logs`"),
    (StopAt(0.95, key="val_accuracy"), r"make sure it reads logs\['accuracy'\], not logs\['val_accuracy'\]"),
])
def test_stopping_callback_that_is_wrong_fails_with_a_reason(callback, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_stopping_callback(callback, "accuracy", 0.95)


def test_stopping_callback_in_min_mode():
    class StopBelowLoss(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if logs["val_loss"] <= 0.2:
                self.model.stop_training = True

    checks.check_stopping_callback(StopBelowLoss(), "val_loss", 0.2, mode="min")
    with pytest.raises(AssertionError):
        checks.check_stopping_callback(StopBelowLoss(), "val_loss", 0.2, mode="max")
    with pytest.raises(AssertionError, match=r"reads logs\['loss'\], not logs\['val_loss'\]"):
        checks.check_stopping_callback(StopBelowLoss(), "loss", 0.2, mode="min")


def test_stopping_check_rejects_non_callbacks():
    with pytest.raises(AssertionError, match="keras.callbacks.Callback subclass, got function"):
        checks.check_stopping_callback(lambda: None, "accuracy", 0.9)


def test_accuracy_handles_sigmoid_softmax_and_one_hot():
    x = np.eye(3, dtype="float32")
    softmax = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
    softmax.layers[0].set_weights([np.eye(3) * 10, np.zeros(3)])
    assert checks.accuracy(softmax, x, [0, 1, 2]) == 1.0
    assert checks.accuracy(softmax, x, np.eye(3)) == 1.0
    assert checks.accuracy(softmax, x, [1, 1, 1]) == pytest.approx(1 / 3)
    sigmoid = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, activation="sigmoid")])
    sigmoid.layers[0].set_weights([np.array([[10.0]]), np.array([-5.0])])
    assert checks.accuracy(sigmoid, np.array([[0.0], [1.0]]), [0, 1]) == 1.0


def test_mae_of_a_known_model():
    identity = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    identity.layers[0].set_weights([np.array([[1.0]]), np.array([0.5])])
    assert checks.mae(identity, np.array([[1.0], [2.0]]), np.array([1.0, 2.0])) == pytest.approx(0.5)


def test_threshold_checks_print_on_success_and_explain_failure(capsys):
    checks.check_at_least(0.93, 0.9, "held-out accuracy")
    assert "held-out accuracy: 0.93 (at least 0.9 needed)" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="held-out accuracy is 0.850, below the 0.900 required: train longer"):
        checks.check_at_least(0.85, 0.9, "held-out accuracy", hint="train longer")
    with pytest.raises(AssertionError, match="is 0.5, above the 0.1 allowed"):
        checks.check_at_most(0.5, 0.1, "MAE")
    with pytest.raises(AssertionError, match="NaN"):
        checks.check_at_most(float("nan"), 0.1, "MAE")


def test_history_and_gap_checks():
    history = keras.callbacks.History()
    history.history = {"loss": [1.0, 0.5, 0.4], "accuracy": [0.6, 0.9, 0.99], "val_accuracy": [0.6, 0.8, 0.8]}
    checks.check_history(history, metrics=("loss", "accuracy"), min_epochs=3)
    with pytest.raises(AssertionError, match="pass validation_data"):
        checks.check_history(history, metrics=("val_loss",))
    with pytest.raises(AssertionError, match="trained for 3 epochs, expected at least 5"):
        checks.check_history(history, min_epochs=5)
    with pytest.raises(AssertionError, match="expected the History object"):
        checks.check_history(history.history)
    checks.check_gap(history, max_gap=0.2, last=2)
    with pytest.raises(AssertionError, match="the model overfits"):
        checks.check_gap(history, max_gap=0.05, last=1)


def test_gap_at_best_measures_the_epochs_early_stopping_keeps():
    history = keras.callbacks.History()
    # the best validation accuracy is at epoch 3; the epochs after it overfit, and restore_best_weights drops them
    history.history = {"accuracy": [0.6, 0.7, 0.8, 0.95, 0.99, 1.0], "val_accuracy": [0.6, 0.7, 0.8, 0.75, 0.7, 0.7],
                       "loss": [1.0, 0.8, 0.6, 0.4, 0.2, 0.1], "val_loss": [1.0, 0.8, 0.6, 0.7, 0.9, 1.1]}
    with pytest.raises(AssertionError, match="over the last 3 epochs"):
        checks.check_gap(history, max_gap=0.05, last=3)
    checks.check_gap(history, max_gap=0.05, last=3, at_best=True)
    history.history["val_accuracy"][2] = 0.6
    with pytest.raises(AssertionError, match="up to the best validation accuracy"):
        checks.check_gap(history, max_gap=0.05, last=3, at_best=True)


def test_check_defined_names_what_is_missing():
    checks.check_defined({"model": 1, "history": 2}, "model", "history")
    with pytest.raises(AssertionError, match="history is not defined yet: run the training cell"):
        checks.check_defined({"model": 1}, "model", "history", hint="run the training cell")


def test_unwritten_callback_is_reported_clearly():
    class Unwritten(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            raise NotImplementedError()

    with pytest.raises(AssertionError, match=r"Unwritten.on_epoch_end\(\) is not written yet"):
        checks.check_stopping_callback(Unwritten(), "accuracy", 0.9)


def test_loaded_arrays_pass_good_data_and_explain_bad_data():
    features = np.arange(12, dtype="float32").reshape(4, 3)
    labels = np.array([0, 1, 1, 0])
    good = checks.check_loaded_arrays((features, labels), n_features=3, n_classes=2, n_examples=4,
                                      class_counts=[2, 2], expected=(features, labels))
    assert good[0] is features and good[1] is labels
    bad_cases = [
        (None, "returned None .*`return features, labels`"),
        (features, r"returned one array of shape \(4, 3\)"),
        ((features.tolist(), labels), "the features are a list, expected a NumPy array"),
        ((features.astype("float64"), labels), "dtype float64, expected float32"),
        ((features[:, :2], labels), r"shape \(4, 2\), expected \(examples, 3\)"),
        ((features, labels.astype(float)), "labels have dtype float64, expected whole numbers"),
        ((features, labels[:, None]), r"labels have shape \(4, 1\), expected \(4,\)"),
        ((features, labels + 1), r"values \[1, 2\], expected class numbers from 0 to 1: 1 means yes"),
    ]
    for result, message in bad_cases:
        with pytest.raises(AssertionError, match=message):
            checks.check_loaded_arrays(result, n_features=3, n_classes=2, hint="1 means yes")
    with pytest.raises(AssertionError, match="the features have 3 rows, expected 4"):
        checks.check_loaded_arrays((features[:3], labels[:3]), n_features=3, n_classes=2, n_examples=4)
    with pytest.raises(AssertionError, match=r"count \[1, 3\] examples of classes 0 to 1, expected \[2, 2\]"):
        checks.check_loaded_arrays((features, np.array([0, 1, 1, 1])), n_features=3, n_classes=2,
                                   class_counts=[2, 2])
    with pytest.raises(AssertionError, match="example 1, feature 0: got 6, expected 3: keep the examples"):
        checks.check_loaded_arrays((features[[0, 2, 1, 3]], labels), n_features=3, n_classes=2,
                                   expected=(features, labels))
    with pytest.raises(AssertionError, match="4 of 4 labels are wrong, for example example 0: got 1, expected 0"):
        checks.check_loaded_arrays((features, 1 - labels), n_features=3, n_classes=2,
                                   expected=(features, labels))


def _curves_history():
    history = keras.callbacks.History()
    history.history = {"loss": [0.9, 0.6, 0.4], "accuracy": [0.6, 0.8, 0.9],
                       "val_loss": [1.0, 0.7, 0.6], "val_accuracy": [0.55, 0.75, 0.8]}
    return history


def _curves_figure(logs, panels=("loss", "accuracy"), label_panels=True, legend=True, swap_val=False,
                   labels=("training", "validation")):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), squeeze=False)
    for ax, metric in zip(axes[0], panels):
        ax.plot(logs[metric], label=labels[0])
        other = "accuracy" if metric == "loss" else "loss"
        ax.plot(logs[f"val_{other if swap_val else metric}"], label=labels[1])
        if label_panels:
            ax.set_ylabel(metric)
        if legend:
            ax.legend()
    return fig


def test_training_plot_check_accepts_good_figures():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    from course import plots

    history = _curves_history()
    try:
        checks.check_training_plot(_curves_figure(history.history), history)
        checks.check_training_plot(plots.plot_history(history), history)
        fig, axes = plt.subplots(2, 1)  # titles instead of y labels, a figure-level legend, epochs from 1
        for ax, metric in zip(axes, ("accuracy", "loss")):
            ax.plot([1, 2, 3], history.history[metric], label="train")
            ax.plot([1, 2, 3], history.history[f"val_{metric}"], label="val")
            ax.set_title(f"Training and validation {metric.capitalize()}")
        fig.legend(*axes[0].get_legend_handles_labels())
        checks.check_training_plot(fig, history.history)
    finally:
        plt.close("all")


def test_training_plot_check_explains_bad_figures():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    history = _curves_history()
    logs = history.history
    cases = [
        (None, "expected a matplotlib Figure, got None"),
        (lambda: plt.subplots(1, 2)[1], "returned matplotlib Axes, expected the Figure"),
        (lambda: _curves_figure(logs, panels=("loss",)), r"1 panel, expected 2, one per metric \(loss and accuracy\)"),
        (lambda: _curves_figure(logs, label_panels=False), "panel 1 .* names none of loss and accuracy"),
        (lambda: _curves_figure(logs, panels=("loss", "loss")), "two panels are labelled 'loss'"),
        (lambda: _curves_figure(logs, swap_val=True),
         r"the loss panel has no curve with the values of history.history\['val_loss'\] \(it is in the panel "
         r"labelled 'accuracy'"),
        (lambda: _curves_figure(logs, labels=("curve", "curve")), "need different labels"),
        (lambda: _curves_figure(logs, legend=False), "the loss panel has no legend"),
    ]
    try:
        for make, message in cases:
            with pytest.raises(AssertionError, match=message):
                checks.check_training_plot(make() if callable(make) else make, history)
        fig, ax = plt.subplots(1, 2)
        ax[0].set_title("Loss and accuracy")
        ax[1].set_ylabel("accuracy")
        with pytest.raises(AssertionError, match="names loss and accuracy: name each panel"):
            checks.check_training_plot(fig, history)
    finally:
        plt.close("all")


def test_check_close_accepts_rounding_and_says_where_values_differ():
    assert checks.check_close([1.0, 2.0000001], np.array([1.0, 2.0]), "the average").tolist() == [1.0, 2.0000001]
    with pytest.raises(AssertionError, match=r"the average is wrong at 1 of 3 positions, the first at index 2 "
                                             r"\(got 3.5, expected 3\): centre the window"):
        checks.check_close([1.0, 2.0, 3.5], [1.0, 2.0, 3.0], "the average", hint="centre the window")
    with pytest.raises(AssertionError, match=r"expected the average to have shape \(3,\), got \(2,\)"):
        checks.check_close([1.0, 2.0], [1.0, 2.0, 3.0], "the average")


def test_checks_on_held_out_data_quote_no_value():
    values = np.array([17.25, 31.5, 48.75, 62.125, 77.5, 91.375], dtype="float32")
    quoted = [f"{v:g}" for v in values] + ["3.5"]
    messages = []
    with pytest.raises(AssertionError) as error:
        checks.check_close([17.25, 31.5, 3.5], values[:3], "the average", held_out=True)
    messages.append(str(error.value))
    shifted = tf.data.Dataset.from_tensor_slices((np.stack([values[:2], values[1:3]]), values[1:3])).batch(2)
    with pytest.raises(AssertionError) as error:
        checks.check_windowed_dataset(shifted, values, 2, held_out=True)
    messages.append(str(error.value))
    features = np.stack([values, values[::-1]], axis=1)
    wrong = features.copy()
    wrong[1, 0] = 3.5
    with pytest.raises(AssertionError) as error:
        checks.check_loaded_arrays((wrong, np.array([0, 1, 1, 0, 1, 0])), n_features=2, n_classes=2,
                                   expected=(features, np.array([0, 1, 1, 0, 1, 0])), held_out=True)
    messages.append(str(error.value))
    with pytest.raises(AssertionError) as error:
        checks.check_loaded_arrays((features, np.array([0, 1, 1, 0, 1, 1])), n_features=2, n_classes=2,
                                   expected=(features, np.array([0, 1, 1, 0, 1, 0])), held_out=True)
    messages.append(str(error.value))
    assert "index 2" in messages[0] and "step 0" in messages[1] and "example 1, feature 0" in messages[2]
    assert "1 of 6 labels are wrong, for example example 5" in messages[3]
    for message in messages:
        assert not any(value in message for value in quoted), message
