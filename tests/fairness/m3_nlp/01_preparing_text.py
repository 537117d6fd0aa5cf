"""m3_nlp/01_preparing_text: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("tf.keras layers with output_mode spelt out, keras.utils.pad_sequences, labels from np.unique",
            make_vectorizer="""
        import tensorflow as tf

        def make_vectorizer(texts, max_tokens, sequence_length):
            layer = tf.keras.layers.TextVectorization(max_tokens=max_tokens, output_mode="int",
                                                      output_sequence_length=sequence_length)
            layer.adapt(texts)
            return layer
        """, legacy_encode="""
        def legacy_encode(train_texts, texts, num_words, maxlen):
            tokenizer = Tokenizer(num_words=num_words, oov_token="<OOV>")
            tokenizer.fit_on_texts(list(train_texts))
            padded = keras.utils.pad_sequences(tokenizer.texts_to_sequences(list(texts)), maxlen=maxlen,
                                               padding="post", truncating="post")
            return tokenizer, padded
        """, make_label_lookup="""
        import tensorflow as tf

        def make_label_lookup(categories):
            return tf.keras.layers.StringLookup(vocabulary=list(np.unique(np.asarray(categories))),
                                                num_oov_indices=0)
        """),
    correct("adapted on a batched tf.data dataset, Series.unique for the labels",
            make_vectorizer="""
        def make_vectorizer(texts, max_tokens, sequence_length):
            vectorizer = keras.layers.TextVectorization(max_tokens, output_sequence_length=sequence_length)
            vectorizer.adapt(tf.data.Dataset.from_tensor_slices(np.asarray(texts)).batch(128))
            return vectorizer
        """, make_label_lookup="""
        import pandas as pd

        def make_label_lookup(categories):
            names = sorted(pd.Series(categories).unique())
            return keras.layers.StringLookup(vocabulary=names, num_oov_indices=0, output_mode="int")
        """),
    correct("sequences padded by hand with NumPy, labels from a set comprehension",
            make_vectorizer="""
        def make_vectorizer(texts, max_tokens, sequence_length):
            vectorizer = keras.layers.TextVectorization(
                max_tokens=max_tokens,
                standardize="lower_and_strip_punctuation",
                split="whitespace",
                output_sequence_length=sequence_length,
            )
            vectorizer.adapt(list(texts))
            return vectorizer
        """, legacy_encode="""
        def legacy_encode(train_texts, texts, num_words, maxlen):
            tokenizer = Tokenizer(num_words=num_words, oov_token="<OOV>")
            tokenizer.fit_on_texts(train_texts)
            padded = np.zeros((len(texts), maxlen), dtype="int32")
            for row, sequence in enumerate(tokenizer.texts_to_sequences(texts)):
                sequence = sequence[:maxlen]
                padded[row, :len(sequence)] = sequence
            return tokenizer, padded
        """, make_label_lookup="""
        def make_label_lookup(categories):
            vocabulary = sorted({str(category) for category in categories})
            return keras.layers.StringLookup(vocabulary=vocabulary, num_oov_indices=0)
        """),
    mistake("the vectorizer is never adapted", loses="vectorizer_vocabulary_and_length", make_vectorizer="""
        def make_vectorizer(texts, max_tokens, sequence_length):
            return keras.layers.TextVectorization(max_tokens=max_tokens, output_sequence_length=sequence_length)
        """),
    mistake("two tokens added for padding and [UNK] on top of max_tokens",
            loses="vectorizer_vocabulary_and_length", make_vectorizer="""
        def make_vectorizer(texts, max_tokens, sequence_length):
            vectorizer = keras.layers.TextVectorization(max_tokens=max_tokens + 2,
                                                        output_sequence_length=sequence_length)
            vectorizer.adapt(texts)
            return vectorizer
        """),
    mistake("padding at the end but truncating at the start (the default)",
            loses="legacy_tokenizer_and_padding", legacy_encode="""
        def legacy_encode(train_texts, texts, num_words, maxlen):
            tokenizer = Tokenizer(num_words=num_words, oov_token="<OOV>")
            tokenizer.fit_on_texts(train_texts)
            padded = pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=maxlen, padding="post")
            return tokenizer, padded
        """),
    mistake("no oov_token: unknown words are dropped", loses="legacy_tokenizer_and_padding", legacy_encode="""
        def legacy_encode(train_texts, texts, num_words, maxlen):
            tokenizer = Tokenizer(num_words=num_words)
            tokenizer.fit_on_texts(train_texts)
            padded = pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=maxlen, padding="post",
                                   truncating="post")
            return tokenizer, padded
        """),
    mistake("the label lookup keeps its out-of-vocabulary slot", loses="label_lookup", make_label_lookup="""
        def make_label_lookup(categories):
            return keras.layers.StringLookup(vocabulary=sorted(set(categories)))
        """),
]
