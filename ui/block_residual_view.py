"""The block page's parts 2 and 3: the residual branch scaled down to zero, and article 000's order against the
paper's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from resnet_viz.analyses.block_residual import OrderComparison, Sweep
from resnet_viz.figures._style import fmt_int
from resnet_viz.figures.block_residual import diff_maps_figure, order_comparison_figure, sweep_figure
from ui.block_family import BRANCH, SKIP
from ui.charts import figure as cached
from ui.charts import show
from ui.frame import section
from ui.i18n import translator
from ui.params import keep
from ui.text.block import TEXT


def residual_part(sweep: Sweep, scale: float, diff: np.ndarray) -> None:
    """2 · The branch scaled from 1 down to 0: the block becomes the identity. ``diff`` is |out - x| of the run at
    the chosen ``scale``."""
    tr = translator(TEXT)
    st.markdown(tr("residual_intro"))
    st.latex(rf"\text{{out}} = \mathrm{{ReLU}}\big(\textcolor{{{SKIP}}}{{x}} + "
             rf"s\cdot\textcolor{{{BRANCH}}}{{F(x)}}\big)\quad"
             r"\xrightarrow{\;s\,=\,0\;}\quad \mathrm{ReLU}(x) = x \quad (x \ge 0)")
    r1, r2 = st.columns([1, 1])
    with r1:
        show(cached(sweep_figure, sweep, scale))
    shown_scales = [1.0, 0.5, 0.0] if scale in (1.0, 0.5, 0.0) else [1.0, scale, 0.0]
    diff_maps = [diff.mean(axis=0) if s == scale else sweep.map_at(s) for s in shown_scales]
    with r2:
        show(cached(diff_maps_figure, diff_maps, shown_scales))
    st.markdown(tr("residual_result", first=sweep.mean_abs[0], last=sweep.mean_abs[-1],
                   clipped_first=fmt_int(sweep.clipped[0]), size=fmt_int(sweep.size),
                   clipped_last=fmt_int(sweep.clipped[-1])))
    st.info(tr("residual_info"))


def orders_part(cmp: OrderComparison) -> None:
    """3 · Article 000's order (ReLU before the add) against the paper's (BN, add, then ReLU)."""
    tr = translator(TEXT)
    st.markdown(tr("orders_intro"))
    st.latex(rf"\text{{{tr('latex_article')}}} \mathrm{{ReLU}}\big(x + \mathrm{{ReLU}}(W_2 * y_1 + b_2)\big)"
             rf"\qquad \text{{{tr('latex_paper')}}} \mathrm{{ReLU}}\big(x + \mathrm{{BN}}(W_2 * y_1)\big)")
    sc, pc = cmp.article_counts, cmp.paper_counts
    st.dataframe(pd.DataFrame({
        tr("c_order"): [tr("c_article"), tr("c_paper")],
        tr("c_fmin"): [sc.f_min, pc.f_min], tr("c_fmax"): [sc.f_max, pc.f_max],
        tr("c_negative"): [fmt_int(sc.branch_negative), fmt_int(pc.branch_negative)],
        tr("c_lowered"): [fmt_int(sc.lowered), fmt_int(pc.lowered)],
        tr("c_clipped"): [fmt_int(sc.clipped), fmt_int(pc.clipped)],
    }), hide_index=True, width="stretch", column_config={
        tr(c): st.column_config.NumberColumn(format="%.4f") for c in ("c_fmin", "c_fmax")})
    st.caption(tr("orders_caption", size=fmt_int(sc.size)))
    if cmp.conv2_negative == 0:
        st.markdown(tr("conv2_never_negative"))
    elif cmp.conv2_negative is not None:
        st.markdown(tr("conv2_negative", gap=cmp.max_gap_elsewhere, count=fmt_int(cmp.conv2_negative)))
    else:
        st.caption(tr("conv2_bias"))
    order_channel(cmp)


@section
def order_channel(cmp: OrderComparison) -> None:
    """One channel of both orders' outputs; picking another channel reruns only this chart."""
    tr = translator(TEXT)
    keep("block_cmp_channel", (0, 1, 2), 0)
    channel = st.radio(tr("channel"), [0, 1, 2], horizontal=True, key="block_cmp_channel")
    show(cached(order_comparison_figure, cmp, int(channel)))
