"""The feature-map page in AppTest: default answer, payload, layer parts, CIFAR nets, uploads, preset links and
the Chinese interface."""

import io

import numpy as np
import torch
from PIL import Image

from resnet_viz.data import imagenet_preprocess, sample_image
from resnet_viz.models import imagenet_resnet
from tests.pages.apptest import assert_clean, open_link, open_page

STATE = {"settings_device": "cpu", "settings_seed": 0}


def text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def payload(at) -> int:
    """Bytes of the charts and of the HTML panels (the stages' overview) the page sends."""
    return (sum(len(chart.proto.spec) for chart in at.get("plotly_chart"))
            + sum(len(panel.proto.body) for panel in at.get("html")))


def test_default_view_shows_resnet18_conv3_x_beside_its_plain_twin():
    at = open_page("feature_maps", STATE)
    assert at.title[0].value == "Feature maps"
    body = text(at)
    assert "Shape **128 × 28 × 28**" in body and "conv3_x, block 1: block output" in " ".join(
        s.value for s in at.subheader)
    assert "**Size 67 px, stride 8 px**" in body  # 43 + 2*4 (strided conv1) + 2*8 (conv2)
    assert "43 × 43-pixel" in body and "435 × 435 pixels, more than the whole image" in body
    assert len(at.get("plotly_chart")) == 7
    overview, = [h.proto.body for h in at.get("html") if "rv-stages" in h.proto.body]  # panels that wrap on a phone
    assert overview.count("<figure>") == 5 and 'class="rv-key"' in overview  # the input, four stages, one key
    assert "conv5_x: 512 × 7²<br>field 435 px" in overview
    assert payload(at) < 2_000_000
    # the numbers in the statistics table, recomputed with a forward hook on freshly built models
    x = imagenet_preprocess(sample_image("cat"))
    residual = imagenet_resnet(18, seed=0).eval()
    plain = imagenet_resnet(18, residual=False).eval()
    plain.load_state_dict(residual.state_dict(), strict=False)
    means = []
    for model in (residual, plain):
        seen: list[torch.Tensor] = []
        handle = model.layer2[0].register_forward_hook(lambda m, i, out, seen=seen: seen.append(out))
        with torch.no_grad():
            model(x)
        handle.remove()
        means.append(seen[0][0].mean(dim=(1, 2)))
    top = int(means[0].argmax())
    stats = at.dataframe[0].value
    assert stats["net"].tolist() == ["residual", "plain"] and stats["channel"].tolist() == [top, top]
    assert stats["mean"].tolist() == [f"{means[0][top]:.4f}", f"{means[1][top]:.4f}"]

    at.selectbox(key="fm_part").set_value("layer2.0.x + F(x)").run()
    assert_clean(at)
    assert "F(x): a plain block has no x to add" in text(at)
    assert "Signed values" in text(at)
    at.selectbox(key="fm_part").set_value("layer2.0.x").run()
    assert "the block's input: a plain block has no shortcut" in text(at)

    at.slider(key="fm_k").set_value(64).run()
    at.radio(key="fm_order").set_value("top").run()
    at.radio(key="fm_scale").set_value("global").run()
    assert_clean(at)
    assert payload(at) < 2_000_000
    at.selectbox(key="fm_channel").set_value(at.selectbox(key="fm_channel").options[3]).run()
    assert_clean(at)


def test_stem_layers_and_the_largest_maps_stay_small():
    at = open_page("feature_maps", STATE)
    at.selectbox(key="fm_block").set_value("stem").run()
    at.selectbox(key="fm_part").set_value("conv1").run()
    at.slider(key="fm_k").set_value(64).run()
    assert_clean(at)
    assert "Shape **64 × 112 × 112**" in text(at) and "**Size 7 px, stride 2 px**" in text(at)
    assert (at.slider(key="fm_row").value, at.slider(key="fm_col").value) == (56, 56)  # a new size: its centre
    assert payload(at) < 2_000_000


def test_cifar_v2_synthetic_shape():
    at = open_page("feature_maps", STATE)
    at.radio(key="fm_family").set_value("cifar").run()
    at.radio(key="fm_preact").set_value("v2").run()
    at.radio(key="fm_source").set_value("shape").run()
    at.selectbox(key="fm_shape").set_value("ring").run()
    assert_clean(at)
    # stage 1 ends at 15 px; the strided conv1 adds 2 * 1, conv2 then 2 * 2
    assert "Shape **32 × 16 × 16**" in text(at) and "**Size 21 px, stride 2 px**" in text(at)
    assert any("stage 2, block 1" in s.value for s in at.subheader)
    assert any("v2, option A" in c.value for c in at.caption)


