"""m4_time_series/04_learning_rate: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("named schedule of (epoch, rate), pandas rolling mean, tf.keras callbacks, logs read directly",
            make_lr_sweep="""
        import tensorflow as tf

        def make_lr_sweep(start_rate, epochs_per_decade):
            def schedule(epoch, rate):
                return start_rate * 10 ** (epoch / epochs_per_decade)

            return tf.keras.callbacks.LearningRateScheduler(schedule)
        """, suggest_learning_rate="""
        import pandas as pd

        def suggest_learning_rate(rates, losses, smooth=5):
            losses = pd.Series(losses, dtype="float64")
            finite = np.isfinite(losses)
            losses[~finite] = losses[finite].max()
            centre = losses.rolling(smooth, center=True).mean().idxmin()
            return float(np.asarray(rates)[centre]) / 10
        """, make_callbacks="""
        import tensorflow as tf

        def make_callbacks():
            return [
                tf.keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=3),
                tf.keras.callbacks.EarlyStopping(monitor="val_mae", patience=8, restore_best_weights=True),
            ]
        """, stop_at_mae="""
        class StopAtMAE(keras.callbacks.Callback):
            \"\"\"Stop training once the validation MAE is at or below `target`.\"\"\"

            def __init__(self, target):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                if logs["val_mae"] <= self.target:
                    print(f"epoch {epoch + 1}: validation MAE {logs['val_mae']:.2f}, target reached")
                    self.model.stop_training = True
        """),
    correct("the rate multiplied by the same factor every epoch, a loop of window means, callbacks in the "
            "other order", make_lr_sweep="""
        def make_lr_sweep(start_rate, epochs_per_decade):
            factor = 10 ** (1 / epochs_per_decade)

            def schedule(epoch, rate):
                return start_rate if epoch == 0 else rate * factor

            return keras.callbacks.LearningRateScheduler(schedule, verbose=0)
        """, suggest_learning_rate="""
        def suggest_learning_rate(rates, losses, smooth=5):
            losses = np.array(losses, dtype="float64")
            largest = np.max(losses[np.isfinite(losses)])
            losses = np.nan_to_num(losses, nan=largest, posinf=largest, neginf=largest)
            means = [np.mean(losses[i:i + smooth]) for i in range(len(losses) - smooth + 1)]
            best = int(np.argmin(means)) + smooth // 2
            return float(rates[best]) * 0.1
        """, make_callbacks="""
        def make_callbacks():
            early_stopping = keras.callbacks.EarlyStopping(monitor="val_mae", mode="min", patience=8,
                                                           restore_best_weights=True)
            reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", mode="min", factor=0.5, patience=3)
            return [early_stopping, reduce_lr]
        """, stop_at_mae="""
        class StopAtMAE(keras.callbacks.Callback):
            \"\"\"Stop training once the validation MAE is at or below `target`.\"\"\"

            def __init__(self, target):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                logs = logs or {}
                val_mae = logs.get("val_mae")
                if val_mae is None or val_mae > self.target:
                    return
                self.model.stop_training = True
        """),
    correct("a lambda with math.pow, the course's centred average, callbacks appended to a list",
            make_lr_sweep="""
        import math

        def make_lr_sweep(start_rate, epochs_per_decade):
            return keras.callbacks.LearningRateScheduler(
                schedule=lambda epoch, lr: start_rate * math.pow(10, epoch / epochs_per_decade))
        """, suggest_learning_rate="""
        def suggest_learning_rate(rates, losses, smooth=5):
            losses = np.asarray(losses, dtype="float64").copy()
            bad = ~np.isfinite(losses)
            losses[bad] = np.nanmax(np.where(bad, np.nan, losses))
            smoothed = np.convolve(losses, np.ones(smooth) / smooth, mode="valid")
            return float(np.asarray(rates, dtype="float64")[smoothed.argmin() + smooth // 2] / 10)
        """, make_callbacks="""
        def make_callbacks():
            callbacks = []
            callbacks.append(keras.callbacks.ReduceLROnPlateau("val_loss", factor=0.5, patience=3))
            callbacks.append(keras.callbacks.EarlyStopping("val_mae", patience=8, restore_best_weights=True))
            return callbacks
        """, stop_at_mae="""
        class StopAtMAE(keras.callbacks.Callback):
            \"\"\"Stop training once the validation MAE is at or below `target`.\"\"\"

            def __init__(self, target):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                if logs and "val_mae" in logs and logs["val_mae"] <= self.target:
                    self.model.stop_training = True
        """),
    mistake("the sweep counts epochs from 1", loses="lr_sweep_schedule", make_lr_sweep="""
        def make_lr_sweep(start_rate, epochs_per_decade):
            return keras.callbacks.LearningRateScheduler(
                lambda epoch: start_rate * 10 ** ((epoch + 1) / epochs_per_decade))
        """),
    mistake("the rate at the start of the lowest smoothed window, not at its centre",
            loses="suggested_rate_from_sweep", suggest_learning_rate="""
        def suggest_learning_rate(rates, losses, smooth=5):
            rates, losses = np.asarray(rates, dtype="float64"), np.asarray(losses, dtype="float64")
            finite = np.isfinite(losses)
            losses = np.where(finite, losses, losses[finite].max())
            smoothed = series.centred_moving_average(losses, smooth)
            return float(rates[np.argmin(smoothed)] / 10)
        """),
    mistake("ReduceLROnPlateau left at its default factor (0.1 instead of 0.5)", loses="plateau_halves_the_rate",
            make_callbacks="""
        def make_callbacks():
            return [
                keras.callbacks.ReduceLROnPlateau(monitor="val_loss", patience=3),
                keras.callbacks.EarlyStopping(monitor="val_mae", patience=8, restore_best_weights=True),
            ]
        """),
    mistake("StopAtMAE compares with < instead of <=", loses="stop_at_mae_threshold", stop_at_mae="""
        class StopAtMAE(keras.callbacks.Callback):
            \"\"\"Stop training once the validation MAE is at or below `target`.\"\"\"

            def __init__(self, target):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                if logs is not None and logs.get("val_mae", float("inf")) < self.target:
                    self.model.stop_training = True
        """),
    # the training MAE reaches 13 within a few epochs, long before the validation MAE: training stops too early
    mistake("StopAtMAE watches the training MAE instead of the validation MAE",
            loses=["stop_at_mae_threshold", "tuned_model_beats_naive"], stop_at_mae="""
        class StopAtMAE(keras.callbacks.Callback):
            \"\"\"Stop training once the validation MAE is at or below `target`.\"\"\"

            def __init__(self, target):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                if logs is not None and logs.get("mae", float("inf")) <= self.target:
                    self.model.stop_training = True
        """),
]
