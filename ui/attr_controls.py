"""The attributions page's controls: the image (a held-out shape, a sample photo or an upload), the class to explain
and each method's parameters, all mirrored into the link."""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st
import torch

from resnet_viz.analyses import attributions as attr
from resnet_viz.data import SAMPLE_IMAGES, ImageError, denormalize, imagenet_preprocess, load_image, sample_image
from ui.attr_runs import HELDOUT_COUNT, IMAGENET_DEFAULTS, choice_label, shapes_images
from ui.errors import error_text
from ui.i18n import translator, translator_or
from ui.params import synced
from ui.text.attributions import TEXT

PHOTO_SOURCES = ("sample", "upload")


def method_params(method: str, domain: str, model: torch.nn.Module, image_side: int) -> dict:
    """Widgets for one method's main parameters, bounded, defaults for the image size, mirrored into the link."""
    text_or = translator_or(TEXT)
    spec = attr.METHODS[method]
    defaults = {**spec.defaults, **(IMAGENET_DEFAULTS.get(method, {}) if domain == "imagenet" else {})}
    values = {}
    columns = st.columns(3)
    for index, (name, default) in enumerate(defaults.items()):
        key, where = f"attr_{domain}_{method}_{name}", columns[index % 3]
        bound, label = spec.bounds.get(name), f"{name}"
        helptext = text_or(f"help_{name}", "") or None
        if name == "layer":  # the key carries the layer count: ResNets with other layer names get a fresh widget
            layers = attr.gradcam_layers(model)
            key = synced(f"{key}_{len(layers)}", layers[0], options=layers)
            values[name] = where.selectbox(label, layers, key=key, help=helptext)
        elif isinstance(default, bool):
            values[name] = where.checkbox(label, key=synced(key, default), help=helptext)
        elif isinstance(default, str):
            values[name] = where.selectbox(label, list(bound), key=synced(key, default, options=list(bound)),
                                           format_func=lambda value, name=name: choice_label(name, value),
                                           help=helptext)
        elif isinstance(default, int):
            high = min(int(bound[1]), image_side) if name in ("window", "stride") else int(bound[1])
            key = synced(key, min(default, high), low=int(bound[0]), high=high)
            values[name] = int(where.number_input(label, min_value=int(bound[0]), max_value=high, step=1, key=key,
                                                  help=helptext))
        else:
            key = synced(key, float(default), low=float(bound[0]), high=float(bound[1]))
            values[name] = float(where.number_input(label, min_value=float(bound[0]), max_value=float(bound[1]),
                                                    step=0.01, key=key, help=helptext))
    return values


def shapes_input() -> tuple[torch.Tensor, str, np.ndarray, int]:
    """One of the held-out shapes, by its index: (image, cache key, mask, true class)."""
    tr = translator(TEXT)
    images, labels, masks = shapes_images()
    key = synced("attr_shape_index", 3, low=0, high=HELDOUT_COUNT - 1)
    index = int(st.number_input(tr("shape_index", last=HELDOUT_COUNT - 1), min_value=0, max_value=HELDOUT_COUNT - 1,
                                step=1, key=key, help=tr("shape_index_help")))
    return torch.from_numpy(images[index]), f"shapes-{index}", masks[index], int(labels[index])


def photo_input() -> tuple[torch.Tensor, str] | None:
    """A sample photo or an upload, resized and cropped as for ImageNet: (image, cache key); None until a file is
    given or when it is refused (the reason is shown)."""
    tr, text_or = translator(TEXT), translator_or(TEXT)
    source = st.radio(tr("photo"), PHOTO_SOURCES, horizontal=True, format_func=lambda s: tr(f"photo_{s}"),
                      key=synced("attr_photo_source", "sample", options=PHOTO_SOURCES))
    if source == "upload":
        upload = st.file_uploader(tr("upload"), type=["png", "jpg", "jpeg", "webp", "bmp", "gif"], key="attr_upload")
        if upload is None:
            st.info(tr("upload_missing"))
            return None
        data = upload.getvalue()
        try:
            image = load_image(data)
        except ImageError as error:
            st.error(tr("upload_bad", error=error_text(error)))
            return None
        key = "upload-" + hashlib.sha256(data).hexdigest()[:16]
    else:
        samples = list(SAMPLE_IMAGES)
        name = st.selectbox(tr("sample"), samples, key=synced("attr_sample", samples[0], options=samples),
                            format_func=lambda n: text_or(f"sample_{n}", SAMPLE_IMAGES[n].title))
        image, key = sample_image(name), f"sample-{name}"
    # Resize 256, centre-crop 224 as torchvision does, then back to pixels in [0, 1].
    return denormalize(imagenet_preprocess(image))[0], key


def target_widget(domain: str, context: str, order: list[int], label_of) -> int:
    """The class to explain: taken from the link once; back to the predicted class when the model or image changes."""
    tr, state = translator(TEXT), st.session_state
    key, seen_key = f"attr_target_{domain}", f"_attr_target_context_{domain}"
    if state.get(seen_key) not in (None, context):
        state[key] = order[0]
    state[seen_key] = context
    synced(key, order[0], low=0, high=len(order) - 1)
    return st.selectbox(tr("target"), order, key=key, format_func=label_of, help=tr("target_help"))
