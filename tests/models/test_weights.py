import io
import pickle

import pytest
import torch
from safetensors.torch import save as save_safetensors

from resnet_viz.models import cifar_resnet
from resnet_viz.models.weights import CheckpointError, load_checkpoint, read_state_dict


def torch_bytes(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


class _RunsCode:
    """Unpickling this would call os.system and create a file."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.path}",))


def test_round_trip_torch_and_safetensors():
    source = cifar_resnet(8, seed=1)
    for data, name in [(torch_bytes(source.state_dict()), "w.pt"),
                       (save_safetensors({k: v.contiguous() for k, v in source.state_dict().items()}),
                        "w.safetensors")]:
        target = load_checkpoint(cifar_resnet(8, seed=2), data, filename=name)
        assert all(torch.equal(a, b) for a, b in zip(source.state_dict().values(), target.state_dict().values()))


def test_prefixed_and_wrapped_state_dicts():
    state = cifar_resnet(8).state_dict()
    wrapped = {"state_dict": {f"module.{k}": v for k, v in state.items()}}
    assert set(read_state_dict(torch_bytes(wrapped))) == set(state)


def test_malicious_pickle_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    payload = pickle.dumps({"conv1.weight": _RunsCode(marker)})
    with pytest.raises(CheckpointError, match="weights-only"):
        read_state_dict(payload)
    buffer = io.BytesIO()
    torch.save({"x": torch.zeros(1)}, buffer)
    with pytest.raises(CheckpointError):
        read_state_dict(torch_bytes(_RunsCode(marker)))
    assert not marker.exists()


def test_mismatch_lists_keys_and_shapes():
    state = cifar_resnet(8).state_dict()
    state.pop("fc.bias")
    state["conv1.weight"] = torch.zeros(4, 3, 3, 3)
    state["extra.weight"] = torch.zeros(1)
    with pytest.raises(CheckpointError) as error:
        load_checkpoint(cifar_resnet(8), torch_bytes(state))
    assert error.value.code == "mismatch"
    assert {k: error.value.params[k] for k in ("missing", "unexpected", "wrong_shape")} == {
        "missing": 1, "unexpected": 1, "wrong_shape": 1}
    assert error.value.params["names"] == "fc.bias; extra.weight; conv1.weight (4, 3, 3, 3) != (16, 3, 3, 3)"


@pytest.mark.parametrize("data", [b"", b"garbage bytes", torch_bytes([1, 2, 3]), torch_bytes({"a": 1})])
def test_not_a_state_dict(data):
    with pytest.raises(CheckpointError):
        read_state_dict(data)


# ------------------------------------------------------------------ torchvision's pretrained weights, cached or not


@pytest.fixture
def torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))
    return tmp_path / "torch-home"


def fake_weights(seed: int = 7) -> dict:
    from resnet_viz.models import imagenet_resnet

    return imagenet_resnet(18, seed=seed).state_dict()


def test_cached_pretrained_weights_load_without_a_network(torch_home):
    from resnet_viz.models.weights import pretrained_cache_path, pretrained_is_cached, pretrained_state_dict

    assert not pretrained_is_cached(18)
    path = pretrained_cache_path(18)
    assert path == torch_home / "hub" / "checkpoints" / "resnet18-f37072fd.pth"
    path.parent.mkdir(parents=True)
    fake = fake_weights()
    torch.save(fake, path)
    assert pretrained_is_cached(18) and not pretrained_is_cached(34)
    loaded = pretrained_state_dict(18)
    assert loaded.keys() == fake.keys() and all(torch.equal(loaded[k], fake[k]) for k in fake)


def test_download_checks_the_hash_in_the_name_and_reports_failures(torch_home, tmp_path, monkeypatch):
    import hashlib
    from types import SimpleNamespace

    import resnet_viz.models.weights as weights

    source = tmp_path / "weights.pth"
    torch.save(fake_weights(), source)
    with pytest.raises(weights.WeightsUnavailable):
        weights.download_pretrained(18, url=(tmp_path / "absent.pth").as_uri())
    with pytest.raises(weights.WeightsUnavailable, match="checksum"):
        weights.download_pretrained(18, url=source.as_uri())  # not the real file: its hash is not f37072fd...
    assert not weights.pretrained_is_cached(18)
    assert not list((torch_home / "hub" / "checkpoints").iterdir())  # no partial file left behind
    # a file whose name carries its own hash prefix downloads, with progress, into torchvision's cache
    prefix = hashlib.sha256(source.read_bytes()).hexdigest()[:8]
    monkeypatch.setattr(weights, "_weights", lambda depth: SimpleNamespace(
        url=f"https://example.invalid/resnet{depth}-{prefix}.pth", meta={"_file_size": 0.5}))
    seen = []
    path = weights.download_pretrained(18, url=source.as_uri(), progress=lambda done, total: seen.append(done))
    assert path.name == f"resnet18-{prefix}.pth" and weights.pretrained_is_cached(18)
    assert seen[-1] == source.stat().st_size
