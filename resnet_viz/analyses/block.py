"""The worked residual block of article 000, run stage by stage on one (3, 64, 64) input.

``run_worked`` builds a :class:`~resnet_viz.models.WorkedBlock`, loads the chosen weights, and returns
every intermediate tensor as numpy together with the parameters that produced it, so that the page
(and the formula view) can show every number without touching the module again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from resnet_viz.analyses.block_weights import ConvWeights, as_tensors
from resnet_viz.data import image_to_tensor, load_image, make_shapes
from resnet_viz.models.worked import WORKED_ORDERS, WorkedBlock

__all__ = [
    "BN_MODES",
    "INPUT_SIZE",
    "BNParams",
    "Stage",
    "WorkedRun",
    "image_input",
    "upload_input",
    "pattern_input",
    "run_worked",
    "stage_specs",
]

INPUT_SIZE = 64
BN_MODES = {
    "batch": "this image's statistics (what BN uses while training)",
    "fresh": "untrained running statistics (mean 0, variance 1: BN only divides by sqrt(1 + eps))",
}


@dataclass(frozen=True)
class Stage:
    key: str  # the WorkedBlock.stages key
    label: str  # short name for the diagram and the step control; unique within a block (the slider maps by label)
    op: str  # "input" | "conv" | "bn" | "relu" | "scale" | "add"
    source: str | None  # the stage this one is computed from (the branch for "add")
    layer: str | None  # module name in WorkedBlock ("conv1", "bn2", ...)
    formula: str  # LaTeX of what the stage computes
    note: str  # one sentence for the student


def _bn_formula(k: int) -> str:
    return rf"\gamma_{k} \frac{{h - \mu_{k}}}{{\sqrt{{\sigma_{k}^2 + \epsilon}}}} + \beta_{k}"


PAPER_CONV1_NOTE = " No bias: the BN that follows has its own shift beta."  # added to conv1's note


def stage_specs(order: str) -> tuple[Stage, ...]:
    """The stages of the worked block in order, as the page walks through them."""
    if order not in WORKED_ORDERS:
        raise ValueError(f"order must be one of {WORKED_ORDERS}, got {order!r}")
    paper = order == "paper"
    bias = "" if paper else " + b_1"
    stages = [
        Stage("x", "x", "input", None, None, r"x",
              "The input: the picture's red, green and blue channels, scaled to [0, 1]."),
        Stage("conv1", "conv1", "conv", "x", "conv1", r"W_1 * x" + bias,
              "Each output channel sums a 3x3 window over all three input channels, weighted by its kernel."
              + (PAPER_CONV1_NOTE if paper else "")),
    ]
    if paper:
        stages.append(Stage("bn1", "BN1", "bn", "conv1", "bn1", _bn_formula(1),
                            "Batch normalisation: subtract the channel's mean, divide by its standard deviation, "
                            "then scale by gamma and shift by beta."))
        relu1_source = "bn1"
    else:
        relu1_source = "conv1"
    stages.append(Stage("relu1", "ReLU1", "relu", relu1_source, "relu1", r"\max(0, h)", "Negative values become 0."))
    stages.append(Stage("conv2", "conv2", "conv", "relu1", "conv2", r"W_2 * \text{relu1}" + ("" if paper else " + b_2"),
                        "The second 3x3 convolution, on the first one's activations."))
    if paper:
        stages.append(Stage("bn2", "BN2", "bn", "conv2", "bn2", _bn_formula(2),
                            "The branch ends with BN and no ReLU, so F(x) can be negative."))
        branch = "bn2"
    else:
        stages.append(Stage("relu2", "ReLU2", "relu", "conv2", "relu2", r"\max(0, h)",
                            "Article 000 applies ReLU before the add, so F(x) can never be negative."))
        branch = "relu2"
    stages += [
        Stage("F(x)", "F(x) = s·branch", "scale", branch, None, r"F(x) = s \cdot \text{branch}",
              "The residual branch's output, scaled by s (s = 1 is the ordinary block)."),
        Stage("x + F(x)", "x + F(x)", "add", "F(x)", "add", r"x + F(x)",
              "The skip connection: the input is added back, element by element."),
        Stage("out", "out = ReLU", "relu", "x + F(x)", "relu_out", r"\max(0, x + F(x))",
              "The final ReLU after the addition gives the block's output H(x)."),
    ]
    return tuple(stages)


@dataclass(frozen=True)
class BNParams:
    mean: np.ndarray
    var: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray
    eps: float


@dataclass(frozen=True)
class WorkedRun:
    order: str
    branch_scale: float
    bn_mode: str
    stages: tuple[Stage, ...]
    tensors: dict[str, np.ndarray]  # stage key -> (C, H, W) float32
    conv: dict[str, ConvWeights]  # weights actually used (bias zero where the conv has none)
    bn: dict[str, BNParams]  # empty for article 000's order

    def stage(self, key: str) -> Stage:
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(f"no stage {key!r}; stages are {[s.key for s in self.stages]}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(stage.key for stage in self.stages)


def _square(image: Image.Image) -> Image.Image:
    width, height = image.size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    return image.crop((left, top, left + side, top + side))


def image_input(image: Image.Image, size: int = INPUT_SIZE) -> torch.Tensor:
    """The centre square of a photo, resized to (3, size, size) in [0, 1]."""
    return image_to_tensor(_square(image.convert("RGB")), size)


def upload_input(data: bytes, size: int = INPUT_SIZE) -> torch.Tensor:
    """An uploaded file as the block's input; raises :class:`~resnet_viz.data.ImageError` with a user message."""
    return image_input(load_image(data), size)


