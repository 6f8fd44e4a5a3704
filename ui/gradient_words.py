"""Words the gradient-flow page's parts share: initialisations, the plain net's name, a refused configuration."""

from __future__ import annotations

from resnet_viz.analyses.gradients import INITS, FlowConfigError
from resnet_viz.figures.gradients import net_label
from ui.errors import error_text
from ui.i18n import translator
from ui.text.gradient_flow import TEXT


def init_name(init: str) -> str:
    tr = translator(TEXT)
    return tr(f"init_{init}") if init in INITS else init


def plain_name(depth: int) -> str:
    return net_label(f"plain-{depth}")


def config_error(error: FlowConfigError) -> str:
    """Why the analysis refused these settings, worded by the error's code."""
    return translator(TEXT)("cannot_run", error=error_text(error))
