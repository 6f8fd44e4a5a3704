"""Built-in data: sample photos, validated uploads, transforms and a synthetic shapes dataset."""

from resnet_viz.data.images import (
    MAX_IMAGE_PIXELS,
    MAX_UPLOAD_BYTES,
    SAMPLE_IMAGES,
    ImageError,
    load_image,
    sample_image,
)
from resnet_viz.data.shapes import SHAPE_CLASSES, ShapesDataset, make_shapes
from resnet_viz.data.transforms import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    denormalize,
    image_to_tensor,
    imagenet_categories,
    imagenet_preprocess,
)

__all__ = [
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "ImageError",
    "MAX_IMAGE_PIXELS",
    "MAX_UPLOAD_BYTES",
    "SAMPLE_IMAGES",
    "SHAPE_CLASSES",
    "ShapesDataset",
    "denormalize",
    "image_to_tensor",
    "imagenet_categories",
    "imagenet_preprocess",
    "load_image",
    "make_shapes",
    "sample_image",
]