def pattern_input(seed: int = 0, size: int = INPUT_SIZE) -> torch.Tensor:
    """A synthetic picture: one sharp-edged shape on a striped background (no pixel noise)."""
    return make_shapes(1, size=size, seed=seed, noise=0.0).images[0]


@torch.no_grad()
def run_worked(
    x: torch.Tensor,
    weights: dict[str, ConvWeights],
    *,
    order: str = "article",
    branch_scale: float = 1.0,
    bn_mode: str = "batch",
    device: torch.device | str = "cpu",
) -> WorkedRun:
    """Run the worked residual block on one image and keep every stage's tensor.

    Args:
        x: one image, (C, H, W) or (1, C, H, W).
        weights: the two convolutions' weights ("conv1", "conv2"), e.g. from ``block_weights.preset_weights``.
        order: "article" (the source article's block, ReLU on the branch before the addition) or "paper"
            (conv-BN-ReLU-conv-BN, then the addition, then ReLU).
        branch_scale: s in out = ReLU(x + s * F(x)), between 0 and 1.
        bn_mode: how the paper order's batch norm is set up (one of ``BN_MODES``).
        device: where to compute; the tensors come back as NumPy arrays.

    Returns:
        A :class:`WorkedRun`: the stages in order and each stage's (C, H, W) float32 values.

    Example:
        >>> from resnet_viz.analyses.block_weights import preset_weights
        >>> run = run_worked(pattern_input(0), preset_weights("edges", 0))
        >>> run.keys
        ('x', 'conv1', 'relu1', 'conv2', 'relu2', 'F(x)', 'x + F(x)', 'out')
        >>> bool(np.allclose(run.tensors["out"], np.maximum(run.tensors["x"] + run.tensors["F(x)"], 0)))
        True
    """
    if bn_mode not in BN_MODES:
        raise ValueError(f"bn_mode must be one of {sorted(BN_MODES)}, got {bn_mode!r}")
    if not 0.0 <= float(branch_scale) <= 1.0:
        raise ValueError(f"branch_scale must lie in [0, 1], got {branch_scale}")
    batch = x.unsqueeze(0) if x.dim() == 3 else x
    if batch.dim() != 4 or batch.shape[0] != 1:
        raise ValueError(f"expected one image of shape (C, H, W), got {tuple(x.shape)}")
    device = torch.device(device)
    channels = batch.shape[1]
    block = WorkedBlock(channels, order=order, branch_scale=branch_scale)
    for name in ("conv1", "conv2"):
        block.set_conv(name, *as_tensors(weights[name]))
    block = block.to(device).eval()
    batch = batch.to(device=device, dtype=torch.float32)
    if bn_mode == "batch":
        block.use_batch_statistics(batch)
    tensors = {key: value[0].float().cpu().numpy() for key, value in block.stages(batch).items()}
    used = {}
    for name in ("conv1", "conv2"):
        conv = getattr(block, name)
        bias = conv.bias if conv.bias is not None else torch.zeros(conv.out_channels)
        used[name] = ConvWeights(conv.weight.detach().cpu().numpy().copy(), bias.detach().cpu().numpy().copy())
    bn = {}
    if order == "paper":
        for name in ("bn1", "bn2"):
            module = getattr(block, name)
            bn[name] = BNParams(*(t.detach().cpu().numpy().copy() for t in
                                  (module.running_mean, module.running_var, module.weight, module.bias)),
                                eps=float(module.eps))
    return WorkedRun(order, float(branch_scale), bn_mode, stage_specs(order), tensors, used, bn)
