import os
import tempfile
from pathlib import Path

import pytest

# Hermetic downloads: whatever this machine has cached (torchvision's pretrained weights, CIFAR-10), the tests see
# empty caches, so the app takes its offline default path; a test that wants a cached file writes a fake one.
os.environ["TORCH_HOME"] = tempfile.mkdtemp(prefix="resnet_viz-torch-home-")
os.environ["RESNET_VIZ_DATA"] = tempfile.mkdtemp(prefix="resnet_viz-data-")

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
