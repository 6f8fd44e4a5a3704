"""Read back the PNG maps that figures and the stepper send to the browser."""

import base64
import io

import numpy as np
from PIL import Image

PNG_PREFIX = "data:image/png;base64,"


def decode_png(uri: str) -> np.ndarray:
    """(H, W, 3) uint8 pixels of a PNG data URI."""
    assert uri.startswith(PNG_PREFIX), uri[:40]
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(uri[len(PNG_PREFIX):]))).convert("RGB"))
