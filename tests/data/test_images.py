import io

import numpy as np
import pytest
import torch
from PIL import Image

from resnet_viz.data import SAMPLE_IMAGES, ImageError, image_to_tensor, imagenet_preprocess, load_image, sample_image


def encode(image: Image.Image, fmt: str = "PNG", **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(SAMPLE_IMAGES))
def test_samples_load_offline_as_rgb(name):
    image = sample_image(name)
    assert image.mode == "RGB" and min(image.size) >= 200


def test_png_round_trip_keeps_pixels():
    array = np.random.default_rng(0).integers(0, 255, (20, 30, 3), dtype=np.uint8)
    image = load_image(encode(Image.fromarray(array)))
    assert image.size == (30, 20) and np.array_equal(np.asarray(image), array)


@pytest.mark.parametrize("mode", ["L", "RGBA", "P", "CMYK", "I;16", "LA", "1"])
def test_modes_are_converted_to_rgb(mode):
    image = Image.new("RGB", (16, 12), (200, 50, 25)).convert(mode)
    fmt = "TIFF" if mode == "CMYK" else "PNG"
    assert load_image(encode(image, fmt)).mode == "RGB"


def test_rgba_composited_on_white():
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert np.asarray(load_image(encode(image)))[0, 0].tolist() == [255, 255, 255]


def test_sixteen_bit_range_is_scaled_not_clipped():
    array = np.linspace(0, 65535, 16 * 16).astype(np.uint16).reshape(16, 16)
    out = np.asarray(load_image(encode(Image.fromarray(array))))
    assert out.min() == 0 and out.max() == 255


def test_exif_rotation_applied():
    image = Image.new("RGB", (40, 20), (10, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise on display
    assert load_image(encode(image, "JPEG", exif=exif)).size == (20, 40)


def test_animated_gif_first_frame():
    frames = [Image.new("RGB", (12, 12), colour) for colour in [(255, 0, 0), (0, 0, 255)]]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    pixel = np.asarray(load_image(buffer.getvalue()))[0, 0]
    assert pixel[0] > 200 and pixel[2] < 50


@pytest.mark.parametrize(
    "data, message, code, params",
    [
        (b"", "empty", "empty", {}),
        (b"this is not an image at all", "not an image", "format", {}),
        (encode(Image.new("RGB", (64, 64)))[:60], "damaged or truncated", "damaged", None),
        (encode(Image.new("RGB", (1, 1))), "at least", "small", {"width": 1, "height": 1, "minimum": 8}),
    ],
)
def test_bad_uploads_get_clear_messages_and_codes(data, message, code, params):
    with pytest.raises(ImageError, match=message) as caught:
        load_image(data)
    assert caught.value.code == code
    if params is not None:
        assert caught.value.params == params


def test_decompression_bomb_refused_before_decoding():
    with pytest.raises(ImageError, match="limit") as caught:
        load_image(encode(Image.new("L", (4000, 3000))), max_pixels=1_000_000)
    assert caught.value.code == "too_many_pixels"
    assert caught.value.params == {"width": "4,000", "height": "3,000", "limit": "1,000,000"}


def test_size_limit():
    with pytest.raises(ImageError, match="limit is") as caught:
        load_image(b"x" * 2000, max_bytes=1000)
    assert (caught.value.code, caught.value.params) == ("too_big", {"size": "0.0", "limit": "0"})


def test_transforms():
    batch = imagenet_preprocess(sample_image("cat"))
    assert batch.shape == (1, 3, 224, 224) and batch.dtype == torch.float32
    small = image_to_tensor(Image.new("RGB", (100, 50), (255, 0, 0)), 64)
    assert small.shape == (3, 64, 64) and torch.allclose(small[0], torch.ones(64, 64))


@pytest.mark.parametrize("size, accepted", [((8, 8), True), ((7, 200), False), ((200, 7), False), ((8, 200), True),
                                            ((200, 8), True)])
def test_the_minimum_side_is_checked_on_each_side_at_its_edge(size, accepted):
    """Both sides are checked against the limit, from both sides of it (a check on the longer side fails here)."""
    data = encode(Image.new("RGB", size, (10, 20, 30)))
    if accepted:
        assert load_image(data).size == size
    else:
        with pytest.raises(ImageError, match="at least 8 pixels on each side"):
            load_image(data)
