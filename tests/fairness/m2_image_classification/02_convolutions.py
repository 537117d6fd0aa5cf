"""m2_image_classification/02_convolutions: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("sliding windows and einsum, functional CNN with valid padding and the loss as an instance",
            apply_filter="""
        def apply_filter(image, kernel):
            image = np.asarray(image, dtype=np.float32)
            kernel = np.asarray(kernel, dtype=np.float32)
            windows = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)
            return np.einsum("ijkl,kl->ij", windows, kernel)
        """, build_texture_cnn="""
        def build_texture_cnn():
            inputs = keras.Input(shape=(32, 32, 3))
            x = keras.layers.Rescaling(1.0 / 255)(inputs)
            x = keras.layers.Conv2D(16, (3, 3), activation="relu")(x)
            x = keras.layers.MaxPooling2D()(x)
            x = keras.layers.Conv2D(32, (3, 3), activation="relu")(x)
            x = keras.layers.MaxPooling2D()(x)
            x = keras.layers.Flatten()(x)
            x = keras.layers.Dense(64, activation="relu")(x)
            outputs = keras.layers.Dense(3, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(),
                          metrics=["accuracy"])
            return model
        """, train_texture_cnn="""
        def train_texture_cnn(model, train_ds, val_ds):
            history = model.fit(train_ds, epochs=25, validation_data=val_ds, verbose=0)
            return history
        """),
    correct("loops over the kernel instead of the image, tf.keras CNN built with add(), "
            "softmax as its own layer, the loss as a function",
            apply_filter="""
        def apply_filter(image, kernel):
            image = np.array(image, dtype="float64")
            kernel = np.array(kernel, dtype="float64")
            kh, kw = kernel.shape
            height, width = image.shape
            out = np.zeros((height - kh + 1, width - kw + 1))
            for a in range(kh):
                for b in range(kw):
                    out += kernel[a, b] * image[a:a + height - kh + 1, b:b + width - kw + 1]
            return out
        """, build_texture_cnn="""
        def build_texture_cnn():
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(32, 32, 3)))
            model.add(tf.keras.layers.Rescaling(1.0 / 255))
            for filters in (16, 32, 64):
                model.add(tf.keras.layers.Conv2D(filters, kernel_size=3, padding="same", activation=tf.nn.relu))
                model.add(tf.keras.layers.MaxPooling2D(pool_size=(2, 2)))
            model.add(tf.keras.layers.Flatten())
            model.add(tf.keras.layers.Dense(64, activation="relu"))
            model.add(tf.keras.layers.Dense(3))
            model.add(tf.keras.layers.Activation("softmax"))
            model.compile(optimizer="adam", loss=tf.keras.losses.sparse_categorical_crossentropy,
                          metrics=["accuracy"])
            return model
        """, train_texture_cnn="""
        def train_texture_cnn(model, train_ds, val_ds):
            return model.fit(train_ds, validation_data=val_ds, epochs=15)
        """),
    correct("list comprehension, four blocks of 32 filters, dropout, a Softmax layer, the metric as an instance",
            apply_filter="""
        def apply_filter(image, kernel):
            kh, kw = np.shape(kernel)
            rows = np.shape(image)[0] - kh + 1
            cols = np.shape(image)[1] - kw + 1
            return np.array([[float((np.asarray(image)[i:i + kh, j:j + kw] * np.asarray(kernel)).sum())
                              for j in range(cols)] for i in range(rows)])
        """, build_texture_cnn="""
        def build_texture_cnn():
            layers = [keras.Input(shape=(32, 32, 3)), keras.layers.Rescaling(scale=1 / 255)]
            for _ in range(4):
                layers += [keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
                           keras.layers.MaxPooling2D(pool_size=2)]
            layers += [keras.layers.Flatten(), keras.layers.Dropout(0.2), keras.layers.Dense(32, activation="relu"),
                       keras.layers.Dense(3), keras.layers.Softmax()]
            model = keras.Sequential(layers)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.002),
                          loss="sparse_categorical_crossentropy",
                          metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
            return model
        """, train_texture_cnn="""
        def train_texture_cnn(model, train_ds, val_ds):
            return model.fit(train_ds, validation_data=val_ds, epochs=22, verbose=2)
        """),
    mistake("the kernel flipped (a true convolution)", loses="apply_filter_matches_conv2d", apply_filter="""
        def apply_filter(image, kernel):
            image = np.asarray(image, dtype="float32")
            kernel = np.asarray(kernel, dtype="float32")[::-1, ::-1]
            kh, kw = kernel.shape
            out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1), dtype="float32")
            for i in range(out.shape[0]):
                for j in range(out.shape[1]):
                    out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
            return out
        """),
    mistake("one row and one column short (range(height - kh))", loses="apply_filter_matches_conv2d",
            apply_filter="""
        def apply_filter(image, kernel):
            image = np.asarray(image, dtype="float32")
            kernel = np.asarray(kernel, dtype="float32")
            kh, kw = kernel.shape
            out = np.zeros((image.shape[0] - kh, image.shape[1] - kw), dtype="float32")
            for i in range(image.shape[0] - kh):
                for j in range(image.shape[1] - kw):
                    out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
            return out
        """),
    mistake("a large dense layer on barely pooled feature maps (over 500,000 parameters)",
            loses="texture_cnn_architecture", build_texture_cnn="""
        def build_texture_cnn():
            model = keras.Sequential([
                keras.Input(shape=(32, 32, 3)),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Flatten(),
                keras.layers.Dense(256, activation="relu"),
                keras.layers.Dense(3, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("trains for 3 epochs", loses="texture_cnn_accuracy", train_texture_cnn="""
        def train_texture_cnn(model, train_ds, val_ds):
            return model.fit(train_ds, validation_data=val_ds, epochs=3, verbose=0)
        """),
]
