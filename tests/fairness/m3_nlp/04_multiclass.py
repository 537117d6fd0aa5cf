"""m3_nlp/04_multiclass: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("functional API, loss as a function, fit with positional data and mode='max', names decoded from bytes",
            build_multiclass_model="""
        def build_multiclass_model(vocab_size, sequence_length, num_classes):
            inputs = keras.Input(shape=(sequence_length,))
            x = keras.layers.Embedding(vocab_size, 32, mask_zero=True)(inputs)
            x = keras.layers.LSTM(32)(x)
            x = keras.layers.Dropout(0.3)(x)
            outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer="adam", loss=keras.losses.sparse_categorical_crossentropy, metrics=["accuracy"])
            return model
        """, train_multiclass="""
        def train_multiclass(x_train, y_train, x_val, y_val):
            model = build_multiclass_model(VOCAB_SIZE, SEQUENCE_LENGTH, NUM_CLASSES)
            early_stopping = keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=2,
                                                           restore_best_weights=True)
            history = model.fit(x_train, y_train, 64, 12, 0, [early_stopping], validation_data=(x_val, y_val))
            return model, history
        """, predict_categories="""
        def predict_categories(model, texts):
            probabilities = model.predict(vectorizer(np.array(texts)), verbose=0)
            ids = np.argmax(probabilities, axis=-1)
            return [name.decode("utf-8") for name in class_names(ids).numpy()]
        """),
    correct("tf.keras objects: instances of Adam, the loss and EarlyStopping; keyword fit; names with tolist()",
            build_multiclass_model="""
        import tensorflow as tf

        def build_multiclass_model(vocab_size, sequence_length, num_classes):
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(sequence_length,)))
            model.add(tf.keras.layers.Embedding(input_dim=vocab_size, output_dim=32, mask_zero=True))
            model.add(tf.keras.layers.LSTM(units=32))
            model.add(tf.keras.layers.Dropout(rate=0.3))
            model.add(tf.keras.layers.Dense(units=num_classes, activation=tf.nn.softmax))
            model.compile(optimizer=tf.keras.optimizers.Adam(),
                          loss=tf.keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            return model
        """, train_multiclass="""
        import tensorflow as tf

        def train_multiclass(x_train, y_train, x_val, y_val):
            model = build_multiclass_model(VOCAB_SIZE, SEQUENCE_LENGTH, NUM_CLASSES)
            callbacks = [tf.keras.callbacks.EarlyStopping(patience=2, monitor="val_accuracy",
                                                          restore_best_weights=True)]
            history = model.fit(x=x_train, y=y_train, epochs=12, batch_size=64, verbose=0,
                                validation_data=(x_val, y_val), callbacks=callbacks)
            return model, history
        """, predict_categories="""
        import tensorflow as tf

        def predict_categories(model, texts):
            sequences = vectorizer(tf.constant(list(texts)))
            ids = np.argmax(model.predict(sequences, verbose=0), axis=1)
            return class_names(ids).numpy().astype(str).tolist()
        """),
    correct("the callbacks as a tuple, predictions mapped to names one by one", train_multiclass="""
        def train_multiclass(x_train, y_train, x_val, y_val):
            stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, restore_best_weights=True,
                                                 verbose=0)
            model = build_multiclass_model(VOCAB_SIZE, SEQUENCE_LENGTH, NUM_CLASSES)
            history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=12, batch_size=64,
                                callbacks=(stop,), verbose=0)
            return model, history
        """, predict_categories="""
        def predict_categories(model, texts):
            probabilities = model.predict(vectorizer(np.asarray(texts)), verbose=0)
            names = []
            for row in probabilities:
                names.append(str(class_names(np.argmax(row)).numpy().decode()))
            return names
        """),
    mistake("EarlyStopping left on its default monitor, val_loss", loses="multiclass_heldout_accuracy",
            train_multiclass="""
        def train_multiclass(x_train, y_train, x_val, y_val):
            model = build_multiclass_model(VOCAB_SIZE, SEQUENCE_LENGTH, NUM_CLASSES)
            stop = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
            history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=12, batch_size=64,
                                callbacks=[stop], verbose=0)
            return model, history
        """),
    mistake("EarlyStopping without restore_best_weights: the last epoch's weights are kept",
            loses="multiclass_heldout_accuracy", train_multiclass="""
        def train_multiclass(x_train, y_train, x_val, y_val):
            model = build_multiclass_model(VOCAB_SIZE, SEQUENCE_LENGTH, NUM_CLASSES)
            stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2)
            history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=12, batch_size=64,
                                callbacks=[stop], verbose=0)
            return model, history
        """),
    mistake("no mask_zero and no Dropout", loses="multiclass_model_shapes", build_multiclass_model="""
        def build_multiclass_model(vocab_size, sequence_length, num_classes):
            model = keras.Sequential([
                keras.Input(shape=(sequence_length,)),
                keras.layers.Embedding(vocab_size, 32),
                keras.layers.LSTM(32),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("category names left as bytes", loses="predict_category_names", predict_categories="""
        def predict_categories(model, texts):
            probabilities = model.predict(vectorizer(np.asarray(texts)), verbose=0)
            return list(class_names(np.argmax(probabilities, axis=-1)).numpy())
        """),
]
