"""The plotting helpers draw what they say and reject bad input clearly."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course import plots  # noqa: E402


def test_plot_history_draws_training_and_validation_per_metric():
    logs = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8], "val_accuracy": [0.4, 0.7]}
    fig = plots.plot_history(logs)
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy"]
    assert [line.get_label() for line in fig.axes[0].lines] == ["training", "validation"]
    plt.close(fig)


def test_plot_history_rejects_empty_or_unknown_metrics():
    with pytest.raises(ValueError, match="train the model first"):
        plots.plot_history({})
    with pytest.raises(ValueError, match=r"no \['mae'\] in the history"):
        plots.plot_history({"loss": [1.0]}, metrics=["mae"])


def test_show_images_and_plot_series_do_not_touch_global_settings():
    before = dict(matplotlib.rcParams)
    fig = plots.show_images(np.zeros((5, 8, 8)), labels=[0, 1, 2, 3, 4], ncols=4)
    assert len(fig.axes) == 8
    plt.close(fig)
    fig = plots.plot_series(np.arange(3), [1, 2, 3], [1, 1, 1], labels=["a", "b"])
    assert len(fig.axes[0].lines) == 2
    plt.close(fig)
    assert dict(matplotlib.rcParams) == before


def test_plot_confusion_matrix_labels_rows_true_and_columns_predicted_with_counts():
    matrix = np.array([[5, 1, 0], [2, 7, 0], [0, 3, 9]])
    fig = plots.plot_confusion_matrix(matrix, ["animal", "food", "plant"], title="validation")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["animal", "food", "plant"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["animal", "food", "plant"]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("predicted class", "true class", "validation")
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert texts == {(row, column): str(matrix[row, column]) for row in range(3) for column in range(3)}
    assert np.array_equal(ax.images[0].get_array(), matrix)
    plt.close(fig)


def test_plot_confusion_matrix_rejects_a_matrix_that_does_not_match_the_names():
    with pytest.raises(ValueError, match="one row and one column per class"):
        plots.plot_confusion_matrix(np.zeros((4, 4)), ["a", "b", "c", "d", "e"])
    with pytest.raises(ValueError, match="square"):
        plots.plot_confusion_matrix(np.zeros((2, 3)), ["a", "b"])
