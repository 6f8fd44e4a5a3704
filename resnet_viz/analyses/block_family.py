"""The block family of the source articles 000-004, built from the project's own modules and run on one input.

Every member takes the same 16-channel feature map (the worked image through a CIFAR-style stem:
3x3 conv to 16 channels, BN, ReLU). Parameter counts come from the modules; shapes come from forward
hooks on private copies, removed before returning. BN uses the input's own statistics (training mode),
since an untrained BN in eval mode would be an identity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from resnet_viz.models import BasicBlock, Bottleneck, PreActBlock, cifar_resnet, he_init, seeded
from resnet_viz.models.layers import conv1x1

__all__ = ["BUILDERS", "FAMILY", "NODE_LABELS", "SHORTCUT_MEMBERS", "FamilyMember", "MemberSpec", "family_input",
           "WIDTH_LABELS", "paper_width_params", "run_family"]

WIDTH = 16


@dataclass(frozen=True)
class MemberSpec:
    key: str
    title: str
    source: str  # which seed(s) teach it
    description: str
    formula: str  # LaTeX with @F for the branch term and @S for the shortcut term
    branch_term: str
    shortcut_term: str
    main_path: tuple[tuple[str, str], ...]  # (module name, key of NODE_LABELS), in order, before the addition
    shortcut: tuple[str, str] | None  # (module name, key of NODE_LABELS); None for the identity
    after_add: tuple[str, str] | None  # e.g. ("relu_out", "relu"); None when nothing follows the add

    def latex(self, branch_colour: str | None = None, shortcut_colour: str | None = None) -> str:
        """The formula, with the branch and shortcut terms optionally coloured like the diagram."""
        paint = lambda term, colour: rf"\textcolor{{{colour}}}{{{term}}}" if colour else term  # noqa: E731
        return self.formula.replace("@F", paint(self.branch_term, branch_colour)).replace(
            "@S", paint(self.shortcut_term, shortcut_colour))


def _projection(cin: int, cout: int, stride: int) -> nn.Sequential:
    return nn.Sequential(conv1x1(cin, cout, stride), nn.BatchNorm2d(cout))


# What each node of a member's diagram does, by label key (figures translate the key).
NODE_LABELS = {
    "conv3": "3×3 conv",
    "reduce": "1×1 conv<br>reduce",
    "expand": "1×1 conv<br>expand",
    "stride": "3×3 conv<br>stride 2",
    "projection": "W_s: 1×1 conv, stride 2 + BN",
    "option_a": "option A: take every 2nd pixel, zero-pad 8 + 8 channels (no parameters)",
    "option_b": "option B: 1×1 conv, stride 2 + BN, only where the shape changes",
    "option_c": "option C: 1×1 conv, stride 2 + BN (and a 1×1 projection on the next block too)",
    "bn": "BN",
    "relu": "ReLU",
}

_V1_PATH = (("conv1", "conv3"), ("bn1", "bn"), ("relu1", "relu"), ("conv2", "conv3"), ("bn2", "bn"))

FAMILY: tuple[MemberSpec, ...] = (
    MemberSpec("v1", "v1: basic block, post-activation",
               "article 001 (res_block_v1), article 002 (identity block), article 004",
               "The paper's block for ResNet-18/34: conv-BN-ReLU-conv-BN, add x, then ReLU.",
               r"y = \mathrm{ReLU}\big(@F + @S\big)", r"F(x, \{W_i\})", "x",
               _V1_PATH, None, ("relu_out", "relu")),
    MemberSpec("v2", "v2: pre-activation block", "article 001 (res_block_v2)",
               "BN and ReLU move in front of each conv and nothing follows the addition, so the shortcut is "
               "a pure identity from block to block (He et al., Identity Mappings, 2016).",
               r"x_{l+1} = @S + @F", r"F(x_l, \{W_l\})", "x_l",
               (("bn1", "bn"), ("relu1", "relu"), ("conv1", "conv3"), ("bn2", "bn"), ("relu2", "relu"),
                ("conv2", "conv3")), None, None),
    MemberSpec("bottleneck", "Bottleneck: 1×1 → 3×3 → 1×1", "article 000, article 003 (ResNet-50/101/152)",
               "A 1×1 conv shrinks the channels by 4, the 3×3 conv works on the thin tensor, a 1×1 conv expands "
               "back: far fewer parameters for the same input and output width.",
               r"y = \mathrm{ReLU}\big(@F + @S\big)", r"F(x, \{W_1, W_2, W_3\})", "x",
               (("conv1", "reduce"), ("bn1", "bn"), ("relu1", "relu"), ("conv2", "conv3"),
                ("bn2", "bn"), ("relu2", "relu"), ("conv3", "expand"), ("bn3", "bn")),
               None, ("relu_out", "relu")),
    MemberSpec("down", "Downsampling block with a 1×1 projection", "article 002 (convolutional block), article 004",
               "The first conv has stride 2 and twice the filters, so F(x) is half the size with twice the "
               "channels; the shortcut W_s (1×1 conv, stride 2, + BN) reshapes x to match.",
               r"y = \mathrm{ReLU}\big(@F + @S\big)", r"F(x, \{W_i\})", "W_s x",
               (("conv1", "stride"), *_V1_PATH[1:]), ("downsample", "projection"),
               ("relu_out", "relu")),
)


def _stage(option: str) -> Callable[[int], nn.Module]:
    # The real CIFAR code path: layer2 of a ResNet-14 (n = 2) is one downsampling block and one identity-shaped
    # block, with shortcuts built by CifarResNet._shortcut for the option.
    return lambda seed: cifar_resnet(14, shortcut=option, seed=seed).layer2


_SHORTCUT_TEXT = {
    "A": ("downsample", "option_a"),
    "B": ("downsample", "option_b"),
    "C": ("downsample", "option_c"),
}
_SHORTCUT_TERM = {"A": r"\mathrm{pad}(x_{::2})", "B": r"W_s x", "C": r"W_s x"}
SHORTCUT_MEMBERS: tuple[MemberSpec, ...] = tuple(
    MemberSpec(f"option {option}", f"Shortcut option {option}", "article 003 (the paper's options A / B / C)",
               text, r"y = \mathrm{ReLU}\big(@F + @S\big)", r"F(x, \{W_i\})", _SHORTCUT_TERM[option],
               (("0.conv1", "stride"), *((f"0.{n}", t) for n, t in _V1_PATH[1:])),
               (f"0.{_SHORTCUT_TEXT[option][0]}", _SHORTCUT_TEXT[option][1]), ("0.relu_out", "relu"))
    for option, text in (
        ("A", "Where the shape changes, subsample x and fill the new channels with zeros: no parameters, "
              "but the zero channels get no shortcut at all."),
        ("B", "Where the shape changes, a learned 1×1 projection; identity everywhere else (what torchvision "
              "and this app's ImageNet nets use)."),
        ("C", "Every shortcut is a 1×1 projection, even where the shape stays: slightly better in the paper, "
              "but more parameters and memory."),
    )
)


# seed -> a fresh module, per member key (kept apart from the specs so that results stay picklable)
BUILDERS: dict[str, Callable[[int], nn.Module]] = {
    "v1": lambda _seed: BasicBlock(WIDTH, WIDTH),
    "v2": lambda _seed: PreActBlock(WIDTH, WIDTH),
    "bottleneck": lambda _seed: Bottleneck(WIDTH, WIDTH // 4),
    "down": lambda _seed: BasicBlock(WIDTH, 2 * WIDTH, 2, _projection(WIDTH, 2 * WIDTH, 2)),
    **{f"option {option}": _stage(option) for option in "ABC"},
}


@dataclass(frozen=True)
class FamilyMember:
    spec: MemberSpec
    params: int
    shortcut_params: int
    in_shape: tuple[int, ...]
    out_shape: tuple[int, ...]
    shapes: dict[str, tuple[int, ...]]  # module name -> output shape (C, H, W), from forward hooks
    output: np.ndarray  # (C, H, W)
    skip: np.ndarray  # the first block's shortcut output (C, H, W)

    @property
    def branch_params(self) -> int:
        return self.params - self.shortcut_params


def family_input(x: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """The worked image (3, H, W) through a CIFAR-style stem: (1, 16, H, W), BN with the image's statistics."""
    with seeded(seed):
        stem = he_init(nn.Sequential(nn.Conv2d(3, WIDTH, 3, padding=1, bias=False), nn.BatchNorm2d(WIDTH), nn.ReLU()))
    with torch.no_grad():
        return stem.to(x.device).train()(x.unsqueeze(0) if x.dim() == 3 else x)


