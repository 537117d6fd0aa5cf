"""The grading helpers pass good work and fail bad work with messages that say what to fix."""

from __future__ import annotations

import keras
import numpy as np
import pytest

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
