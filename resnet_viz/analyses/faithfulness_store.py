"""The stored default of the faithfulness views: written by ``experiments/faithfulness.py --write``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from resnet_viz.analyses.faithfulness import CascadeResult, FaithfulnessResult

__all__ = ["CASCADE_IMAGES", "CURVE_IMAGES", "STEPS", "StoredFaithfulness", "load_stored", "stored_path"]

CURVE_IMAGES = 100  # held-out images for the deletion and insertion curves
CASCADE_IMAGES = 20  # held-out images for cascading randomisation
STEPS = 16  # points along each curve after the start


@dataclass(frozen=True)
class StoredFaithfulness:
    curves: FaithfulnessResult
    cascade: CascadeResult
    source: str
    seconds: dict


def stored_path(model: str) -> Path:
    return Path(__file__).with_name("stored_runs") / f"faithfulness_shapes-{model}.json"


def load_stored(model: str) -> StoredFaithfulness | None:
    """The stored result for a shipped shapes model (``"residual"`` or ``"plain"``), None when not stored."""
    path = stored_path(model)
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    return StoredFaithfulness(curves=FaithfulnessResult.from_dict(data["curves"]),
                              cascade=CascadeResult.from_dict(data["cascade"]), source=data["source"],
                              seconds=data["seconds"])