def test_uploads_good_and_bad():
    at = open_page("feature_maps", STATE)
    at.radio(key="fm_source").set_value("upload").run()
    assert_clean(at)
    assert any("cat is shown" in i.value for i in at.info)
    at.file_uploader(key="fm_upload").set_value(("broken.png", b"not an image at all", "image/png")).run()
    assert_clean(at)
    assert any("not an image format" in e.value for e in at.error)
    buffer = io.BytesIO()
    Image.fromarray(np.full((40, 60, 3), 200, dtype=np.uint8)).save(buffer, format="PNG")
    at.file_uploader(key="fm_upload").set_value(("grey.png", buffer.getvalue(), "image/png")).run()
    assert_clean(at)
    assert not at.error and "Shape **128 × 28 × 28**" in text(at)


def bad_upload(at) -> None:
    at.radio(key="fm_source").set_value("upload").run()
    at.file_uploader(key="fm_upload").set_value(("broken.png", b"not an image at all", "image/png")).run()
    assert_clean(at)


def test_a_preset_link_opens_the_same_view_and_bad_values_are_refused():
    query = {"settings_device": "cpu", "fm_family": "cifar", "fm_cifar_depth": "32", "fm_preact": "v2",
             "fm_source": "shape", "fm_shape": "ring", "fm_block": "layer3.1", "fm_part": "layer3.1.F(x)",
             "fm_order": "first", "fm_channel": "5", "fm_row": "3", "fm_col": "5",
             "fm_k": "99", "fm_scale": "loud"}  # the last two are refused
    at = open_link("feature_maps", query)
    assert at.radio(key="fm_family").value == "cifar" and at.selectbox(key="fm_cifar_depth").value == 32
    assert at.radio(key="fm_preact").value == "v2" and at.selectbox(key="fm_shape").value == "ring"
    assert at.selectbox(key="fm_block").value == "layer3.1" and at.selectbox(key="fm_part").value == "layer3.1.F(x)"
    assert at.radio(key="fm_order").value == "first" and at.selectbox(key="fm_channel").value == 5
    assert (at.slider(key="fm_row").value, at.slider(key="fm_col").value) == (3, 5)
    assert at.slider(key="fm_k").value == 16 and at.radio(key="fm_scale").value == "local"  # the defaults
    warnings = " ".join(w.value for w in at.warning)
    assert "'99'" in warnings and "'loud'" in warnings
    assert "stage 3, block 2: F(x)" in " ".join(s.value for s in at.subheader)
    assert "Shape **64 × 8 × 8**" in text(at)


def test_the_page_in_chinese():
    at = open_page("feature_maps", {**STATE, "lang": "zh"})
    assert at.title[0].value == "特征图"
    assert "conv3_x，第 1 个块：块的输出" in " ".join(s.value for s in at.subheader)
    assert "形状 **128 × 28 × 28**" in text(at) and "**大小 67 像素，步幅 8 像素**" in text(at)
    assert at.dataframe[0].value["网络"].tolist() == ["残差网络", "普通网络"]
    bad_upload(at)
    assert any("无法识别这个文件的图像格式" in e.value for e in at.error)


def test_cached_pretrained_weights_are_the_default_and_missing_ones_are_offered(tmp_path, monkeypatch):
    """No weights on the machine: the random model, said so, with a download beside the charts. Weights in
    torchvision's cache (a fake file here): used by default, and the page says which weights it shows."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))
    at = open_page("feature_maps", STATE)
    captions = " ".join(c.value for c in at.caption)
    assert "random He-initialised weights (seed 0): it has learnt nothing" in captions
    assert at.button(key="fm_download_weights").label == "Download pretrained ResNet-18 weights (45 MB)"
    from resnet_viz.models.weights import pretrained_cache_path

    path = pretrained_cache_path(18)
    path.parent.mkdir(parents=True)
    torch.save(imagenet_resnet(18, seed=5).state_dict(), path)
    cached = open_page("feature_maps", STATE)
    captions = " ".join(c.value for c in cached.caption)
    assert "ResNet-18 with torchvision's pretrained ImageNet weights" in captions
    assert not [b for b in cached.button if b.key == "fm_download_weights"]
    offline = open_page("feature_maps", {**STATE, "settings_model_source": "random"})
    assert "random He-initialised weights" in " ".join(c.value for c in offline.caption)
