"""The block page's formula view: one number of a stage recomputed by hand, term by term."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from resnet_viz.analyses.block import WorkedRun
from resnet_viz.analyses.block_formula import explain, explanation_latex
from resnet_viz.figures.block_formula import conv_terms_figures
from resnet_viz.models import WorkedBlock
from ui.charts import figure as cached
from ui.charts import panel_row
from ui.i18n import translator
from ui.source import show_source
from ui.text.block import TEXT


def formula_view(run: WorkedRun, stage_key: str) -> None:
    """One number of the stage, recomputed by hand at the position chosen (number inputs or a click on the maps)."""
    tr, state = translator(TEXT), st.session_state
    st.subheader(tr("formula_header"))
    st.markdown(tr("formula_intro"))
    channels, height, width = run.tensors[stage_key].shape
    c, i, j = state["block_c"], state["block_i"], state["block_j"]
    p1, p2, p3, _ = st.columns([1, 1, 1, 2])
    p1.number_input(tr("pos_c"), 0, channels - 1, step=1, key="block_c")
    p2.number_input(tr("pos_i"), 0, height - 1, step=1, key="block_i")
    p3.number_input(tr("pos_j"), 0, width - 1, step=1, key="block_j")
    stage = run.stage(stage_key)
    expl = explain(run, stage_key, c, i, j)
    source_name = stage.source or "x"
    st.latex(explanation_latex(expl, source_name=source_name,
                               layer_index=stage.layer[-1] if stage.op == "conv" else ""))
    if expl.conv is not None:
        terms = expl.conv
        padded = int(terms.padded[0].sum())
        st.markdown(
            tr("conv_window", c=c, r0=i - 1, r1=i + 1, c0=j - 1, c1=j + 1, channels=terms.window.shape[0],
               source=source_name)
            + (tr("conv_padded", padded=padded, height=height, width=width) if padded else tr("conv_inside"))
            + tr("conv_sum", products=terms.products.sum(), bias=terms.bias, total=terms.total)
        )
        panel_row(cached(conv_terms_figures, terms, source=source_name, layer=stage.layer, out_channel=c))
        with st.expander(tr("terms")):
            rows = [{tr("t_channel"): k, tr("t_row"): i + u - 1, tr("t_column"): j + v - 1,
                     tr("t_input"): 0.0 if terms.padded[k, u, v] else terms.window[k, u, v],
                     tr("t_padding"): bool(terms.padded[k, u, v]), tr("t_weight"): terms.kernel[k, u, v],
                     tr("t_product"): terms.products[k, u, v]}
                    for k in range(terms.window.shape[0]) for u in range(3) for v in range(3)]
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(tr("check", tensor=expl.tensor_value, c=c, i=i, j=j, value=expl.value,
                  diff=abs(expl.value - expl.tensor_value)))
    show_source(tr("code_block"), WorkedBlock.stages, explain, key="block_code_formula")
