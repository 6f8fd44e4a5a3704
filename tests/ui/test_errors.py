"""Library errors said in the reader's language, from their codes (no English sentence is parsed)."""

import pytest
import streamlit as st

from resnet_viz.data import ImageError, load_image
from ui.errors import image_error_text
from ui.text.errors import TEXT


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "The image is only 1 x 1 pixels; it needs at least 8 pixels on each side."),
    ("zh", "图像只有 1 x 1 像素；每条边至少需要 8 像素。"),
])
def test_an_image_error_is_said_from_its_code(monkeypatch, lang, expected):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, format="PNG")
    with pytest.raises(ImageError) as caught:
        load_image(buffer.getvalue())
    monkeypatch.setattr(st, "session_state", {"lang": lang})
    assert image_error_text(caught.value) == expected


def test_an_unknown_code_falls_back_with_the_detail(monkeypatch):
    monkeypatch.setattr(st, "session_state", {"lang": "zh"})
    assert image_error_text(ImageError("new_reason", "Something new.")) == "无法使用这张图像（Something new.）。"


def test_every_code_the_library_raises_has_a_text():
    import inspect
    import re

    import resnet_viz.data.images as images

    codes = set(re.findall(r'ImageError\(\s*"(\w+)"', inspect.getsource(images)))
    assert codes == {"empty", "too_big", "too_many_pixels", "bomb", "format", "damaged", "small"}
    assert {f"image_{code}" for code in codes} | {"image_other"} == set(TEXT.tables["en"])
