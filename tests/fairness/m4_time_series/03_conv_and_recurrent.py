"""m4_time_series/03_conv_and_recurrent: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("a GRU in a functional model, loss and metric as strings", build_sequence_model="""
        def build_sequence_model(window_size):
            inputs = keras.Input(shape=(window_size,))
            x = keras.layers.Rescaling(1 / 100)(inputs)
            x = keras.layers.Reshape((window_size, 1))(x)
            x = keras.layers.Conv1D(32, kernel_size=5, padding="causal", activation="relu")(x)
            x = keras.layers.GRU(32)(x)
            x = keras.layers.Dense(16, activation="relu")(x)
            x = keras.layers.Dense(1)(x)
            outputs = keras.layers.Rescaling(100)(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="huber",
                          metrics=["mean_absolute_error"])
            return model
        """),
    correct("a Bidirectional LSTM, tf.keras, loss and metric as objects", build_sequence_model="""
        import tensorflow as tf

        def build_sequence_model(window_size):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(window_size,)),
                tf.keras.layers.Rescaling(1 / 100),
                tf.keras.layers.Reshape((window_size, 1)),
                tf.keras.layers.Conv1D(filters=32, kernel_size=5, padding="causal", activation="relu"),
                tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(16)),
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1),
                tf.keras.layers.Rescaling(100),
            ])
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3), loss=tf.keras.losses.Huber(),
                          metrics=[tf.keras.metrics.MeanAbsoluteError()])
            return model
        """),
    correct("a larger LSTM (64 units) and 64 filters, loss as a function, layers added one by one",
            build_sequence_model="""
        def build_sequence_model(window_size):
            model = keras.Sequential()
            model.add(keras.Input(shape=(window_size,)))
            model.add(keras.layers.Rescaling(0.01))
            model.add(keras.layers.Reshape((window_size, 1)))
            model.add(keras.layers.Conv1D(64, 5, padding="causal", activation="relu"))
            model.add(keras.layers.LSTM(64))
            model.add(keras.layers.Dense(16, activation="relu"))
            model.add(keras.layers.Dense(1))
            model.add(keras.layers.Rescaling(100.0))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss=keras.losses.huber,
                          metrics=[keras.metrics.mean_absolute_error])
            return model
        """),
    correct("a SimpleRNN", build_sequence_model="""
        def build_sequence_model(window_size):
            model = keras.Sequential([
                keras.Input(shape=(window_size,)),
                keras.layers.Rescaling(1 / 100),
                keras.layers.Reshape((window_size, 1)),
                keras.layers.Conv1D(32, kernel_size=5, padding="causal", activation="relu"),
                keras.layers.SimpleRNN(32),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
                keras.layers.Rescaling(100),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """),
    mistake("no recurrent layer: Conv1D, Flatten and Dense only", loses="sequence_model_shapes",
            build_sequence_model="""
        def build_sequence_model(window_size):
            model = keras.Sequential([
                keras.Input(shape=(window_size,)),
                keras.layers.Rescaling(1 / 100),
                keras.layers.Reshape((window_size, 1)),
                keras.layers.Conv1D(32, kernel_size=5, padding="causal", activation="relu"),
                keras.layers.Flatten(),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
                keras.layers.Rescaling(100),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """),
    mistake("Reshape((12, 1)) hard-coded, the notebook's WINDOW, instead of the window size",
            loses="sequence_model_shapes",
            build_sequence_model="""
        def build_sequence_model(window_size):
            model = keras.Sequential([
                keras.Input(shape=(window_size,)),
                keras.layers.Rescaling(1 / 100),
                keras.layers.Reshape((12, 1)),
                keras.layers.Conv1D(32, kernel_size=5, padding="causal", activation="relu"),
                keras.layers.LSTM(32),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
                keras.layers.Rescaling(100),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """),
    mistake("return_sequences=True on the only LSTM: one output per month of the window",
            loses=["sequence_model_shapes", "sequence_model_beats_naive"], build_sequence_model="""
        def build_sequence_model(window_size):
            model = keras.Sequential([
                keras.Input(shape=(window_size,)),
                keras.layers.Rescaling(1 / 100),
                keras.layers.Reshape((window_size, 1)),
                keras.layers.Conv1D(32, kernel_size=5, padding="causal", activation="relu"),
                keras.layers.LSTM(32, return_sequences=True),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
                keras.layers.Rescaling(100),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """),
]
