"""The checks added for m1 notebooks 04-06 (datasets, compiled metrics, scripts) pass good work and explain bad work."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from course import checks


def digit_dataset(images=None, labels=None, batch_size=4, drop_remainder=False):
    images = np.zeros((10, 8, 8, 1), "float32") if images is None else images
    labels = np.zeros(10, "int64") if labels is None else labels
    return tf.data.Dataset.from_tensor_slices((images, labels)).batch(batch_size, drop_remainder=drop_remainder)


def test_dataset_check_passes_a_good_pipeline():
    checks.check_dataset(digit_dataset(), x_shape=(None, 8, 8, 1), y_shape=(None,))
    checks.check_dataset(digit_dataset().map(lambda x, y: x), x_shape=(None, 8, 8, 1), y_shape=None)


@pytest.mark.parametrize("dataset, message", [
    ([1, 2], r"expected a tf.data.Dataset, got list"),
    (digit_dataset(drop_remainder=True), r"got \(4, 8, 8, 1\).*no drop_remainder"),
    (digit_dataset(images=np.zeros((10, 8, 8), "float32")), r"got \(None, 8, 8\).*channel axis"),
    (digit_dataset(images=np.zeros((10, 8, 8, 1), "uint8")), r"dtype float32, got uint8.*tf.cast"),
    (digit_dataset(labels=np.zeros(10, "float32")), r"expected integer labels, got float32"),
    (digit_dataset().map(lambda x, y: x), r"\(inputs, labels\) pairs"),
])
def test_dataset_check_explains_bad_pipelines(dataset, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_dataset(dataset, x_shape=(None, 8, 8, 1), y_shape=(None,))


def regression_model():
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])


@pytest.mark.parametrize("metrics", [["mae"], ["mean_absolute_error"], [keras.metrics.MeanAbsoluteError()],
                                     ["mae", "mse"]])
def test_metrics_check_accepts_names_aliases_and_objects(metrics):
    model = regression_model()
    model.compile(optimizer="adam", loss="mse", metrics=metrics)
    checks.check_metrics(model, ["mae"])


def test_metrics_check_explains_positional_compile_and_missing_metrics():
    model = regression_model()
    model.compile("adam", "mse", ["mae"])  # Keras 3 reads ["mae"] as loss_weights
    with pytest.raises(AssertionError, match=r"loss_weights=\['mae'\].*by keyword"):
        checks.check_metrics(model, ["mae"])
    model.compile(optimizer="adam", loss="mse", metrics=["mse"])
    with pytest.raises(AssertionError, match=r"without the metric\(s\) \['mae'\]"):
        checks.check_metrics(model, ["mae"])
    with pytest.raises(AssertionError, match=r"not compiled"):
        checks.check_metrics(regression_model(), ["mae"])


def test_run_script_returns_the_result_of_a_good_script(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.py").write_text("import sys\nprint('args', sys.argv[1:])\n")
    result = checks.run_script("good.py", "--epochs", 1)
    assert result.returncode == 0 and "args ['--epochs', '1']" in result.stdout


def test_run_script_explains_missing_failing_and_slow_scripts(tmp_path, monkeypatch, capfd):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AssertionError, match=r"there is no train\.py.*%%writefile train\.py"):
        checks.run_script("train.py")
    (tmp_path / "bad.py").write_text("raise NotImplementedError('write train()')\n")
    with pytest.raises(AssertionError, match=r"exit code 1(.|\n)*NotImplementedError: write train\(\)"):
        checks.run_script("bad.py")
    (tmp_path / "slow.py").write_text("import time\ntime.sleep(5)\n")
    with pytest.raises(AssertionError, match=r"more than 0.5 s"):
        checks.run_script("slow.py", timeout=0.5)
    assert capfd.readouterr().err == ""
