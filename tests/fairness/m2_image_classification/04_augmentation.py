"""m2_image_classification/04_augmentation: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("augmentation built with add(), functional CNN calling it, Dropout(0.4), "
            "the loss as an instance, the callback made inside fit",
            build_augmentation="""
        def build_augmentation():
            augmentation = keras.Sequential()
            augmentation.add(keras.layers.RandomFlip("horizontal_and_vertical"))
            augmentation.add(keras.layers.RandomRotation(0.3))
            augmentation.add(keras.layers.RandomZoom(0.2))
            augmentation.add(keras.layers.RandomContrast(0.2))
            return augmentation
        """, build_augmented_cnn="""
        def build_augmented_cnn():
            inputs = keras.Input(shape=(32, 32, 3))
            x = build_augmentation()(inputs)
            x = keras.layers.Rescaling(1.0 / 255)(x)
            x = keras.layers.Conv2D(32, 3, activation="relu")(x)
            x = keras.layers.MaxPooling2D()(x)
            x = keras.layers.Conv2D(64, 3, activation="relu")(x)
            x = keras.layers.MaxPooling2D()(x)
            x = keras.layers.Flatten()(x)
            x = keras.layers.Dropout(0.4)(x)
            x = keras.layers.Dense(128, activation="relu")(x)
            outputs = keras.layers.Dense(3, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(),
                          metrics=["accuracy"])
            return model
        """, train_augmented_cnn="""
        def train_augmented_cnn(model, train_ds, val_ds):
            return model.fit(
                train_ds, validation_data=val_ds, epochs=60, verbose=0,
                callbacks=[keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=20, start_from_epoch=20,
                                                         restore_best_weights=True)])
        """),
    correct("tf.keras layers, the augmentation layers written out in the model, the loss as a function",
            build_augmentation="""
        import tensorflow as tf

        def build_augmentation():
            return tf.keras.Sequential([
                tf.keras.layers.RandomFlip(mode="horizontal_and_vertical"),
                tf.keras.layers.RandomRotation(factor=0.25),
                tf.keras.layers.RandomZoom(height_factor=0.3),
                tf.keras.layers.RandomBrightness(factor=0.2),
            ])
        """, build_augmented_cnn="""
        def build_augmented_cnn():
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(32, 32, 3)),
                tf.keras.layers.RandomFlip("horizontal_and_vertical"),
                tf.keras.layers.RandomRotation(0.25),
                tf.keras.layers.RandomZoom(0.3),
                tf.keras.layers.RandomBrightness(0.2),
                tf.keras.layers.Rescaling(1.0 / 255),
                tf.keras.layers.Conv2D(32, 3, activation=tf.nn.relu),
                tf.keras.layers.MaxPooling2D(2),
                tf.keras.layers.Conv2D(64, 3, activation=tf.nn.relu),
                tf.keras.layers.MaxPooling2D(2),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dropout(rate=0.5),
                tf.keras.layers.Dense(128, activation="relu"),
                tf.keras.layers.Dense(3, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss=tf.keras.losses.sparse_categorical_crossentropy,
                          metrics=["accuracy"])
            return model
        """),
    correct("a model built with add(), dropout before the output too, translation among the augmentations",
            build_augmentation="""
        def build_augmentation():
            return keras.Sequential([
                keras.layers.RandomFlip(),
                keras.layers.RandomRotation(0.2),
                keras.layers.RandomTranslation(0.1, 0.1),
                keras.layers.RandomZoom((-0.25, 0.25)),
            ], name="augment")
        """, build_augmented_cnn="""
        def build_augmented_cnn():
            model = keras.Sequential(name="augmented_cnn")
            model.add(keras.Input(shape=(32, 32, 3)))
            model.add(build_augmentation())
            model.add(keras.layers.Rescaling(1 / 255.0))
            model.add(keras.layers.Conv2D(32, (3, 3), activation="relu"))
            model.add(keras.layers.MaxPooling2D((2, 2)))
            model.add(keras.layers.Conv2D(64, (3, 3), activation="relu"))
            model.add(keras.layers.MaxPooling2D((2, 2)))
            model.add(keras.layers.Flatten())
            model.add(keras.layers.Dropout(0.5))
            model.add(keras.layers.Dense(128, activation="relu"))
            model.add(keras.layers.Dropout(0.2))
            model.add(keras.layers.Dense(3, activation="softmax"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """, train_augmented_cnn="""
        def train_augmented_cnn(model, train_ds, val_ds):
            early_stopping = keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=20,
                                                           start_from_epoch=20, restore_best_weights=True)
            history = model.fit(train_ds, epochs=60, validation_data=val_ds, callbacks=[early_stopping],
                                verbose=0)
            return history
        """),
    mistake("Rescaling inside the augmentation model", loses="augmentation_pipeline", build_augmentation="""
        def build_augmentation():
            return keras.Sequential([
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.RandomFlip("horizontal_and_vertical"),
                keras.layers.RandomRotation(0.25),
                keras.layers.RandomZoom(0.3),
            ])
        """, build_augmented_cnn="""
        def build_augmented_cnn():
            model = keras.Sequential([
                keras.Input(shape=(32, 32, 3)),
                build_augmentation(),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Flatten(),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(3, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("augmentation layers whose factors are 0", loses="augmentation_pipeline", build_augmentation="""
        def build_augmentation():
            return keras.Sequential([
                keras.layers.RandomRotation(0.0),
                keras.layers.RandomZoom(0.0),
            ])
        """, build_augmented_cnn="""
        def build_augmented_cnn():
            model = keras.Sequential([
                keras.Input(shape=(32, 32, 3)),
                build_augmentation(),
                keras.layers.RandomFlip("horizontal_and_vertical"),
                keras.layers.RandomRotation(0.25),
                keras.layers.RandomZoom(0.3),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Flatten(),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(3, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("no Dropout layer", loses="augmented_cnn_architecture", build_augmented_cnn="""
        def build_augmented_cnn():
            model = keras.Sequential([
                keras.Input(shape=(32, 32, 3)),
                build_augmentation(),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Flatten(),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(3, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("trains for 8 epochs only", loses="augmented_cnn_no_overfitting", train_augmented_cnn="""
        def train_augmented_cnn(model, train_ds, val_ds):
            return model.fit(train_ds, validation_data=val_ds, epochs=8, verbose=0)
        """),
]
