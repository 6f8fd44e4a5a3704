"""The default run opens no network connection: every page at its defaults, with sockets watched."""

import socket

import pytest

from tests.browser.server import PAGES
from tests.pages.apptest import open_page


@pytest.fixture
def no_network(monkeypatch):
    attempts = []
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1")):
            return real_connect(self, address)
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)
        attempts.append(address)
        raise OSError(f"network access attempted during an offline test: {address}")

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in (None, "localhost", "127.0.0.1", "::1"):
            attempts.append(host)
            raise socket.gaierror(f"DNS lookup attempted during an offline test: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts


def test_every_page_default_view_is_offline(no_network):
    for path, _heading in PAGES:
        open_page(path or "home")
    assert no_network == []


def test_the_guard_catches_a_download(no_network):
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen("https://download.pytorch.org/models/resnet18-f37072fd.pth", timeout=5)
    assert no_network


def test_pretrained_weights_fail_cleanly_offline(no_network, monkeypatch, tmp_path):
    from resnet_viz.models.weights import WeightsUnavailable, pretrained_state_dict

    monkeypatch.setenv("TORCH_HOME", str(tmp_path))  # no cached copy to fall back on
    with pytest.raises(WeightsUnavailable, match="offline"):
        pretrained_state_dict(18)


def test_pretrained_option_offline_warns_and_falls_back(no_network, monkeypatch, tmp_path):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    at = open_page("feature_maps", {"settings_model_source": "pretrained"})
    warnings = " ".join(w.value for w in at.warning)
    assert "could not be downloaded" in warnings and "randomly initialised" in warnings
    assert at.get("plotly_chart") or at.get("image")  # the page carries on with the built-in model
