"""Words the gradient-flow page's parts share: initialisations, the plain net's name, a refused configuration."""

from __future__ import annotations

from resnet_viz.analyses.gradients import INITS, FlowConfigError
from resnet_viz.figures.gradients import net_label
from ui.i18n import translator
from ui.text.gradient_flow import TEXT


def init_name(init: str) -> str:
    tr = translator(TEXT)
    return tr(f"init_{init}") if init in INITS else init


def plain_name(depth: int) -> str:
    return net_label(f"plain-{depth}")


def config_error(error: FlowConfigError) -> str:
    """A translated reason for a refused configuration (by the error's code), with the library's own detail."""
    tr = translator(TEXT)
    code = getattr(error, "code", "")
    if code == "memory":
        reason = tr("err_memory", budget=error.params["budget"])
    elif code == "batch":
        reason = tr("err_batch", cap=error.params["cap"])
    elif code == "depth":
        reason = tr("err_depth")
    else:
        reason = tr("err_other")
    detail = str(error)
    return tr("cannot_run", error=tr("error_detail", reason=reason, detail=detail))
