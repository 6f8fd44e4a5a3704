"""Built-in sample photos (shipped inside installed packages) and validated loading of uploads."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from resnet_viz.errors import ReportedError

__all__ = [
    "ImageError",
    "MAX_IMAGE_PIXELS",
    "MAX_UPLOAD_BYTES",
    "MIN_IMAGE_SIDE",
    "SAMPLE_IMAGES",
    "load_image",
    "sample_image",
]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo is fine; a decompression bomb is not
MIN_IMAGE_SIDE = 8


class ImageError(ReportedError):
    """An upload that cannot be used as an image; ``code`` says why and ``params`` holds its numbers."""

    DOMAIN = "image"
    MESSAGES: ClassVar[Mapping[str, str]] = {
        "empty": "The file is empty (0 bytes).",
        "too_big": "The file is {size} MB; the limit is {limit} MB.",
        "too_many_pixels": "The image is {width} x {height} pixels; the limit is {limit} pixels in all.",
        "bomb": "The image is too large to decode safely (possible decompression bomb).",
        "format": "This file is not an image format we can read (try PNG or JPEG).",
        "damaged": "The image file is damaged or truncated ({kind}).",
        "small": "The image is only {width} x {height} pixels; it needs at least {minimum} pixels on each side.",
    }


@dataclass(frozen=True)
class _Sample:
    title: str
    credit: str
    loader: Callable[[], Image.Image]


def _skimage(name: str) -> Callable[[], Image.Image]:
    def load() -> Image.Image:
        from skimage import data

        return Image.fromarray(getattr(data, name)())

    return load


def _matplotlib(filename: str) -> Callable[[], Image.Image]:
    def load() -> Image.Image:
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "sample_data" / filename
        with Image.open(path) as image:
            return image.convert("RGB")

    return load


SAMPLE_IMAGES: dict[str, _Sample] = {
    "cat": _Sample("Chelsea the cat", "scikit-image sample data (CC0)", _skimage("chelsea")),
    "coffee": _Sample("A cup of coffee", "scikit-image sample data (CC0)", _skimage("coffee")),
    "astronaut": _Sample("Astronaut Eileen Collins", "scikit-image sample data (NASA, public domain)",
                         _skimage("astronaut")),
    "grace_hopper": _Sample("Grace Hopper", "matplotlib sample data (public domain)",
                            _matplotlib("grace_hopper.jpg")),
    "rocket": _Sample("A rocket launch", "scikit-image sample data (public domain)", _skimage("rocket")),
}


def sample_image(name: str) -> Image.Image:
    """One of :data:`SAMPLE_IMAGES` as an RGB PIL image."""
    if name not in SAMPLE_IMAGES:
        raise KeyError(f"unknown sample image {name!r}; choose from {sorted(SAMPLE_IMAGES)}")
    return SAMPLE_IMAGES[name].loader().convert("RGB")


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit / float grayscale: scale the actual range to 8 bits instead of clipping at 255.
        array = np.asarray(image, dtype=np.float64)
        low, high = float(array.min()), float(array.max())
        scaled = np.zeros_like(array) if high <= low else (array - low) / (high - low) * 255.0
        return Image.fromarray(scaled.astype(np.uint8)).convert("RGB")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


def load_image(data: bytes | io.BytesIO, *, max_bytes: int = MAX_UPLOAD_BYTES,
               max_pixels: int = MAX_IMAGE_PIXELS) -> Image.Image:
    """Decode an uploaded file into an RGB image or raise :class:`ImageError` with a clear reason.

    EXIF orientation is applied, palette / grayscale / CMYK / 16-bit / alpha images are converted,
    and an animated image contributes its first frame.
    """
    raw = data.getvalue() if isinstance(data, io.BytesIO) else bytes(data)
    if len(raw) == 0:
        raise ImageError("empty")
    if len(raw) > max_bytes:
        size, limit = f"{len(raw) / 1e6:.1f}", f"{max_bytes / 1e6:.0f}"
        raise ImageError("too_big", size=size, limit=limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            width, height = image.size
            if width * height > max_pixels:
                raise ImageError("too_many_pixels", width=f"{width:,}", height=f"{height:,}", limit=f"{max_pixels:,}")
            if getattr(image, "n_frames", 1) > 1:
                image = next(ImageSequence.Iterator(image))
            image.load()
            image = ImageOps.exif_transpose(image) or image
            image = _to_rgb(image)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("bomb") from None
    except UnidentifiedImageError:
        raise ImageError("format") from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        kind = type(error).__name__
        raise ImageError("damaged", kind=kind) from None
    if min(image.size) < MIN_IMAGE_SIDE:
        raise ImageError("small", width=image.size[0], height=image.size[1], minimum=MIN_IMAGE_SIDE)
    return image
