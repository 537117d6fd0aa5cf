"""m2_image_classification/06_exam_practice: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("os.path.join with the defaults written out and a seed, the functional API calling a preprocessing "
            "Sequential (Resizing, Rescaling, flip and rotation), padding=\"same\", the loss and optimizer as "
            "objects, the callback made inside fit, keras.saving to save and reload",
            load_image_folders="""
        import os

        def load_image_folders(directory, image_size=IMAGE_SIZE, batch_size=BATCH_SIZE):
            train_ds = keras.utils.image_dataset_from_directory(
                os.path.join(directory, "train"), labels="inferred", label_mode="int", image_size=image_size,
                batch_size=batch_size, seed=42)
            val_ds = keras.utils.image_dataset_from_directory(
                os.path.join(directory, "validation"), labels="inferred", label_mode="int", image_size=image_size,
                batch_size=batch_size, seed=42)
            return train_ds, val_ds
        """, build_emoji_model="""
        def build_emoji_model(num_classes, input_size=IMAGE_SIZE, model_size=MODEL_SIZE):
            preprocessing = keras.Sequential([
                keras.layers.Resizing(model_size[0], model_size[1]),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.RandomFlip("horizontal"),
                keras.layers.RandomRotation(0.05),
            ], name="preprocessing")
            inputs = keras.Input(shape=(input_size[0], input_size[1], 3))
            x = preprocessing(inputs)
            for filters in (16, 32, 64):
                x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
                x = keras.layers.MaxPooling2D()(x)
            x = keras.layers.Flatten()(x)
            x = keras.layers.Dropout(0.3)(x)
            x = keras.layers.Dense(64, activation="relu")(x)
            outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                          loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            return model
        """, train_emoji_model="""
        emoji_model = build_emoji_model(NUM_CLASSES)
        emoji_history = emoji_model.fit(
            train_ds, epochs=20, validation_data=val_ds, verbose=2,
            callbacks=[keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=4, restore_best_weights=True)])
        os.makedirs(os.path.dirname(MODEL_FILE), exist_ok=True)
        keras.saving.save_model(emoji_model, MODEL_FILE)
        emoji_reloaded = keras.saving.load_model(MODEL_FILE)
        """),
    correct("tf.keras everywhere, str(directory) + \"/train\", a model built with add(), Rescaling(1 / 127.5, "
            "offset=-1), the loss as a function, an EarlyStopping with mode=\"max\"",
            load_image_folders="""
        def load_image_folders(directory, image_size=IMAGE_SIZE, batch_size=BATCH_SIZE):
            train_ds = tf.keras.utils.image_dataset_from_directory(str(directory) + "/train", image_size=image_size,
                                                                   batch_size=batch_size)
            val_ds = tf.keras.utils.image_dataset_from_directory(str(directory) + "/validation",
                                                                 image_size=image_size, batch_size=batch_size)
            return train_ds, val_ds
        """, build_emoji_model="""
        def build_emoji_model(num_classes, input_size=IMAGE_SIZE, model_size=MODEL_SIZE):
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(*input_size, 3)))
            model.add(tf.keras.layers.Resizing(height=model_size[0], width=model_size[1]))
            model.add(tf.keras.layers.Rescaling(scale=1 / 127.5, offset=-1))
            model.add(tf.keras.layers.RandomFlip(mode="horizontal"))
            model.add(tf.keras.layers.RandomZoom(height_factor=0.1))
            model.add(tf.keras.layers.Conv2D(16, (3, 3), activation="relu"))
            model.add(tf.keras.layers.MaxPooling2D(pool_size=(2, 2)))
            model.add(tf.keras.layers.Conv2D(32, (3, 3), activation="relu"))
            model.add(tf.keras.layers.MaxPooling2D(pool_size=(2, 2)))
            model.add(tf.keras.layers.Conv2D(64, (3, 3), activation="relu"))
            model.add(tf.keras.layers.MaxPooling2D(pool_size=(2, 2)))
            model.add(tf.keras.layers.Flatten())
            model.add(tf.keras.layers.Dropout(0.3))
            model.add(tf.keras.layers.Dense(64, activation="relu"))
            model.add(tf.keras.layers.Dense(num_classes, activation="softmax"))
            model.compile(optimizer="adam", loss=tf.keras.losses.sparse_categorical_crossentropy,
                          metrics=["accuracy"])
            return model
        """, train_emoji_model="""
        model = build_emoji_model(NUM_CLASSES)
        early_stop = tf.keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=4,
                                                      restore_best_weights=True)
        emoji_history = model.fit(train_ds, validation_data=val_ds, epochs=20, callbacks=[early_stop], verbose=2)
        Path(MODEL_FILE).parent.mkdir(parents=True, exist_ok=True)
        model.save(MODEL_FILE)
        emoji_reloaded = tf.keras.models.load_model(MODEL_FILE)
        """),
    correct("the two folders read in a loop, a list of layers with flip, rotation and zoom, (3, 3) kernels, "
            "Dense(128), the optimizer as an instance",
            load_image_folders="""
        def load_image_folders(directory, image_size=IMAGE_SIZE, batch_size=BATCH_SIZE):
            datasets = []
            for split in ["train", "validation"]:
                datasets.append(keras.utils.image_dataset_from_directory(
                    Path(directory).joinpath(split), image_size=image_size, batch_size=batch_size))
            return datasets[0], datasets[1]
        """, build_emoji_model="""
        def build_emoji_model(num_classes, input_size=IMAGE_SIZE, model_size=MODEL_SIZE):
            height, width = model_size
            model = keras.Sequential([
                keras.layers.Input(shape=(input_size[0], input_size[1], 3)),
                keras.layers.Resizing(height, width),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.RandomFlip("horizontal"),
                keras.layers.RandomRotation(0.05),
                keras.layers.RandomZoom(0.1),
                keras.layers.Conv2D(16, (3, 3), activation="relu"),
                keras.layers.MaxPooling2D(2, 2),
                keras.layers.Conv2D(32, (3, 3), activation="relu"),
                keras.layers.MaxPooling2D(2, 2),
                keras.layers.Conv2D(64, (3, 3), activation="relu"),
                keras.layers.MaxPooling2D(2, 2),
                keras.layers.Flatten(),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer=keras.optimizers.Adam(), loss="sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            return model
        """),
    correct("two convolution blocks, the least the exercise allows, of 16 and 32 filters",
            build_emoji_model="""
        def build_emoji_model(num_classes, input_size=IMAGE_SIZE, model_size=MODEL_SIZE):
            model = keras.Sequential([
                keras.Input(shape=(*input_size, 3)),
                keras.layers.Resizing(*model_size),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.RandomFlip("horizontal"),
                keras.layers.Conv2D(16, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Flatten(),
                keras.layers.Dropout(0.3),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("images resized outside the model: the folders read at MODEL_SIZE, the model without Resizing",
            loses=["emoji_model_layers", "saved_model_accuracy"], build_emoji_model="""
        def build_emoji_model(num_classes, input_size=IMAGE_SIZE, model_size=MODEL_SIZE):
            model = keras.Sequential([
                keras.Input(shape=(*model_size, 3)),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.RandomFlip("horizontal"),
                keras.layers.RandomZoom(0.1),
                keras.layers.Conv2D(16, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Flatten(),
                keras.layers.Dropout(0.3),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """, train_emoji_model="""
        train_ds, val_ds = load_image_folders(emoji_dir, image_size=MODEL_SIZE)
        emoji_model = build_emoji_model(NUM_CLASSES)
        best = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=4, restore_best_weights=True)
        emoji_history = emoji_model.fit(train_ds, validation_data=val_ds, epochs=20, callbacks=[best], verbose=0)
        Path(MODEL_FILE).parent.mkdir(parents=True, exist_ok=True)
        emoji_model.save(MODEL_FILE)
        emoji_reloaded = keras.models.load_model(MODEL_FILE)
        """),
    mistake("load_image_folders reads every folder at 200 x 200, whatever its image_size", loses="folders_loaded",
            load_image_folders="""
        def load_image_folders(directory, image_size=IMAGE_SIZE, batch_size=BATCH_SIZE):
            train_ds = keras.utils.image_dataset_from_directory(directory / "train", image_size=(200, 200),
                                                                batch_size=batch_size)
            val_ds = keras.utils.image_dataset_from_directory(directory / "validation", image_size=(200, 200),
                                                              batch_size=batch_size)
            return train_ds, val_ds
        """),
    mistake("an output of 6 units, whatever num_classes", loses="emoji_model_layers", build_emoji_model="""
        def build_emoji_model(num_classes, input_size=IMAGE_SIZE, model_size=MODEL_SIZE):
            model = keras.Sequential([
                keras.Input(shape=(*input_size, 3)),
                keras.layers.Resizing(*model_size),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.RandomFlip("horizontal"),
                keras.layers.RandomZoom(0.1),
                keras.layers.Conv2D(16, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Flatten(),
                keras.layers.Dropout(0.3),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(6, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("the model saved before it is trained", loses="saved_model_accuracy", train_emoji_model="""
        emoji_model = build_emoji_model(NUM_CLASSES)
        Path(MODEL_FILE).parent.mkdir(parents=True, exist_ok=True)
        emoji_model.save(MODEL_FILE)
        emoji_reloaded = keras.models.load_model(MODEL_FILE)
        best = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=4, restore_best_weights=True)
        emoji_history = emoji_model.fit(train_ds, validation_data=val_ds, epochs=20, callbacks=[best], verbose=0)
        """),
]
