# %% [markdown]
# # Task 3 of 5: a CNN on real photos
#
# Photos of three textures (brick, grass, gravel), one folder per class, under `train/` and
# `validation/`. Read them from the folders, then build and train a convolutional network.
#
# **Your model must** take 32x32 colour photos of raw pixel values (0 to 255), shape
# `(None, 32, 32, 3)`, and give three probabilities, shape `(None, 3)`, in the order brick, grass,
# gravel (the folders' alphabetical order). Any scaling belongs inside the model. Save it as
# `task3_textures.keras` and run `course exam score 3`: it is scored by its accuracy on photos it
# has never seen.

# %%
import keras

from course import images

folder = images.folder("textures")
print(images.describe(folder))

# %%
# TODO: read train/ and validation/ with keras.utils.image_dataset_from_directory at 32x32
train = None
validation = None

# %%
# TODO: build a CNN that takes (32, 32, 3) raw pixels and gives 3 probabilities, compile it and train it
model = None

# %%
model.save("task3_textures.keras")
