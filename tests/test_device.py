import torch

from resnet_viz.device import DEVICE_ENV_VAR, available_devices, choose_device


def test_cpu_always_available_and_fallback(monkeypatch):
    assert "cpu" in available_devices()
    assert choose_device("cpu") == torch.device("cpu")
    assert choose_device("no-such-device") == torch.device(available_devices()[0])
    monkeypatch.setenv(DEVICE_ENV_VAR, "cpu")
    assert choose_device() == torch.device("cpu")
    monkeypatch.setenv(DEVICE_ENV_VAR, "auto")
    expected = "cuda" if torch.cuda.is_available() else available_devices()[0]
    assert choose_device().type == expected
