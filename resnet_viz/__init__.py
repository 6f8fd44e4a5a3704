"""resnet_viz: residual networks explained with real PyTorch models.

The library behind the app; it imports no streamlit. Submodules load on first use so that
``import resnet_viz`` stays fast::

    from resnet_viz.models import imagenet_resnet, cifar_resnet
    from resnet_viz import figures
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = ("analyses", "data", "device", "figures", "models")
__all__ = ["__version__", *_SUBMODULES]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"resnet_viz.{name}")
    raise AttributeError(f"module 'resnet_viz' has no attribute {name!r}")
