"""m1_foundations/03_callbacks: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("reads logs['accuracy'] directly, callbacks built with keyword arguments", stop_at_accuracy="""
        class StopAtAccuracy(keras.callbacks.Callback):
            def __init__(self, target=0.95):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                accuracy = logs["accuracy"]
                if accuracy >= self.target:
                    print(f"Epoch {epoch + 1}: accuracy {accuracy:.3f} reached the target {self.target}, stopping")
                    self.model.stop_training = True
        """, make_callbacks="""
        def make_callbacks(checkpoint_path):
            early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                                           restore_best_weights=True)
            checkpoint = keras.callbacks.ModelCheckpoint(filepath=checkpoint_path, monitor="val_loss",
                                                         save_best_only=True)
            return [early_stopping, checkpoint]
        """),
    correct("tf.keras callbacks, accuracy read with logs.get and a None check", stop_at_accuracy="""
        class StopAtAccuracy(keras.callbacks.Callback):
            def __init__(self, target=0.95):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                accuracy = logs.get("accuracy") if logs else None
                if accuracy is not None and accuracy >= self.target:
                    self.model.stop_training = True
                    print(f"Epoch {epoch + 1}: accuracy {accuracy:.3f} reached the target {self.target}, stopping")
        """, make_callbacks="""
        import tensorflow as tf

        def make_callbacks(checkpoint_path):
            return [
                tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
                tf.keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True),
            ]
        """),
    correct("early return while the target is not reached, callbacks appended to a list", stop_at_accuracy="""
        class StopAtAccuracy(keras.callbacks.Callback):
            def __init__(self, target=0.95):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                accuracy = (logs or {}).get("accuracy", 0.0)
                if accuracy < self.target:
                    return
                print(f"Epoch {epoch + 1}: accuracy {accuracy:.3f} reached the target {self.target}, stopping")
                self.model.stop_training = True
        """, make_callbacks="""
        def make_callbacks(checkpoint_path):
            callbacks = []
            callbacks.append(keras.callbacks.EarlyStopping(patience=3, monitor="val_loss",
                                                           restore_best_weights=True))
            callbacks.append(keras.callbacks.ModelCheckpoint(filepath=checkpoint_path, save_best_only=True,
                                                             monitor="val_loss"))
            return callbacks
        """),
    mistake("compares with > instead of >=", loses="callback_stops_at_threshold", stop_at_accuracy="""
        class StopAtAccuracy(keras.callbacks.Callback):
            def __init__(self, target=0.95):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                logs = logs or {}
                if logs.get("accuracy", 0.0) > self.target:
                    print(f"Epoch {epoch + 1}: accuracy {logs['accuracy']:.3f} reached the target {self.target}, stopping")
                    self.model.stop_training = True
        """),
    mistake("sets stop_training on the callback instead of on the model",
            loses=["callback_stops_at_threshold", "training_stopped_early"], stop_at_accuracy="""
        class StopAtAccuracy(keras.callbacks.Callback):
            def __init__(self, target=0.95):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                logs = logs or {}
                if logs.get("accuracy", 0.0) >= self.target:
                    print(f"Epoch {epoch + 1}: accuracy {logs['accuracy']:.3f} reached the target {self.target}, stopping")
                    self.stop_training = True
        """),
    mistake("EarlyStopping without restore_best_weights", loses="keras_callbacks_configured", make_callbacks="""
        def make_callbacks(checkpoint_path):
            return [
                keras.callbacks.EarlyStopping(monitor="val_loss", patience=3),
                keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True),
            ]
        """),
    mistake("checkpoint path hard-coded instead of the argument", loses="keras_callbacks_configured",
            make_callbacks="""
        def make_callbacks(checkpoint_path):
            return [
                keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
                keras.callbacks.ModelCheckpoint("checkpoints/best_digits.keras", monitor="val_loss",
                                                save_best_only=True),
            ]
        """),
]
