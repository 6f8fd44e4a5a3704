"""Built-in data: sample photos, validated uploads, transforms, a synthetic shapes dataset; CIFAR-10 on request."""

from resnet_viz.data.cifar import CIFAR10_CLASSES, CifarError, cifar10_status, download_cifar10, load_cifar10
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
    "CIFAR10_CLASSES",
    "CifarError",
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "ImageError",
    "MAX_IMAGE_PIXELS",
    "MAX_UPLOAD_BYTES",
    "SAMPLE_IMAGES",
    "SHAPE_CLASSES",
    "ShapesDataset",
    "cifar10_status",
    "denormalize",
    "download_cifar10",
    "image_to_tensor",
    "imagenet_categories",
    "imagenet_preprocess",
    "load_cifar10",
    "load_image",
    "make_shapes",
    "sample_image",
]
