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
    text = str(error.value)
    assert "1 missing: fc.bias" in text and "1 unexpected: extra.weight" in text
    assert "conv1.weight (4, 3, 3, 3) != (16, 3, 3, 3)" in text


@pytest.mark.parametrize("data", [b"", b"garbage bytes", torch_bytes([1, 2, 3]), torch_bytes({"a": 1})])
def test_not_a_state_dict(data):
    with pytest.raises(CheckpointError):
        read_state_dict(data)
