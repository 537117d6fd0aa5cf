"""m4_time_series/06_exam_practice: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("pandas, timeseries_dataset_from_array, a functional LSTM model trained on the MAE, "
            "forecast windows from a sliding window view", read_sunspots="""
        import pandas as pd

        def read_sunspots(path):
            frame = pd.read_csv(path)
            return frame["month"].tolist(), frame["sunspots"].to_numpy(dtype="float32")
        """, windowed_dataset="""
        def windowed_dataset(values, window_size=WINDOW_SIZE, batch_size=BATCH_SIZE, shuffle_buffer=SHUFFLE_BUFFER):
            values = np.asarray(values, dtype="float32")
            return keras.utils.timeseries_dataset_from_array(
                data=values[:, np.newaxis], targets=values[window_size:], sequence_length=window_size,
                batch_size=batch_size, shuffle=shuffle_buffer is not None)
        """, build_model="""
        def build_model(window_size=WINDOW_SIZE):
            inputs = keras.Input(shape=(window_size, 1))
            x = keras.layers.Rescaling(1 / 100)(inputs)
            x = keras.layers.LSTM(32)(x)
            x = keras.layers.Dense(1)(x)
            outputs = keras.layers.Rescaling(100)(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer="adam", loss="mae", metrics=["mean_absolute_error"])
            return model
        """, validation_mae="""
        def validation_mae(model, values, split_time, window_size=WINDOW_SIZE):
            values = np.asarray(values, dtype="float32")
            windows = np.lib.stride_tricks.sliding_window_view(values[split_time - window_size:-1], window_size)
            forecast = model.predict(windows.reshape(-1, window_size, 1), verbose=0).flatten()
            return float(keras.losses.MeanAbsoluteError()(values[split_time:], forecast))
        """),
    correct("csv.DictReader, the feature axis added in map, a tf.keras dense model trained on the MSE for "
            "15 epochs without a callback", read_sunspots="""
        def read_sunspots(path):
            months, numbers = [], []
            with open(path) as file:
                for row in csv.DictReader(file):
                    months.append(row["month"])
                    numbers.append(row["sunspots"])
            return months, np.array(numbers).astype(np.float32)
        """, windowed_dataset="""
        def windowed_dataset(values, window_size=WINDOW_SIZE, batch_size=BATCH_SIZE, shuffle_buffer=SHUFFLE_BUFFER):
            ds = tf.data.Dataset.from_tensor_slices(tf.constant(values, dtype=tf.float32))
            ds = ds.window(window_size + 1, shift=1, drop_remainder=True)
            ds = ds.flat_map(lambda w: w.batch(window_size + 1))
            if shuffle_buffer:
                ds = ds.shuffle(shuffle_buffer)
            ds = ds.map(lambda w: (tf.expand_dims(w[:-1], axis=-1), w[-1]))
            return ds.batch(batch_size)
        """, build_model="""
        def build_model(window_size=WINDOW_SIZE):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(window_size, 1)),
                tf.keras.layers.Rescaling(1 / 100),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(64, activation=tf.nn.relu),
                tf.keras.layers.Dense(32, activation=tf.nn.relu),
                tf.keras.layers.Dense(1),
                tf.keras.layers.Rescaling(100),
            ])
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
                          loss=tf.keras.losses.MeanSquaredError(), metrics=[tf.keras.metrics.MeanAbsoluteError()])
            return model
        """, train_and_save="""
        import os

        train_ds = windowed_dataset(train_values)
        valid_ds = windowed_dataset(values[SPLIT_TIME - WINDOW_SIZE:], shuffle_buffer=None)
        model = build_model()
        history = model.fit(train_ds, validation_data=valid_ds, epochs=15, verbose=0)
        os.makedirs(os.path.dirname(MODEL_FILE), exist_ok=True)
        model.save(MODEL_FILE)
        reloaded = tf.keras.models.load_model(MODEL_FILE)
        """),
    correct("np.loadtxt, windows by index arithmetic, Conv1D + GRU added one by one, the MAE by a loop",
            read_sunspots="""
        def read_sunspots(path):
            table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=str)
            return list(table[:, 0]), table[:, 1].astype("float32")
        """, windowed_dataset="""
        def windowed_dataset(values, window_size=WINDOW_SIZE, batch_size=BATCH_SIZE, shuffle_buffer=SHUFFLE_BUFFER):
            values = np.asarray(values, dtype="float32")
            starts = np.arange(len(values) - window_size)
            features = values[starts[:, None] + np.arange(window_size)][..., np.newaxis]
            labels = values[starts + window_size]
            ds = tf.data.Dataset.from_tensor_slices((features, labels))
            if shuffle_buffer is not None:
                ds = ds.shuffle(shuffle_buffer)
            return ds.batch(batch_size)
        """, build_model="""
        def build_model(window_size=WINDOW_SIZE):
            model = keras.Sequential()
            model.add(keras.Input(shape=(window_size, 1)))
            model.add(keras.layers.Rescaling(0.01))
            model.add(keras.layers.Conv1D(32, 5, padding="causal", activation="relu"))
            model.add(keras.layers.GRU(32))
            model.add(keras.layers.Dense(1))
            model.add(keras.layers.Rescaling(100.0))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss=keras.losses.huber,
                          metrics=[keras.metrics.mean_absolute_error])
            return model
        """, validation_mae="""
        def validation_mae(model, values, split_time, window_size=WINDOW_SIZE):
            errors = []
            windows = np.array([values[t - window_size:t] for t in range(split_time, len(values))])
            predictions = model.predict(np.expand_dims(windows, axis=-1), verbose=0)
            for t, prediction in zip(range(split_time, len(values)), predictions):
                errors.append(abs(float(values[t]) - float(prediction[0])))
            return sum(errors) / len(errors)
        """),
    mistake("the label taken as w[-1] of a window of shape (31, 1): labels of shape (batch, 1)",
            loses="windows_of_shape_30_by_1", windowed_dataset="""
        def windowed_dataset(values, window_size=WINDOW_SIZE, batch_size=BATCH_SIZE, shuffle_buffer=SHUFFLE_BUFFER):
            ds = tf.data.Dataset.from_tensor_slices(tf.expand_dims(np.asarray(values, dtype="float32"), axis=-1))
            ds = ds.window(window_size + 1, shift=1, drop_remainder=True)
            ds = ds.flat_map(lambda window: window.batch(window_size + 1))
            ds = ds.map(lambda window: (window[:-1], window[-1]))
            if shuffle_buffer is not None:
                ds = ds.shuffle(shuffle_buffer)
            return ds.batch(batch_size)
        """),
    mistake("a Lambda layer scales the output, as older answers did: the saved file does not load back",
            loses=["model_input_and_output", "saved_model_beats_naive"], build_model="""
        def build_model(window_size=WINDOW_SIZE):
            model = keras.Sequential([
                keras.Input(shape=(window_size, 1)),
                keras.layers.Conv1D(32, kernel_size=5, padding="causal", activation="relu"),
                keras.layers.LSTM(32),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
                keras.layers.Lambda(lambda x: x * 100.0),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """),
    mistake("the series divided by its maximum outside the model: the saved model forecasts in the wrong units",
            loses="saved_model_beats_naive", build_model="""
        def build_model(window_size=WINDOW_SIZE):
            model = keras.Sequential([
                keras.Input(shape=(window_size, 1)),
                keras.layers.Conv1D(32, kernel_size=5, padding="causal", activation="relu"),
                keras.layers.LSTM(32),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """, train_and_save="""
        scale = values.max()
        train_ds = windowed_dataset(train_values / scale)
        valid_ds = windowed_dataset(values[SPLIT_TIME - WINDOW_SIZE:] / scale, shuffle_buffer=None)
        model = build_model()
        keep_best = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
        history = model.fit(train_ds, validation_data=valid_ds, epochs=20, callbacks=[keep_best], verbose=0)
        Path(MODEL_FILE).parent.mkdir(parents=True, exist_ok=True)
        model.save(MODEL_FILE)
        reloaded = keras.models.load_model(MODEL_FILE)
        """),
    mistake("the windows of validation_mae include the month they forecast", loses="validation_mae_lines_up",
            validation_mae="""
        def validation_mae(model, values, split_time, window_size=WINDOW_SIZE):
            values = np.asarray(values, dtype="float32")
            windows = np.stack([values[t - window_size + 1:t + 1] for t in range(split_time, len(values))])
            forecast = model.predict(windows[..., np.newaxis], verbose=0)[:, 0]
            return float(np.mean(np.abs(values[split_time:] - forecast)))
        """),
]
