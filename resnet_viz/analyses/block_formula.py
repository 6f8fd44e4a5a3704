"""The formula view: recompute one output number of the worked block by hand, term by term.

``explain(run, stage, c, i, j)`` takes the numbers the block actually used (its stage tensors and
parameters) and redoes the arithmetic in float64 with numpy, so the page can show every term and a
test can check that the hand-made result equals the tensor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from resnet_viz.analyses.block import WorkedRun

__all__ = ["ConvTerms", "Explanation", "conv_terms", "explain", "explanation_latex"]


@dataclass(frozen=True)
class ConvTerms:
    window: np.ndarray  # (C_in, 3, 3) the input values under the kernel, 0 where padded
    padded: np.ndarray  # (C_in, 3, 3) bool, True where the window hangs over the border (zero padding)
    kernel: np.ndarray  # (C_in, 3, 3)
    products: np.ndarray  # window * kernel
    bias: float
    total: float  # sum of products + bias


@dataclass(frozen=True)
class Explanation:
    stage: str
    op: str
    position: tuple[int, int, int]  # (c, i, j)
    operands: dict[str, float]  # named scalars that enter the formula
    conv: ConvTerms | None
    value: float  # the result recomputed here, in float64
    tensor_value: float  # the block's tensor at the same position


def conv_terms(source: np.ndarray, weight: np.ndarray, bias: np.ndarray, c: int, i: int, j: int) -> ConvTerms:
    """The 3x3 window of ``source`` (C_in, H, W) around (i, j) with padding 1, and kernel ``weight[c]``."""
    channels, height, width = source.shape
    padded_source = np.zeros((channels, height + 2, width + 2), dtype=np.float64)
    padded_source[:, 1:-1, 1:-1] = source
    window = padded_source[:, i : i + 3, j : j + 3]
    rows, cols = np.arange(i - 1, i + 2), np.arange(j - 1, j + 2)
    outside = ((rows < 0) | (rows >= height))[:, None] | ((cols < 0) | (cols >= width))[None, :]
    kernel = weight[c].astype(np.float64)
    products = window * kernel
    total = float(products.sum() + float(bias[c]))
    return ConvTerms(window, np.broadcast_to(outside, window.shape).copy(), kernel, products, float(bias[c]), total)


def explain(run: WorkedRun, stage_key: str, c: int, i: int, j: int) -> Explanation:
    """Every number behind ``run.tensors[stage_key][c, i, j]``."""
    stage = run.stage(stage_key)
    tensor = run.tensors[stage_key]
    channels, height, width = tensor.shape
    if not (0 <= c < channels and 0 <= i < height and 0 <= j < width):
        raise ValueError(f"position ({c}, {i}, {j}) is outside the tensor of shape {tensor.shape}")
    at = lambda key: float(run.tensors[key][c, i, j])  # noqa: E731
    conv = None
    operands: dict[str, float] = {}
    if stage.op == "input":
        value = at("x")
    elif stage.op == "conv":
        w = run.conv[stage.layer]
        conv = conv_terms(run.tensors[stage.source], w.weight, w.bias, c, i, j)
        value = conv.total
    elif stage.op == "bn":
        p = run.bn[stage.layer]
        operands = {"h": at(stage.source), "mean": float(p.mean[c]), "var": float(p.var[c]), "eps": p.eps,
                    "gamma": float(p.gamma[c]), "beta": float(p.beta[c])}
        value = (operands["h"] - operands["mean"]) / np.sqrt(operands["var"] + p.eps) * operands["gamma"] \
            + operands["beta"]
    elif stage.op == "relu":
        operands = {"h": at(stage.source)}
        value = max(0.0, operands["h"])
    elif stage.op == "scale":
        operands = {"s": run.branch_scale, "branch": at(stage.source)}
        value = operands["s"] * operands["branch"]
    elif stage.op == "add":
        operands = {"x": at("x"), "F(x)": at("F(x)")}
        value = operands["x"] + operands["F(x)"]
    else:  # pragma: no cover - stage_specs only produces the ops above
        raise ValueError(f"unknown op {stage.op!r}")
    return Explanation(stage_key, stage.op, (c, i, j), operands, conv, float(value), at(stage_key))


def _n(value: float, significant: int | None = None) -> str:
    """A number for LaTeX: 4 decimals (or ``significant`` digits), negatives in brackets."""
    text = f"{value:.4f}" if significant is None else f"{value:#.{significant}g}".rstrip(".")
    return f"({text})" if value < 0 else text


def _sci(value: float) -> str:
    mantissa, exponent = f"{value:.0e}".split("e")
    return rf"10^{{{int(exponent)}}}" if mantissa == "1" else rf"{mantissa} \cdot 10^{{{int(exponent)}}}"


def explanation_latex(expl: Explanation, *, source_name: str = "", layer_index: str = "") -> str:
    """The formula of ``expl`` with its numbers filled in (KaTeX, for ``st.latex``)."""
    c, i, j = expl.position
    here = rf"[{c},{i},{j}]"
    name = {"x + F(x)": "x + F(x)", "F(x)": "F(x)"}.get(expl.stage, rf"\text{{{expl.stage}}}")
    lhs = rf"{name}{here}"
    o = expl.operands
    if expl.op == "input":
        return rf"x{here} = {expl.value:.4f}"
    if expl.op == "conv":
        t = expl.conv
        src = source_name or "h"
        k = layer_index
        return (rf"\begin{{aligned}}{lhs} &= \sum_{{k=0}}^{{{t.window.shape[0] - 1}}}\sum_{{u,v=0}}^{{2}} "
                rf"W_{{{k}}}[{c},k,u,v]\,\text{{{src}}}[k,\,{i}+u-1,\,{j}+v-1] + b_{{{k}}}[{c}] \\"
                rf" &= {t.products.sum():.4f} + {_n(t.bias)} = {t.total:.4f}\end{{aligned}}")
    if expl.op == "bn":
        return (rf"\begin{{aligned}}{lhs} &= \gamma\,\frac{{h - \mu}}{{\sqrt{{\sigma^2 + \epsilon}}}} + \beta"
                rf" \\ &= {o['gamma']:.4f}\cdot\frac{{{o['h']:.4f} - {_n(o['mean'], 4)}}}"
                rf"{{\sqrt{{{_n(o['var'], 4)} + {_sci(o['eps'])}}}}} + {_n(o['beta'])} = {expl.value:.4f}"
                r"\end{aligned}")
    if expl.op == "relu":
        return rf"{lhs} = \max(0,\ {o['h']:.4f}) = {expl.value:.4f}"
    if expl.op == "scale":
        return rf"{lhs} = s \cdot \text{{branch}}{here} = {o['s']:.2f} \cdot {_n(o['branch'])} = {expl.value:.4f}"
    return rf"{lhs}:\quad x{here} + F(x){here} = {o['x']:.4f} + {_n(o['F(x)'])} = {expl.value:.4f}"
