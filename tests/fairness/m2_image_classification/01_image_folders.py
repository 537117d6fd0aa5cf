"""m2_image_classification/01_image_folders: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("defaults left out, legacy generator imported from tensorflow.keras, Sequential built with add(), "
            "nearest-neighbour resizing",
            load_image_folder="""
        def load_image_folder(directory, image_size=(32, 32), batch_size=32, shuffle=True):
            return keras.utils.image_dataset_from_directory(directory, image_size=image_size,
                                                            batch_size=batch_size, shuffle=shuffle, seed=42)
        """, legacy_image_flow="""
        from tensorflow.keras.preprocessing.image import ImageDataGenerator

        def legacy_image_flow(directory, target_size=(32, 32), batch_size=32, shuffle=True):
            generator = ImageDataGenerator(rescale=1 / 255.0)
            return generator.flow_from_directory(directory, target_size=target_size, class_mode="sparse",
                                                 batch_size=batch_size, shuffle=shuffle, seed=42)
        """, build_preprocessing="""
        def build_preprocessing(image_size=(32, 32)):
            model = keras.Sequential()
            model.add(keras.Input(shape=(None, None, 3)))
            model.add(keras.layers.Resizing(*image_size, interpolation="nearest"))
            model.add(keras.layers.Rescaling(scale=1.0 / 255))
            return model
        """),
    correct("tf.keras everywhere, every argument by keyword, rescaling before resizing, bicubic interpolation",
            load_image_folder="""
        def load_image_folder(directory, image_size=(32, 32), batch_size=32, shuffle=True):
            dataset = tf.keras.utils.image_dataset_from_directory(
                directory=directory, labels="inferred", label_mode="int", class_names=None,
                color_mode="rgb", batch_size=batch_size, image_size=tuple(image_size), shuffle=shuffle,
                seed=42, interpolation="bilinear")
            return dataset
        """, legacy_image_flow="""
        def legacy_image_flow(directory, target_size=(32, 32), batch_size=32, shuffle=True):
            flow = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1.0 / 255.0).flow_from_directory(
                directory=str(directory), target_size=tuple(target_size), color_mode="rgb", class_mode="sparse",
                batch_size=batch_size, shuffle=shuffle, seed=42, interpolation="bilinear")
            return flow
        """, build_preprocessing="""
        def build_preprocessing(image_size=(32, 32)):
            height, width = image_size
            return tf.keras.Sequential([
                tf.keras.Input(shape=(None, None, 3)),
                tf.keras.layers.Rescaling(1.0 / 255),
                tf.keras.layers.Resizing(height=height, width=width, interpolation="bicubic"),
            ])
        """),
    correct("the seed only when shuffling, keras.preprocessing alias, resizing that crops to the aspect ratio",
            load_image_folder="""
        def load_image_folder(directory, image_size=(32, 32), batch_size=32, shuffle=True):
            return keras.preprocessing.image_dataset_from_directory(
                str(directory), image_size=image_size, batch_size=batch_size, shuffle=shuffle,
                seed=42 if shuffle else None, label_mode="int", color_mode="rgb")
        """, build_preprocessing="""
        def build_preprocessing(image_size=(32, 32)):
            return keras.Sequential([
                keras.Input(shape=(None, None, 3)),
                keras.layers.Resizing(image_size[0], image_size[1], crop_to_aspect_ratio=True),
                keras.layers.Rescaling(1 / 255.0),
            ], name="preprocessing")
        """),
    correct("resizing that pads to the aspect ratio, area interpolation",
            build_preprocessing="""
        def build_preprocessing(image_size=(32, 32)):
            return keras.Sequential([
                keras.Input(shape=(None, None, 3)),
                keras.layers.Resizing(*image_size, pad_to_aspect_ratio=True, interpolation="area"),
                keras.layers.Rescaling(1.0 / 255),
            ])
        """),
    mistake("one-hot labels (label_mode='categorical')", loses="image_folder_dataset", load_image_folder="""
        def load_image_folder(directory, image_size=(32, 32), batch_size=32, shuffle=True):
            return keras.utils.image_dataset_from_directory(directory, label_mode="categorical",
                                                            image_size=image_size, batch_size=batch_size,
                                                            shuffle=shuffle, seed=42)
        """),
    mistake("batch_size ignored", loses="image_folder_dataset", load_image_folder="""
        def load_image_folder(directory, image_size=(32, 32), batch_size=32, shuffle=True):
            return keras.utils.image_dataset_from_directory(directory, image_size=image_size,
                                                            shuffle=shuffle, seed=42)
        """),
    mistake("no rescale in the legacy generator", loses="legacy_flow", legacy_image_flow="""
        def legacy_image_flow(directory, target_size=(32, 32), batch_size=32, shuffle=True):
            generator = tf.keras.preprocessing.image.ImageDataGenerator()
            return generator.flow_from_directory(directory, target_size=target_size, class_mode="sparse",
                                                 batch_size=batch_size, shuffle=shuffle, seed=42)
        """),
    mistake("one-hot labels in the legacy flow (class_mode='categorical')", loses="legacy_flow",
            legacy_image_flow="""
        def legacy_image_flow(directory, target_size=(32, 32), batch_size=32, shuffle=True):
            generator = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1.0 / 255)
            return generator.flow_from_directory(directory, target_size=target_size, class_mode="categorical",
                                                 batch_size=batch_size, shuffle=shuffle, seed=42)
        """),
    mistake("resizes to 32x32 whatever image_size says", loses="preprocessing_layers", build_preprocessing="""
        def build_preprocessing(image_size=(32, 32)):
            return keras.Sequential([
                keras.Input(shape=(None, None, 3)),
                keras.layers.Resizing(32, 32),
                keras.layers.Rescaling(1.0 / 255),
            ])
        """),
    mistake("scales to -1..1 instead of 0..1", loses="preprocessing_layers", build_preprocessing="""
        def build_preprocessing(image_size=(32, 32)):
            return keras.Sequential([
                keras.Input(shape=(None, None, 3)),
                keras.layers.Resizing(*image_size),
                keras.layers.Rescaling(1.0 / 127.5, offset=-1),
            ])
        """),
    mistake("rescales twice", loses="preprocessing_layers", build_preprocessing="""
        def build_preprocessing(image_size=(32, 32)):
            return keras.Sequential([
                keras.Input(shape=(None, None, 3)),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.Resizing(*image_size),
                keras.layers.Rescaling(1.0 / 255),
            ])
        """),
]
