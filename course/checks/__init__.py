"""Grading helpers that visible and hidden tests call.

Every check raises ``AssertionError`` with a message that says what was found,
what was expected and what to change. Checks print nothing to stderr (nbgrader
scores a test cell that does as failed), so they silence Keras and TensorFlow
warnings while they run.

Introduced in m1_foundations/01_first_model.

The checks live in one module per topic; import them from here
(``from course import checks`` or ``from course.checks import check_model``).
"""

from ..quiet import quiet
from .datasets import check_dataset, check_loaded_arrays
from .evaluation import accuracy, check_at_least, check_at_most, check_close, mae, predict
from .figures import check_training_plot
from .images import augmentation_layers, check_active_only_in_training, check_augmentation_layers, check_resizing
from .models import (
    check_adapted,
    check_any_layer,
    check_compiled,
    check_each_followed_by,
    check_frozen,
    check_input_shape,
    check_layers,
    check_learning_rate_at_most,
    check_metrics,
    check_model,
    check_output,
    check_params,
    check_trainable_layers,
    count_layers,
)
from .runtime import call, check_defined
from .scripts import check_epochs_respected, load_saved_model, run_script, trained_steps
from .text import check_embedding, check_generated_text, check_sampling, check_text_vectorizer
from .time_series import check_forecast, check_forecast_alignment, check_windowed_dataset, probe_series
from .training import (
    check_callback,
    check_gap,
    check_history,
    check_learning_rates,
    check_stopping_callback,
    fit_arguments,
    learning_rates,
)
from .wording import canonical, plain, same, shown

__all__ = [
    "quiet",
    "call",
    "check_defined",
    "check_model",
    "check_input_shape",
    "check_output",
    "check_layers",
    "check_resizing",
    "count_layers",
    "check_each_followed_by",
    "check_adapted",
    "check_compiled",
    "check_params",
    "check_stopping_callback",
    "predict",
    "accuracy",
    "mae",
    "check_at_least",
    "check_at_most",
    "check_close",
    "check_history",
    "check_gap",
    "check_callback",
    "load_saved_model",
    "check_dataset",
    "check_metrics",
    "run_script",
    "check_epochs_respected",
    "trained_steps",
    "check_text_vectorizer",
    "check_embedding",
    "check_generated_text",
    "check_sampling",
    "check_any_layer",
    "check_windowed_dataset",
    "check_forecast",
    "check_forecast_alignment",
    "probe_series",
    "learning_rates",
    "fit_arguments",
    "check_learning_rates",
    "augmentation_layers",
    "check_augmentation_layers",
    "check_active_only_in_training",
    "check_frozen",
    "check_trainable_layers",
    "check_learning_rate_at_most",
    "check_loaded_arrays",
    "check_training_plot",
    "canonical",
    "same",
    "plain",
    "shown",
]
