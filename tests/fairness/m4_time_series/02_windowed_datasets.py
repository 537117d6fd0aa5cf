"""m4_time_series/02_windowed_datasets: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("timeseries_dataset_from_array, a functional model, forecast from a sliding window view",
            windowed_dataset="""
        def windowed_dataset(values, window_size, batch_size=32, shuffle_buffer=1000):
            values = np.asarray(values, dtype="float32")
            return keras.utils.timeseries_dataset_from_array(
                data=values, targets=values[window_size:], sequence_length=window_size,
                batch_size=batch_size, shuffle=True)
        """, build_dense_model="""
        def build_dense_model(window_size):
            inputs = keras.Input(shape=(window_size,))
            x = keras.layers.Rescaling(1 / 100)(inputs)
            x = keras.layers.Dense(32, activation="relu")(x)
            x = keras.layers.Dense(16, activation="relu")(x)
            x = keras.layers.Dense(1)(x)
            outputs = keras.layers.Rescaling(100)(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="huber",
                          metrics=["mean_absolute_error"])
            return model
        """, forecast_period="""
        def forecast_period(model, values, start, window_size):
            values = np.asarray(values, dtype="float32")
            windows = np.lib.stride_tricks.sliding_window_view(values[start - window_size:-1], window_size)
            return model.predict(windows, verbose=0).flatten()
        """),
    correct("tf.keras throughout, windows split with a named function, forecast from a tf.data pipeline",
            windowed_dataset="""
        def windowed_dataset(values, window_size, batch_size=32, shuffle_buffer=1000):
            def split(window):
                return window[:-1], window[-1]

            ds = tf.data.Dataset.from_tensor_slices(tf.constant(values, dtype=tf.float32))
            ds = ds.window(size=window_size + 1, shift=1, drop_remainder=True)
            ds = ds.flat_map(lambda w: w.batch(window_size + 1))
            ds = ds.shuffle(buffer_size=shuffle_buffer)
            ds = ds.map(split)
            return ds.batch(batch_size)
        """, build_dense_model="""
        def build_dense_model(window_size):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(window_size,)),
                tf.keras.layers.Rescaling(1 / 100),
                tf.keras.layers.Dense(32, activation=tf.nn.relu),
                tf.keras.layers.Dense(16, activation=tf.nn.relu),
                tf.keras.layers.Dense(1),
                tf.keras.layers.Rescaling(100),
            ])
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3), loss=tf.keras.losses.Huber(),
                          metrics=[tf.keras.metrics.MeanAbsoluteError()])
            return model
        """, forecast_period="""
        def forecast_period(model, values, start, window_size):
            ds = tf.data.Dataset.from_tensor_slices(np.asarray(values, dtype="float32")[start - window_size:-1])
            ds = ds.window(window_size, shift=1, drop_remainder=True)
            ds = ds.flat_map(lambda w: w.batch(window_size)).batch(64)
            return np.squeeze(model.predict(ds, verbose=0), axis=-1)
        """),
    correct("layers added one by one, 64 and 32 units, loss as a function, windows by index arithmetic",
            windowed_dataset="""
        def windowed_dataset(values, window_size, batch_size=32, shuffle_buffer=1000):
            values = np.asarray(values, dtype="float32")
            starts = np.arange(len(values) - window_size)
            features = values[starts[:, None] + np.arange(window_size)]
            labels = values[starts + window_size]
            ds = tf.data.Dataset.from_tensor_slices((features, labels))
            return ds.shuffle(shuffle_buffer).batch(batch_size)
        """, build_dense_model="""
        def build_dense_model(window_size):
            model = keras.Sequential()
            model.add(keras.Input(shape=(window_size,)))
            model.add(keras.layers.Rescaling(scale=0.01))
            model.add(keras.layers.Dense(64, activation="relu"))
            model.add(keras.layers.Dense(32, activation="relu"))
            model.add(keras.layers.Dense(1))
            model.add(keras.layers.Rescaling(scale=100.0))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss=keras.losses.huber,
                          metrics=[keras.metrics.mean_absolute_error])
            return model
        """, forecast_period="""
        def forecast_period(model, values, start, window_size):
            windows = [values[t - window_size:t] for t in range(start, len(values))]
            predictions = model.predict(np.array(windows, dtype="float32"), verbose=0)
            return predictions.reshape(-1)
        """),
    mistake("timeseries_dataset_from_array with the series itself as targets (not shifted)",
            loses="windowed_dataset_shapes_and_labels", windowed_dataset="""
        def windowed_dataset(values, window_size, batch_size=32, shuffle_buffer=1000):
            return keras.utils.timeseries_dataset_from_array(
                data=values, targets=values, sequence_length=window_size, batch_size=batch_size, shuffle=True)
        """),
    mistake("windows shuffled after batching (whole batches move, windows stay in order)",
            loses="windowed_dataset_shapes_and_labels", windowed_dataset="""
        def windowed_dataset(values, window_size, batch_size=32, shuffle_buffer=1000):
            ds = tf.data.Dataset.from_tensor_slices(np.asarray(values, dtype="float32"))
            ds = ds.window(window_size + 1, shift=1, drop_remainder=True)
            ds = ds.flat_map(lambda window: window.batch(window_size + 1))
            ds = ds.map(lambda window: (window[:-1], window[-1]))
            return ds.batch(batch_size).shuffle(shuffle_buffer)
        """),
    mistake("the forecast windows include the month they forecast", loses="forecast_lines_up_with_period",
            forecast_period="""
        def forecast_period(model, values, start, window_size):
            values = np.asarray(values, dtype="float32")
            windows = np.stack([values[t - window_size + 1:t + 1] for t in range(start, len(values))])
            return model.predict(windows, verbose=0)[:, 0]
        """),
    mistake("the window size hard-coded as 12, the notebook's WINDOW, instead of the argument",
            loses="dense_model_shapes", build_dense_model="""
        def build_dense_model(window_size):
            model = keras.Sequential([
                keras.Input(shape=(12,)),
                keras.layers.Rescaling(1 / 100),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
                keras.layers.Rescaling(100),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """),
]
