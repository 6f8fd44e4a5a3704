"""The gradient-flow page's training part: gradient profiles of both nets after a few steps of training."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from resnet_viz.analyses.gradients import (
    FlowConfig,
    FlowConfigError,
    TrainingSnapshots,
    check_config,
    profiles_during_training,
)
from resnet_viz.figures.gradients import format_norm, net_label, snapshots_figure
from ui.charts import panel_row, panels
from ui.frame import section
from ui.gradient_words import config_error, init_name, plain_name
from ui.i18n import translator
from ui.params import keep, synced
from ui.settings import current
from ui.text.gradient_flow import TEXT

TRAIN_DEPTHS = (20, 32, 44, 56)
SNAPSHOT_STEPS = (0, 10, 100)
TRAIN_IMAGE_SIZE = 16


@st.cache_data(max_entries=12, show_spinner=False)
def _snapshots(depth: int, bn: bool, init: str, lam: float, batch: int, size: int, seed: int,
               device: str) -> TrainingSnapshots:
    config = FlowConfig(depth=depth, bn=bn, init=init, shortcut_scale=lam, batch_size=batch, image_size=size,
                        seed=seed)
    return profiles_during_training(config, SNAPSHOT_STEPS, device=device)


@section
def training_snapshots(init: str, lam: float, batch: int) -> None:
    """Gradient profiles after a few training steps, with the settings above (init, λ, batch); the depth and
    BN picked here rerun only this part."""
    tr, state, settings = translator(TEXT), st.session_state, current()
    device = str(settings.device)
    synced("gf_train_depth", 20, options=TRAIN_DEPTHS)
    synced("gf_train_bn", True)
    keep("gf_train_depth", TRAIN_DEPTHS, 20)
    keep("gf_train_bn", (True, False), True)
    t1, t2 = st.columns(2)
    t1.selectbox(tr("train_depth"), TRAIN_DEPTHS, key="gf_train_depth", help=tr("train_depth_help"))
    t2.radio(tr("train_bn"), (True, False), key="gf_train_bn", format_func=lambda v: tr("on") if v else tr("off"),
             horizontal=True)
    train_config = FlowConfig(depth=state.gf_train_depth, bn=state.gf_train_bn, init=init, shortcut_scale=lam,
                              batch_size=min(batch, 32), image_size=TRAIN_IMAGE_SIZE, seed=settings.seed)
    try:
        check_config(train_config)
        with st.spinner(tr("spin_training", plain=plain_name(train_config.depth), depth=train_config.depth)):
            snaps = _snapshots(train_config.depth, train_config.bn, init, lam, train_config.batch_size,
                               TRAIN_IMAGE_SIZE, settings.seed, device)
    except FlowConfigError as error:
        st.error(config_error(error))
    else:
        panel_row(panels(snapshots_figure, snaps), key="gf_snapshots")
        rows = []
        for key, profiles in (("plain", snaps.plain), ("residual", snaps.residual)):
            for step in snaps.steps:
                if step in profiles:
                    p = profiles[step]
                    rows.append({tr("col_net"): net_label(p.label), tr("col_step"): step,
                                 tr("col_probe_loss"): f"{p.loss:.4f}",
                                 tr("col_input_ratio"): format_norm(p.input_ratio)})
            if snaps.diverged_at[key] is not None:
                st.warning(tr("diverged", net=tr(f"net_{key}"), step=snaps.diverged_at[key]))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        both = [step for step in snaps.steps if step in snaps.plain and step in snaps.residual]
        if both:
            last = both[-1]
            st.markdown(tr("training_finding", step=last, plain=format_norm(snaps.plain[last].input_ratio),
                           residual=format_norm(snaps.residual[last].input_ratio)))
        st.caption(tr("training_caption", batch=train_config.batch_size, size=TRAIN_IMAGE_SIZE, init=init_name(init),
                      lam=f"{lam:g}"))
