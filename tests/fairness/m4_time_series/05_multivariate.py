"""m4_time_series/05_multivariate: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("tf.data windows zipped with the shifted target, a functional model, loss and metric as strings",
            make_windows="""
        import tensorflow as tf

        def make_windows(features, target, window_size, batch_size=32, shuffle=False):
            windows = tf.data.Dataset.from_tensor_slices(np.asarray(features, dtype="float32"))
            windows = windows.window(window_size, shift=1, drop_remainder=True)
            windows = windows.flat_map(lambda w: w.batch(window_size))
            labels = tf.data.Dataset.from_tensor_slices(np.asarray(target, dtype="float32")[window_size:])
            ds = tf.data.Dataset.zip((windows, labels))
            if shuffle:
                ds = ds.shuffle(10_000)
            return ds.batch(batch_size)
        """, build_multivariate_model="""
        def build_multivariate_model(train_features, train_target, window_size):
            normalise = keras.layers.Normalization(axis=-1)
            normalise.adapt(train_features)
            inputs = keras.Input(shape=(window_size, train_features.shape[-1]))
            x = normalise(inputs)
            x = keras.layers.Flatten()(x)
            x = keras.layers.Dense(1)(x)
            outputs = keras.layers.Rescaling(scale=float(np.std(train_target)),
                                             offset=float(np.mean(train_target)))(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="huber",
                          metrics=["mean_absolute_error"])
            return model
        """),
    correct("tf.keras with keyword arguments, statistics from the array's own methods", make_windows="""
        import tensorflow as tf

        def make_windows(features, target, window_size, batch_size=32, shuffle=False):
            target = np.asarray(target, dtype="float32")
            return tf.keras.utils.timeseries_dataset_from_array(
                np.asarray(features, dtype="float32"), target[window_size:], sequence_length=window_size,
                sequence_stride=1, batch_size=batch_size, shuffle=bool(shuffle), seed=7)
        """, build_multivariate_model="""
        import tensorflow as tf

        def build_multivariate_model(train_features, train_target, window_size):
            n = train_features.shape[-1]
            normaliser = tf.keras.layers.Normalization(axis=-1)
            normaliser.adapt(train_features)
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(window_size, n)),
                normaliser,
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(1),
                tf.keras.layers.Rescaling(scale=train_target.std().item(), offset=train_target.mean().item()),
            ])
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
                          loss=tf.keras.losses.Huber(), metrics=[tf.keras.metrics.MeanAbsoluteError()])
            return model
        """),
    correct("windows by index arithmetic, layers added one by one, loss as a function, sample std",
            make_windows="""
        import tensorflow as tf

        def make_windows(features, target, window_size, batch_size=32, shuffle=False):
            features = np.asarray(features, dtype="float32")
            target = np.asarray(target, dtype="float32")
            starts = np.arange(len(features) - window_size)
            windows = features[starts[:, None] + np.arange(window_size)]
            ds = tf.data.Dataset.from_tensor_slices((windows, target[starts + window_size]))
            if shuffle:
                ds = ds.shuffle(len(starts))
            return ds.batch(batch_size)
        """, build_multivariate_model="""
        def build_multivariate_model(train_features, train_target, window_size):
            norm = keras.layers.Normalization()
            norm.adapt(np.asarray(train_features, dtype="float32"))
            model = keras.Sequential()
            model.add(keras.Input((window_size, train_features.shape[-1])))
            model.add(norm)
            model.add(keras.layers.Flatten())
            model.add(keras.layers.Dense(units=1))
            model.add(keras.layers.Rescaling(float(np.std(train_target, ddof=1)), float(np.mean(train_target))))
            model.compile(optimizer=keras.optimizers.Adam(0.01), loss=keras.losses.huber,
                          metrics=[keras.metrics.mean_absolute_error])
            return model
        """),
    mistake("data=features[:-window_size], as in the Keras docs' example: the last windows go missing",
            loses="multivariate_windows", make_windows="""
        def make_windows(features, target, window_size, batch_size=32, shuffle=False):
            return keras.utils.timeseries_dataset_from_array(
                data=features[:-window_size], targets=target[window_size:], sequence_length=window_size,
                batch_size=batch_size, shuffle=shuffle)
        """),
    mistake("the shuffle argument ignored: validation windows shuffled too", loses="multivariate_windows",
            make_windows="""
        def make_windows(features, target, window_size, batch_size=32, shuffle=False):
            return keras.utils.timeseries_dataset_from_array(
                data=features, targets=target[window_size:], sequence_length=window_size,
                batch_size=batch_size, shuffle=True)
        """),
    # unscaled inputs (precipitation up to 50 mm) keep the linear model from learning well in 30 epochs
    mistake("the Normalization layer is never adapted",
            loses=["multivariate_model_shapes", "multivariate_model_beats_naive"],
            build_multivariate_model="""
        def build_multivariate_model(train_features, train_target, window_size):
            model = keras.Sequential([
                keras.Input(shape=(window_size, train_features.shape[-1])),
                keras.layers.Normalization(axis=-1),
                keras.layers.Flatten(),
                keras.layers.Dense(1),
                keras.layers.Rescaling(scale=float(np.std(train_target)), offset=float(np.mean(train_target))),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """),
    # the Dense layer must then learn the mean temperature by itself: 30 epochs are far from enough
    mistake("no Rescaling at the output: the model answers in standard deviations",
            loses=["multivariate_model_shapes", "multivariate_model_beats_naive"], build_multivariate_model="""
        def build_multivariate_model(train_features, train_target, window_size):
            normalise = keras.layers.Normalization(axis=-1)
            normalise.adapt(train_features)
            model = keras.Sequential([
                keras.Input(shape=(window_size, train_features.shape[-1])),
                normalise,
                keras.layers.Flatten(),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=keras.losses.Huber(),
                          metrics=["mae"])
            return model
        """),
]
