"""Theoretical receptive fields: which input pixels can influence one unit of a feature map.

Along a chain of convolutions and poolings (kernel k, stride s, padding p) three numbers describe
the field of a unit (Araujo et al., "Computing receptive fields of CNNs", Distill 2019):

    size   r_out = r_in + (k - 1) * j_in        (pixels of the input the unit sees, per side)
    jump   j_out = j_in * s                     (input pixels between neighbouring units)
    centre c_out = c_in + ((k - 1) / 2 - p) * j_in   (input coordinate of unit 0's centre)

BN, ReLU and the skip addition do not widen the field. Where the skip and the branch meet, the sum
sees the union of both fields; the branch always covers the shortcut, so the branch decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from resnet_viz.analyses.features import BRANCH, BRANCH_ORDER, SHORTCUT, SUM, skeleton
from resnet_viz.models.layers import ZeroPadShortcut

__all__ = ["ReceptiveField", "receptive_fields"]


@dataclass(frozen=True)
class ReceptiveField:
    size: int  # side of the square window, in input pixels
    jump: int  # input pixels between neighbouring units of this map
    start: float  # input coordinate (pixel index) of the centre of unit 0

    def centre(self, index: int) -> float:
        return self.start + index * self.jump

    def window(self, index: int) -> tuple[float, float]:
        """First and last input pixel (inclusive) of unit ``index``'s field, before clipping to the image."""
        half = (self.size - 1) / 2
        return self.centre(index) - half, self.centre(index) + half

    def box(self, row: int, col: int) -> tuple[float, float, float, float]:
        """(top, left, bottom, right) in input pixels, inclusive, unclipped."""
        top, bottom = self.window(row)
        left, right = self.window(col)
        return top, left, bottom, right

    def then(self, kernel: int, stride: int, padding: int) -> ReceptiveField:
        return ReceptiveField(self.size + (kernel - 1) * self.jump, self.jump * stride,
                              self.start + ((kernel - 1) / 2 - padding) * self.jump)

    def union(self, other: ReceptiveField) -> ReceptiveField:
        if other.jump != self.jump:
            raise ValueError("cannot add maps with different strides")
        low = min(self.window(0)[0], other.window(0)[0])
        high = max(self.window(0)[1], other.window(0)[1])
        return ReceptiveField(int(round(high - low + 1)), self.jump, (low + high) / 2)


IDENTITY = ReceptiveField(1, 1, 0.0)


def _square(value: object) -> int:
    values = value if isinstance(value, tuple) else (value, value)
    if values[0] != values[1]:
        raise ValueError(f"only square kernels, strides and paddings are supported, got {values}")
    return int(values[0])


def _through(field: ReceptiveField, module: nn.Module | None) -> ReceptiveField:
    """The field after ``module`` (a conv, a pooling, an elementwise layer or a shortcut)."""
    if module is None:
        return field
    if isinstance(module, nn.Sequential):
        for child in module:
            field = _through(field, child)
        return field
    if isinstance(module, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)):
        if _square(getattr(module, "dilation", 1)) != 1:
            raise ValueError("dilated kernels are not supported")
        return field.then(_square(module.kernel_size), _square(module.stride),
                          _square(module.padding))
    if isinstance(module, ZeroPadShortcut):  # option A: x[:, :, ::s, ::s], a 1x1 "kernel" with stride s
        return field.then(1, module.stride, 0)
    if isinstance(module, (nn.BatchNorm2d, nn.ReLU, nn.Identity)):
        return field
    raise TypeError(f"no receptive-field rule for {type(module).__name__}")


def receptive_fields(model: nn.Module) -> dict[str, ReceptiveField]:
    """The field of every feature map :func:`resnet_viz.analyses.features.extract_features` returns."""
    stem, stages, tail = skeleton(model)
    fields: dict[str, ReceptiveField] = {"input": IDENTITY}
    field = IDENTITY
    for name in stem:
        field = fields[name] = _through(field, getattr(model, name))
    for stage in stages:
        for index, block in enumerate(getattr(model, stage)):
            prefix, block_input, branch = f"{stage}.{index}", field, field
            for name in BRANCH_ORDER[type(block)]:
                branch = fields[f"{prefix}.{name}"] = _through(branch, getattr(block, name))
            fields[f"{prefix}.{BRANCH}"] = field = branch
            if block.residual:
                shortcut = fields[f"{prefix}.{SHORTCUT}"] = _through(block_input, block.downsample)
                field = fields[f"{prefix}.{SUM}"] = branch.union(shortcut)
            fields[prefix] = field
    for name in tail:
        field = fields[name] = _through(field, getattr(model, name))
    return fields