def _count(module: nn.Module | None) -> int:
    return sum(p.numel() for p in module.parameters()) if module is not None else 0


def _first_block(module: nn.Module) -> nn.Module:
    return module[0] if isinstance(module, nn.Sequential) else module


@torch.no_grad()
def _run(spec: MemberSpec, features: torch.Tensor, seed: int) -> FamilyMember:
    with seeded(seed):
        module = he_init(BUILDERS[spec.key](seed))
    module = module.to(features.device).train()  # BN on this input's statistics, as while training
    first = _first_block(module)
    names = dict(module.named_modules())
    shapes: dict[str, tuple[int, ...]] = {}
    skip: list[torch.Tensor] = []
    handles = [names[name].register_forward_hook(
        lambda _m, _i, out, name=name: shapes.__setitem__(name, tuple(out.shape[1:])))
        for name, _ in (*spec.main_path, *(p for p in (spec.shortcut, spec.after_add) if p)) if name in names]
    handles.append(first.add.register_forward_hook(lambda _m, inputs, _o: skip.append(inputs[0])))
    try:
        output = module(features)
    finally:
        for handle in handles:
            handle.remove()
    shortcut_params = sum(_count(getattr(block, "downsample", None)) for block in module.modules()
                          if isinstance(block, (BasicBlock, Bottleneck, PreActBlock)))
    return FamilyMember(spec, _count(module), shortcut_params, tuple(features.shape[1:]), tuple(output.shape[1:]),
                        shapes, output[0].float().cpu().numpy(), skip[0][0].float().cpu().numpy())


def run_family(x: torch.Tensor, seed: int = 0, *, members: tuple[MemberSpec, ...] = FAMILY + SHORTCUT_MEMBERS,
               device: torch.device | str = "cpu") -> list[FamilyMember]:
    """Every member of the family, He-initialised under ``seed``, run on the same stem features of ``x``."""
    features = family_input(x.to(torch.device(device)), seed)
    return [_run(spec, features, seed) for spec in members]


WIDTH_LABELS = {  # the blocks paper_width_params counts, by key
    "basic64": "basic block, 64 channels (ResNet-18/34, conv2_x)",
    "basic256": "basic block, 256 channels (if ResNet-50 used basic blocks)",
    "bottleneck": "bottleneck, 256 → 64 → 256 channels (ResNet-50/101/152, conv2_x)",
}


def paper_width_params() -> dict[str, int]:
    """Parameter counts at the paper's widths, by key of :data:`WIDTH_LABELS`: why the bottleneck lets ResNet-50
    cost about as much as -34."""
    return {"basic64": _count(BasicBlock(64, 64)), "basic256": _count(BasicBlock(256, 256)),
            "bottleneck": _count(Bottleneck(256, 64))}
