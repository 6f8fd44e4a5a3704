"""Why residual nets train: the lesion study, the ensemble of paths and the loss landscape of trained plain and
residual pairs, in one result per pair that ``experiments/why_residual.py --write`` stores for the page.

The pairs: the 56- and 20-layer plain and residual nets of the stored long degradation run (seed 0, one recipe on
16x16 shapes) and the shipped 20-layer shapes models (32x32 shapes).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch

from resnet_viz.analyses.degradation_models import degradation_data, load_degradation_model
from resnet_viz.analyses.landscape import LossSurface, grid, loss_surface
from resnet_viz.analyses.lesion import (
    BlockSite,
    DeletionPoint,
    LesionSweep,
    ReorderPoint,
    block_sites,
    random_deletions,
    random_reorders,
    single_block_lesions,
)
from resnet_viz.analyses.paths import PathGradients, path_counts, path_gradients
from resnet_viz.analyses.shattered import ShatteredPoint, shattered_sweep
from resnet_viz.analyses.trained import heldout_shapes, load_shapes_model, training_shapes
from resnet_viz.models.cifar import CifarResNet

__all__ = [
    "LIVE_SETTINGS",
    "SHATTERED_DEPTHS",
    "PAIRS",
    "STORED_DIR",
    "STUDIES",
    "LesionSummary",
    "ModelPair",
    "NetStudy",
    "StudySettings",
    "SurfaceSummary",
    "binomial_middle",
    "lesion_summary",
    "per_branch_factor",
    "surface_summary",
    "load_pair_model",
    "load_shattered",
    "load_study",
    "pair_data",
    "run_study",
    "save_shattered",
    "save_study",
    "shattered_study",
    "stored_shattered_path",
    "stored_study_path",
]

STORED_DIR = Path(__file__).with_name("stored_runs")
STUDIES = ("lesion", "deletions", "reorders", "paths", "slice", "surface")
SHATTERED_DEPTHS = (8, 14, 20, 32, 44, 56, 110)
SHATTERED_POINTS = 256


@dataclass(frozen=True)
class ModelPair:
    key: str
    depth: int
    source: str  # "long" (the stored degradation run's nets) or "shipped" (the shapes models)
    image_size: int


PAIRS: dict[str, ModelPair] = {
    "56": ModelPair("56", 56, "long", 16),
    "20": ModelPair("20", 20, "long", 16),
    "shipped20": ModelPair("shipped20", 20, "shipped", 32),
}


def load_pair_model(pair: str, residual: bool) -> CifarResNet:
    """The trained plain or residual net of ``pair`` (a key of :data:`PAIRS`), on the CPU in eval mode."""
    spec = PAIRS[pair]
    if spec.source == "shipped":
        return load_shapes_model("residual" if residual else "plain")
    return load_degradation_model(f"{'ResNet' if residual else 'plain'}-{spec.depth}")


def pair_data(pair: str, *, train_count: int = 512, heldout_count: int = 512) -> dict[str, torch.Tensor]:
    """The images of ``pair``: its first ``train_count`` training images (for the loss landscape, which the paper
    draws on the training loss) and ``heldout_count`` held-out images (for the lesion study)."""
    spec = PAIRS[pair]
    if spec.source == "shipped":
        train, heldout = training_shapes(train_count), heldout_shapes(heldout_count)
    else:
        train, heldout = degradation_data()
        if heldout_count > len(heldout) or train_count > len(train):
            raise ValueError(f"the {pair}-layer pair has {len(train)} training and {len(heldout)} held-out images")
    return {"train_images": train.images[:train_count], "train_labels": train.labels[:train_count],
            "heldout_images": heldout.images[:heldout_count], "heldout_labels": heldout.labels[:heldout_count]}


@dataclass(frozen=True)
class StudySettings:
    """How much work each view gets; the stored defaults are below, a live recompute may use less."""

    heldout_count: int = 512
    train_count: int = 512
    deletion_draws: int = 5
    reorder_swaps: tuple[int, ...] = (0, 1, 2, 4, 8, 16)
    reorder_draws: int = 3
    path_images: int = 64
    path_draws: int = 8
    slice_points: int = 41
    surface_points: int = 21
    span: float = 1.0
    seed: int = 0


# A live recompute measures less than the stored result, so that it ends in well under a minute on two cores.
LIVE_SETTINGS = StudySettings(heldout_count=256, train_count=256, deletion_draws=3, reorder_swaps=(0, 2, 8),
                              reorder_draws=2, path_images=32, path_draws=3, slice_points=21, surface_points=11)


@dataclass
class NetStudy:
    """Every measurement of one trained net."""

    label: str
    residual: bool
    depth: int
    sites: list[BlockSite] = field(default_factory=list)
    lesion: LesionSweep | None = None
    deletions: list[DeletionPoint] = field(default_factory=list)
    reorders: list[ReorderPoint] = field(default_factory=list)
    paths: PathGradients | None = None
    slice: LossSurface | None = None
    surface: LossSurface | None = None


def run_study(model: CifarResNet, data: dict[str, torch.Tensor], settings: StudySettings, *, label: str,
              studies: tuple[str, ...] = STUDIES,
              on_progress: Callable[[str, int, int], None] | None = None) -> NetStudy:
    """Run the chosen ``studies`` on one net; ``on_progress(study, done, total)`` reports as it goes.

    Args:
        model: a trained CIFAR net in eval mode (weights are moved for the landscape and restored).
        data: from :func:`pair_data`.
        settings: the amount of work.
        label: the net's name, e.g. ``"ResNet-56"``.

    Returns:
        A :class:`NetStudy` holding the studies that ran.

    Example:
        >>> study = run_study(load_pair_model("20", True), pair_data("20"), StudySettings(), label="ResNet-20",
        ...                   studies=("lesion",))  # doctest: +SKIP
    """
    unknown = set(studies) - set(STUDIES)
    if unknown:
        raise ValueError(f"unknown studies {sorted(unknown)}; choose from {STUDIES}")
    images, labels = data["heldout_images"], data["heldout_labels"]
    train_images, train_labels = data["train_images"], data["train_labels"]
    study = NetStudy(label, bool(model.residual), int(model.depth), sites=block_sites(model))

    def progress(name: str) -> Callable[[int, int], None] | None:
        return None if on_progress is None else (lambda done, total: on_progress(name, done, total))

    if "lesion" in studies:
        study.lesion = single_block_lesions(model, images, labels, on_progress=progress("lesion"))
    if "deletions" in studies:
        movable = sum(not site.downsamples for site in study.sites)
        study.deletions = random_deletions(model, images, labels, ks=range(1, movable // 2 + 1),
                                           draws=settings.deletion_draws, seed=settings.seed,
                                           on_progress=progress("deletions"))
    if "reorders" in studies:
        study.reorders = random_reorders(model, images, labels, swaps=settings.reorder_swaps,
                                         draws=settings.reorder_draws, seed=settings.seed,
                                         on_progress=progress("reorders"))
    if "paths" in studies:
        count = settings.path_images
        study.paths = path_gradients(model, images[:count], labels[:count], draws=settings.path_draws,
                                     seed=settings.seed, on_progress=progress("paths"))
    if "slice" in studies:
        study.slice = loss_surface(model, train_images, train_labels, xs=grid(settings.span, settings.slice_points),
                                   seed=settings.seed, on_progress=progress("slice"))
    if "surface" in studies:
        axis = grid(settings.span, settings.surface_points)
        study.surface = loss_surface(model, train_images, train_labels, xs=axis, ys=axis, seed=settings.seed,
                                     on_progress=progress("surface"))
    return study


def stored_study_path(pair: str) -> Path:
    return STORED_DIR / f"why_residual_{pair}.json"


def save_study(pair: str, studies: dict[str, NetStudy], settings: StudySettings, source: str,
               path: Path | None = None) -> Path:
    """Write the plain and residual studies of ``pair`` (keys ``"plain"``, ``"residual"``) as JSON."""
    path = Path(path or stored_study_path(pair))
    payload = {"pair": pair, "source": source, "settings": asdict(settings),
               "nets": {kind: asdict(study) for kind, study in studies.items()}}
    path.write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    return path


def _study_from_dict(data: dict) -> NetStudy:
    sites = [BlockSite(**site) for site in data["sites"]]
    lesion = data.get("lesion")
    paths = data.get("paths")
    return NetStudy(
        label=data["label"], residual=bool(data["residual"]), depth=int(data["depth"]), sites=sites,
        lesion=None if lesion is None else LesionSweep([BlockSite(**s) for s in lesion["sites"]],
                                                       lesion["intact_error"], lesion["errors"]),
        deletions=[DeletionPoint(p["k"], p["errors"]) for p in data.get("deletions", [])],
        reorders=[ReorderPoint(p["swaps"], tuple(p["order"]), p["tau"], p["error"]) for p in data.get("reorders", [])],
        paths=None if paths is None else PathGradients(**paths),
        slice=None if data.get("slice") is None else LossSurface(**data["slice"]),
        surface=None if data.get("surface") is None else LossSurface(**data["surface"]),
    )


def load_study(pair: str, path: Path | None = None) -> tuple[dict[str, NetStudy], StudySettings, str]:
    """The stored studies of ``pair``: ({"plain": ..., "residual": ...}, settings, source). Plain JSON only."""
    data = json.loads(Path(path or stored_study_path(pair)).read_text())
    settings = data["settings"]
    settings["reorder_swaps"] = tuple(settings["reorder_swaps"])
    studies = {kind: _study_from_dict(study) for kind, study in data["nets"].items()}
    return studies, StudySettings(**settings), data["source"]


def stored_shattered_path(seed: int = 0) -> Path:
    return STORED_DIR / f"shattered_seed{seed}.json"


def save_shattered(points: list[ShatteredPoint], seed: int, source: str, path: Path | None = None) -> Path:
    """Write a :func:`shattered_study` result (its nets come from ``seed``) as JSON."""
    path = Path(path or stored_shattered_path(seed))
    payload = {"seed": seed, "source": source, "points": [asdict(point) for point in points]}
    path.write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    return path


def load_shattered(seed: int = 0, path: Path | None = None) -> tuple[list[ShatteredPoint], str] | None:
    """The stored :func:`shattered_study` of ``seed`` and its source, or None when none is stored."""
    path = Path(path or stored_shattered_path(seed))
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    points = [ShatteredPoint(int(p["depth"]), bool(p["residual"]), tuple(p["derivative"]), float(p["correlation"]))
              for p in data["points"]]
    return points, data["source"]


@dataclass(frozen=True)
class LesionSummary:
    """The numbers the lesion view states, in fractions."""

    intact: float
    median: float
    worst: float  # the worst non-downsampling block
    worst_block: str
    downsampling: tuple[tuple[str, float], ...]
    near_chance: int  # deletions within 0.1 of chance
    blocks: int
    top_block: str  # the deletion that hurts most, downsampling or not
    top_error: float
    top_downsamples: bool


def lesion_summary(study: NetStudy, chance: float) -> LesionSummary:
    """Median and worst error over the single-block deletions of ``study``, and how many end near chance."""
    sweep = study.lesion
    errors = sorted(sweep.errors)
    middle = len(errors) // 2
    median = errors[middle] if len(errors) % 2 else (errors[middle - 1] + errors[middle]) / 2
    plain_sites = [(s, e) for s, e in zip(sweep.sites, sweep.errors) if not s.downsamples]
    worst_site, worst = max(plain_sites, key=lambda pair: pair[1]) if plain_sites else (sweep.sites[0], 0.0)
    top_site, top_error = max(zip(sweep.sites, sweep.errors), key=lambda pair: pair[1])
    return LesionSummary(
        intact=sweep.intact_error, median=median, worst=worst, worst_block=worst_site.name,
        downsampling=tuple((s.name, e) for s, e in zip(sweep.sites, sweep.errors) if s.downsamples),
        near_chance=sum(e >= chance - 0.1 for e in sweep.errors), blocks=len(sweep.errors),
        top_block=top_site.name, top_error=top_error, top_downsamples=top_site.downsamples,
    )


def per_branch_factor(paths: PathGradients) -> float:
    """exp of the least-squares slope of log(gradient magnitude) against path length: the factor by which one
    more branch multiplies the gradient through a path (below 1: it falls)."""
    points = [(k, math.log(m)) for k, m in zip(paths.lengths, paths.magnitudes) if m > 0 and math.isfinite(m)]
    if len(points) < 2:
        raise ValueError("a trend needs gradients at two path lengths at least")
    mean_k = sum(k for k, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    slope = (sum((k - mean_k) * (y - mean_y) for k, y in points) / sum((k - mean_k) ** 2 for k, _ in points))
    return math.exp(slope)


def binomial_middle(blocks: int, share: float = 0.5) -> tuple[int, int]:
    """The shortest run of path lengths around n/2 that holds at least ``share`` of the 2**n paths."""
    counts = path_counts(blocks)
    total = 2**blocks
    low = high = blocks // 2
    held = counts[low]
    while held < share * total:
        # widen towards the larger neighbour (ties: the shorter side)
        left = counts[low - 1] if low > 0 else -1
        right = counts[high + 1] if high < blocks else -1
        if left >= right:
            low -= 1
            held += counts[low]
        else:
            high += 1
            held += counts[high]
    return low, high


@dataclass(frozen=True)
class SurfaceSummary:
    center: float
    edge: float  # mean loss on the border of the grid
    rough: int  # interior points more than 1 % above the mean of their four neighbours
    cells: int  # interior points


def surface_summary(surface: LossSurface) -> SurfaceSummary:
    """Loss at the centre, mean loss on the border, and a count of local bumps (discrete non-convexity)."""
    grid_values = surface.losses
    rows, cols = len(grid_values), len(grid_values[0])
    border = [grid_values[j][i] for j in range(rows) for i in range(cols)
              if j in (0, rows - 1) or i in (0, cols - 1)]
    rough = cells = 0
    for j in range(1, rows - 1):
        for i in range(1, cols - 1):
            neighbours = (grid_values[j - 1][i] + grid_values[j + 1][i] + grid_values[j][i - 1]
                          + grid_values[j][i + 1]) / 4
            cells += 1
            rough += grid_values[j][i] > 1.01 * neighbours
    return SurfaceSummary(surface.center_loss, sum(border) / len(border), rough, cells)


def shattered_study(*, seed: int = 0, depths: tuple[int, ...] = SHATTERED_DEPTHS,
                    on_progress: Callable[[int, int], None] | None = None) -> list[ShatteredPoint]:
    """Shattered gradients on the long run's data: He-initialised plain and residual nets of each depth (8/16/32
    filters, six classes), batch norm calibrated on 256 training images, the derivative of the first class's
    logit along the line from training image 0 (image A) to training image 1 (image B)."""
    train, _ = degradation_data()
    images = train.images[:256]
    return shattered_sweep(depths, images, train.images[0], train.images[1], points=SHATTERED_POINTS, seed=seed,
                           on_progress=on_progress)
