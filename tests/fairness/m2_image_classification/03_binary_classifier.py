"""m2_image_classification/03_binary_classifier: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("functional CNN with the loss as an instance, logs[...] after a membership test, "
            "callbacks before epochs, model(...) instead of predict",
            build_face_cnn="""
        def build_face_cnn():
            inputs = keras.Input(shape=(32, 32, 1))
            x = keras.layers.Rescaling(1.0 / 255)(inputs)
            x = keras.layers.Conv2D(16, (3, 3), activation="relu")(x)
            x = keras.layers.MaxPooling2D((2, 2))(x)
            x = keras.layers.Conv2D(32, (3, 3), activation="relu")(x)
            x = keras.layers.MaxPooling2D((2, 2))(x)
            x = keras.layers.Flatten()(x)
            x = keras.layers.Dense(32, activation="relu")(x)
            outputs = keras.layers.Dense(1, activation="sigmoid")(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.BinaryCrossentropy(),
                          metrics=["accuracy"])
            return model
        """, stop_at_val_accuracy_callback="""
        class StopAtValAccuracy(keras.callbacks.Callback):
            \"\"\"Stop training as soon as the validation accuracy reaches `target`.\"\"\"

            def __init__(self, target=0.95):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                \"\"\"Called by Keras after every epoch, with that epoch's results in `logs`.\"\"\"
                if logs is not None and "val_accuracy" in logs and logs["val_accuracy"] >= self.target:
                    print("target reached, stopping")
                    self.model.stop_training = True
        """, train_face_cnn="""
        def train_face_cnn(model, train_ds, val_ds):
            stop = StopAtValAccuracy(target=0.95)
            history = model.fit(train_ds, callbacks=[stop], validation_data=val_ds, epochs=30, verbose=0)
            return history
        """, predict_face_probability="""
        def predict_face_probability(model, path):
            image = keras.utils.load_img(path, color_mode="grayscale", target_size=(32, 32), interpolation="bilinear")
            array = keras.utils.img_to_array(image)
            probability = model(array[np.newaxis, ...], training=False)
            return float(np.asarray(probability).ravel()[0])
        """),
    correct("tf.keras CNN built with add(), three blocks with same padding, loss as a function, "
            "the callback reads logs.get() and compares with not <, image loaded with tf.keras and PIL's array",
            build_face_cnn="""
        import tensorflow as tf

        def build_face_cnn():
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(32, 32, 1)))
            model.add(tf.keras.layers.Rescaling(scale=1.0 / 255))
            for filters in (8, 16, 32):
                model.add(tf.keras.layers.Conv2D(filters, 3, padding="same", activation=tf.nn.relu))
                model.add(tf.keras.layers.MaxPooling2D())
            model.add(tf.keras.layers.Flatten())
            model.add(tf.keras.layers.Dense(64, activation="relu"))
            model.add(tf.keras.layers.Dense(1, activation=tf.nn.sigmoid))
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001),
                          loss=tf.keras.losses.binary_crossentropy, metrics=["accuracy"])
            return model
        """, stop_at_val_accuracy_callback="""
        class StopAtValAccuracy(keras.callbacks.Callback):
            \"\"\"Stop training as soon as the validation accuracy reaches `target`.\"\"\"

            def __init__(self, target=0.95):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                \"\"\"Called by Keras after every epoch, with that epoch's results in `logs`.\"\"\"
                accuracy = (logs or {}).get("val_accuracy")
                if accuracy is not None and not accuracy < self.target:
                    print(f"Epoch {epoch + 1}: val_accuracy {accuracy:.3f}, stopping")
                    self.model.stop_training = True
        """, predict_face_probability="""
        def predict_face_probability(model, path):
            image = tf.keras.utils.load_img(str(path), color_mode="grayscale", target_size=(32, 32),
                                            interpolation="bilinear")
            batch = np.array(image, dtype="float32").reshape(1, 32, 32, 1)
            return model.predict(batch, verbose=0).item()
        """),
    correct("Dense(64), the metric as an instance named accuracy, nearest-neighbour resizing when loading a file",
            build_face_cnn="""
        def build_face_cnn():
            model = keras.Sequential([
                keras.Input(shape=(32, 32, 1)),
                keras.layers.Rescaling(1 / 255.0),
                keras.layers.Conv2D(16, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Flatten(),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy",
                          metrics=[keras.metrics.BinaryAccuracy(name="accuracy")])
            return model
        """, train_face_cnn="""
        def train_face_cnn(model, train_ds, val_ds):
            return model.fit(train_ds, epochs=30, verbose=0, validation_data=val_ds,
                             callbacks=[StopAtValAccuracy(0.95)])
        """, predict_face_probability="""
        def predict_face_probability(model, path):
            image = keras.utils.load_img(path, color_mode="grayscale", target_size=(32, 32))
            batch = np.expand_dims(keras.utils.img_to_array(image), 0)
            prediction = model.predict(batch, verbose=0)
            return float(prediction[0][0])
        """),
    mistake("the callback stops only beyond the target (> instead of >=)", loses="stop_at_val_accuracy",
            stop_at_val_accuracy_callback="""
        class StopAtValAccuracy(keras.callbacks.Callback):
            \"\"\"Stop training as soon as the validation accuracy reaches `target`.\"\"\"

            def __init__(self, target=0.95):
                super().__init__()
                self.target = target

            def on_epoch_end(self, epoch, logs=None):
                \"\"\"Called by Keras after every epoch, with that epoch's results in `logs`.\"\"\"
                if logs.get("val_accuracy", 0) > self.target:
                    print("stopping")
                    self.model.stop_training = True
        """),
    mistake("divides the pixels by 255 although the model rescales them", loses="predict_image_file",
            predict_face_probability="""
        def predict_face_probability(model, path):
            image = keras.utils.load_img(path, color_mode="grayscale", target_size=(32, 32), interpolation="bilinear")
            batch = np.expand_dims(keras.utils.img_to_array(image) / 255.0, axis=0)
            return float(model.predict(batch, verbose=0)[0, 0])
        """),
    mistake("loads the file in colour", loses="predict_image_file", predict_face_probability="""
        def predict_face_probability(model, path):
            image = keras.utils.load_img(path, target_size=(32, 32), interpolation="bilinear")
            batch = np.expand_dims(keras.utils.img_to_array(image), axis=0)
            return float(model.predict(batch, verbose=0)[0, 0])
        """),
    mistake("returns the prediction array, not a float", loses="predict_image_file", predict_face_probability="""
        def predict_face_probability(model, path):
            image = keras.utils.load_img(path, color_mode="grayscale", target_size=(32, 32), interpolation="bilinear")
            return model.predict(np.expand_dims(keras.utils.img_to_array(image), axis=0), verbose=0)
        """),
    mistake("trains without the validation data", loses="face_cnn_accuracy", train_face_cnn="""
        def train_face_cnn(model, train_ds, val_ds):
            return model.fit(train_ds, epochs=30, verbose=0, callbacks=[StopAtValAccuracy(0.95)])
        """),
]
