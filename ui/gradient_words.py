"""Words the gradient-flow page's parts share: initialisations, the plain net's name, a refused configuration, the
derivation's paragraphs and formulas."""

from __future__ import annotations

from resnet_viz.analyses.gradients import INITS, FlowConfigError
from resnet_viz.figures.gradients import net_label
from ui.errors import error_text
from ui.i18n import translator
from ui.prose import Formula
from ui.text.gradient_flow import TEXT


def init_name(init: str) -> str:
    tr = translator(TEXT)
    return tr(f"init_{init}") if init in INITS else init


def plain_name(depth: int) -> str:
    return net_label(f"plain-{depth}")


def config_error(error: FlowConfigError) -> str:
    """Why the analysis refused these settings, worded by the error's code."""
    return translator(TEXT)("cannot_run", error=error_text(error))


# The derivation beside the plot and the λ law, as paragraphs (catalogue keys) and formulas (ui.prose.explain).
WHY_SUM = (
    "why_1",
    Formula(r"x_L = x_l + \sum_{i=l}^{L-1} \mathcal{F}(x_i)"),
    "why_2",
    Formula(r"\frac{\partial \mathcal{E}}{\partial x_l} = \frac{\partial \mathcal{E}}{\partial x_L}"
            r"\Big(1 + \frac{\partial}{\partial x_l}\sum_{i=l}^{L-1}\mathcal{F}(x_i)\Big)"),
    "why_3",
)
WHY_PRODUCT = (
    "why_4",
    Formula(r"\frac{\partial \mathcal{E}}{\partial x_l} = \frac{\partial \mathcal{E}}{\partial x_L}"
            r"\prod_{i=l}^{L-1}\frac{\partial x_{i+1}}{\partial x_i}"),
    "why_5",
    "why_6",
)
LAW = (
    "law_general",
    Formula(r"x_L = \Big(\prod_{i=l}^{L-1}\lambda_i\Big)x_l + \sum_{i=l}^{L-1}\hat{\mathcal{F}}(x_i)"),
    "law_general_2",
    Formula(r"\frac{\partial \mathcal{E}}{\partial x_l} = \frac{\partial \mathcal{E}}{\partial x_L}"
            r"\Big(\prod_{i=l}^{L-1}\lambda_i"
            r" + \frac{\partial}{\partial x_l}\sum_{i=l}^{L-1}\hat{\mathcal{F}}(x_i)\Big)"),
    "law_general_3",
    "law_intro",
    Formula(r"x_L = \Big(\prod_{i=l}^{L-1}\lambda\Big)x_l = \lambda^{L-l}x_l \qquad\Longrightarrow\qquad "
            r"\frac{\lVert\partial \mathcal{E}/\partial x_l\rVert}{\lVert\partial \mathcal{E}/\partial x_L\rVert}"
            r" = \lambda^{L-l}"),
)
