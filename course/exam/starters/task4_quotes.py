# %% [markdown]
# # Task 4 of 5: a text classifier on real text
#
# `tech_quotes.json` is a JSON list of records, like the sarcasm headlines file of the exam: each
# has a `text` (a quotation) and `about_computers` (1 if the quotation comes from the computing
# files of Debian's fortunes, else 0). Read the file yourself, then build and train a classifier.
# The exam's usual settings: a vocabulary of 1000 words, embeddings of 16 dimensions, sequences of
# 120 tokens, truncated and padded at the end, an out-of-vocabulary token.
#
# **Your model must** take raw text, one string per row, shape `(None, 1)` of dtype string (put
# the `TextVectorization` layer inside the model), and give one probability per text, shape
# `(None, 1)`: the chance that it is about computers. Save it as `task4_quotes.keras` and run
# `course exam score 4`: it is scored by its accuracy on quotations it has never seen.

# %%
import json

import keras
import numpy as np

from course import data

path = data.path("tech_quotes")
print(path)

# %%
# TODO: read the JSON file at `path` into a list of texts and an array of labels
texts, labels = None, None

# %%
# TODO: adapt a TextVectorization layer (1000 words, 120 tokens) to the training texts only
# TODO: build a model that takes raw strings, shape (1,) of dtype "string", and gives one probability
model = None

# %%
model.save("task4_quotes.keras")
