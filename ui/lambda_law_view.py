"""The gradient-flow page's λ-law check: ||dL/dx_l|| against λ^(L-l) measured in a net whose branches are zero."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from resnet_viz.analyses.gradients import LambdaLaw, lambda_law
from resnet_viz.figures.gradients import format_norm, format_power, lambda_law_figure
from ui.charts import figure as cached
from ui.charts import show
from ui.errors import error_text
from ui.frame import section
from ui.i18n import translator
from ui.params import keep, store_choices, synced, synced_choices
from ui.settings import current
from ui.text.gradient_flow import TEXT

LAW_DEPTHS = (20, 56, 110, 218, 1202)
LAMBDAS = (0.1, 0.5, 0.9, 1.0, 1.1, 1.5, 2.0)
LAW_DEFAULT = [0.5, 0.9, 1.0, 1.1]


def _lambda_text(value: float) -> str:
    return f"{float(value):g}"


@st.cache_data(max_entries=48, show_spinner=False)
def _law(depth: int, lam: float, dtype: str, seed: int) -> LambdaLaw:
    return lambda_law(depth, lam, dtype=dtype, seed=seed)


@section
def law_check() -> None:
    """The measured λ-law for one depth, some λ values and a precision; changing them reruns only this part."""
    tr, state, seed = translator(TEXT), st.session_state, current().seed
    synced("gf_law_depth", 110, options=LAW_DEPTHS)
    synced("gf_law_dtype", "float64", options=("float64", "float32"))
    keep("gf_law_depth", LAW_DEPTHS, 110)
    keep("gf_law_dtype", ("float64", "float32"), "float64")
    lambdas_widget = synced_choices("gf_law_lambdas", LAW_DEFAULT, LAMBDAS, parse=float, text=_lambda_text)
    l1, l2, l3 = st.columns([3, 4, 2])
    l1.selectbox(tr("law_depth"), LAW_DEPTHS, key="gf_law_depth",
                 format_func=lambda d: tr("law_depth_option", depth=d, units=3 * (d - 2) // 6))
    picked = store_choices("gf_law_lambdas", l2.multiselect(tr("law_lambdas"), LAMBDAS, key=lambdas_widget),
                           text=_lambda_text)
    l3.radio(tr("precision"), ("float64", "float32"), key="gf_law_dtype", horizontal=True, help=tr("precision_help"))
    law_depth, law_dtype = state.gf_law_depth, state.gf_law_dtype
    lambdas = sorted(picked)
    if not lambdas:
        st.warning(tr("choose_lambda"))
    else:
        laws = []
        try:
            progress = st.progress(0.0, text=tr("law_progress"))
            for index, value in enumerate(lambdas):
                laws.append(_law(law_depth, float(value), law_dtype, seed))
                progress.progress((index + 1) / len(lambdas), text=tr("law_measured_one", value=f"{value:g}"))
            progress.empty()
        except ValueError as error:
            st.error(tr("law_failed", error=error_text(error)))
            laws = []
        if laws:
            show(cached(lambda_law_figure, laws), key="gf_law")
            units = laws[0].units
            rows = []
            for law in laws:
                status = law.status[0]
                measured = (format_power(law.log10_corrected[0]) if status == "ok"
                            else tr(f"status_{status}") if f"status_{status}" in TEXT.tables["en"] else status)
                rows.append({"λ": f"{law.lam:g}",
                             tr("col_analytic", units=units): format_power(law.log10_analytic[0]),
                             tr("col_measured", units=units): measured,
                             tr("col_relative"): (f"{abs(law.corrected[0] / 10 ** law.log10_analytic[0] - 1):.1e}"
                                                  if status == "ok" else tr("n_a")),
                             tr("col_signal"): format_norm(law.output_norm, law.dtype)})
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            factors = ", ".join(f"{laws[0].transition_factor[t]:.6f}" for t in laws[0].transitions)
            st.markdown(tr("law_text", depth=law_depth, units=units, dtype=law_dtype))
            st.caption(tr("law_caption", transitions=", ".join(map(str, laws[0].transitions)), factors=factors,
                          lam=f"{laws[0].lam:g}"))
