"""m2_image_classification/05_transfer_learning: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("NumPy iterator and vstack, functional classifier and transfer model, the loss as an instance, "
            "fine-tuning that freezes the layers it keeps",
            extract_features="""
        def extract_features(extractor, dataset):
            features, labels = [], []
            for batch_images, batch_labels in dataset.as_numpy_iterator():
                features.append(extractor.predict(batch_images, verbose=0))
                labels.append(batch_labels)
            return np.vstack(features), np.hstack(labels)
        """, train_feature_classifier="""
        def train_feature_classifier(features, labels):
            inputs = keras.Input(shape=(64,))
            outputs = keras.layers.Dense(3, activation="softmax")(inputs)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                          loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            model.fit(features, labels, epochs=50, batch_size=16, verbose=0)
            return model
        """, build_transfer_model="""
        def build_transfer_model(base):
            base.trainable = False
            inputs = keras.Input(shape=(32, 32, 3))
            x = base(inputs, training=False)
            x = keras.layers.GlobalAveragePooling2D()(x)
            x = keras.layers.Dropout(0.2)(x)
            outputs = keras.layers.Dense(3, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                          loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            return model
        """, fine_tune="""
        def fine_tune(model, base, train_ds, val_ds):
            base.trainable = True
            for layer in base.layers:
                if not layer.name.startswith("block3"):
                    layer.trainable = False
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0001),
                          loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            return model.fit(train_ds, epochs=10, validation_data=val_ds, verbose=0)
        """),
    correct("features with tf.concat, tf.keras models built with add(), the loss as a function, "
            "fine-tuning by the index of the last block",
            extract_features="""
        def extract_features(extractor, dataset):
            all_features, all_labels = [], []
            for x, y in dataset:
                all_features.append(tf.convert_to_tensor(extractor.predict(x, verbose=0)))
                all_labels.append(y)
            return tf.concat(all_features, axis=0).numpy(), tf.concat(all_labels, axis=0).numpy()
        """, train_feature_classifier="""
        def train_feature_classifier(features, labels):
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(64,)))
            model.add(tf.keras.layers.Dense(3, activation=tf.nn.softmax))
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
                          loss=tf.keras.losses.sparse_categorical_crossentropy, metrics=["accuracy"])
            model.fit(x=features, y=labels, epochs=40, verbose=0)
            return model
        """, build_transfer_model="""
        def build_transfer_model(base):
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(32, 32, 3)))
            model.add(base)
            model.add(tf.keras.layers.GlobalAveragePooling2D())
            model.add(tf.keras.layers.Dropout(rate=0.2))
            model.add(tf.keras.layers.Dense(3, activation="softmax"))
            base.trainable = False
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=3e-3),
                          loss=tf.keras.losses.sparse_categorical_crossentropy, metrics=["accuracy"])
            return model
        """, fine_tune="""
        def fine_tune(model, base, train_ds, val_ds):
            base.trainable = True
            first = [layer.name for layer in base.layers].index("block3_conv")
            for layer in base.layers[:first]:
                layer.trainable = False
            model.compile(optimizer=tf.keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            history = model.fit(train_ds, validation_data=val_ds, epochs=10, verbose=0)
            return history
        """),
    correct("labels gathered as a list of numbers, a Softmax layer, all but the last two layers frozen, "
            "a learning rate below 1e-4",
            extract_features="""
        def extract_features(extractor, dataset):
            features, labels = [], []
            for batch in dataset:
                images_in_batch, labels_in_batch = batch
                features.extend(extractor.predict(images_in_batch, verbose=0))
                labels.extend(np.asarray(labels_in_batch).tolist())
            return np.array(features), np.array(labels)
        """, train_feature_classifier="""
        def train_feature_classifier(features, labels):
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(3),
                keras.layers.Softmax(),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            model.fit(features, labels, epochs=45, verbose=0, shuffle=True)
            return model
        """, fine_tune="""
        def fine_tune(model, base, train_ds, val_ds):
            base.trainable = True
            for layer in base.layers[:-2]:  # all but block3_conv and block3_pool
                layer.trainable = False
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=5e-5),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model.fit(train_ds, validation_data=val_ds, epochs=12, verbose=0)
        """),
    mistake("features and labels from two passes over a shuffled dataset",
            loses=["feature_extraction", "feature_classifier_accuracy"], extract_features="""
        def extract_features(extractor, dataset):
            features = extractor.predict(dataset.map(lambda x, y: x), verbose=0)
            labels = np.concatenate([np.asarray(y) for _, y in dataset])
            return features, labels
        """),
    mistake("fine-tuning without compiling again (the learning rate stays 0.003)", loses="fine_tuning",
            fine_tune="""
        def fine_tune(model, base, train_ds, val_ds):
            base.trainable = True
            for layer in base.layers:
                layer.trainable = layer.name.startswith("block3")
            return model.fit(train_ds, validation_data=val_ds, epochs=10, verbose=0)
        """),
    mistake("fine-tuning unfreezes the whole base", loses="fine_tuning", fine_tune="""
        def fine_tune(model, base, train_ds, val_ds):
            base.trainable = True
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model.fit(train_ds, validation_data=val_ds, epochs=10, verbose=0)
        """),
    mistake("fine-tuning with Adam's default learning rate", loses="fine_tuning", fine_tune="""
        def fine_tune(model, base, train_ds, val_ds):
            base.trainable = True
            for layer in base.layers:
                layer.trainable = layer.name.startswith("block3")
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model.fit(train_ds, validation_data=val_ds, epochs=10, verbose=0)
        """),
]
