"""The block page's family part: the blocks of the paper and its follow-ups on one input, and shortcut options."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from resnet_viz.analyses.block_family import FAMILY, SHORTCUT_MEMBERS, FamilyMember
from resnet_viz.figures._style import fmt_int
from resnet_viz.figures.block_family import family_outputs_figure, member_diagram, shortcut_channels_figure
from resnet_viz.models import CifarResNet, ZeroPadShortcut
from ui import block_runs as runs
from ui.charts import figure as cached
from ui.charts import show
from ui.i18n import translator, translator_or
from ui.source import show_source
from ui.text.block import TEXT

BRANCH, SKIP = "#1f77b4", "#ff7f0e"  # the diagram's colours, reused in the formulas


def _shape(shape) -> str:
    return " × ".join(str(s) for s in shape)


def _member(spec) -> tuple[str, str, str]:
    """(title, source, description) of a family member in the page's language."""
    text_or = translator_or(TEXT)
    return (text_or(f"member_title_{spec.key}", spec.title),
            text_or(f"member_source_{spec.key}", spec.source),
            text_or(f"member_text_{spec.key}", spec.description))


def _card(member: FamilyMember, heading: str, metric: str, caption: str, *, below: str = "") -> None:
    """One block: its heading, diagram (with the module's shapes) and formula, its parameter count beside."""
    with st.container(border=True):
        d1, d2 = st.columns([4, 1])
        d1.markdown(heading)
        with d1:
            show(cached(member_diagram, member))
        d1.latex(member.spec.latex(BRANCH, SKIP))
        d2.metric(metric, fmt_int(member.params))
        d2.caption(caption)
        if below:
            st.caption(below)


def family_part(members: list[FamilyMember]) -> None:
    """4 · The blocks of the paper and its follow-ups on the same input, then the three shortcut options."""
    tr = translator(TEXT)
    by_key = {m.spec.key: m for m in members}
    st.markdown(tr("family_intro"))
    for spec in FAMILY:
        member = by_key[spec.key]
        title, source, description = _member(spec)
        _card(member, f"**{title}** · {source}", tr("params"),
              tr("params_split", branch=fmt_int(member.branch_params), shortcut=fmt_int(member.shortcut_params),
                 shape_in=_shape(member.in_shape), shape_out=_shape(member.out_shape)), below=description)
    family = [by_key[s.key] for s in FAMILY]
    st.dataframe(pd.DataFrame([{
        tr("f_block"): _member(m.spec)[0], tr("f_in"): _shape(m.in_shape), tr("f_out"): _shape(m.out_shape),
        tr("f_params"): fmt_int(m.params), tr("f_min"): float(m.output.min()), tr("f_max"): float(m.output.max()),
        tr("f_mean"): float(m.output.mean()), tr("f_negative"): 100 * float((m.output < 0).mean()),
        tr("f_zero"): 100 * float((m.output == 0).mean()),
    } for m in family]), hide_index=True, width="stretch", column_config={
        **{tr(c): st.column_config.NumberColumn(format="%.4f") for c in ("f_min", "f_max", "f_mean")},
        **{tr(c): st.column_config.NumberColumn(format="%.1f %%") for c in ("f_negative", "f_zero")}})
    show(cached(family_outputs_figure, family))
    st.markdown(tr("family_result", bottleneck=fmt_int(by_key["bottleneck"].params),
                   v1=fmt_int(by_key["v1"].params)))
    # the library's English label -> the key of its translation
    st.dataframe(pd.DataFrame([{tr("f_block"): tr(f"width_{k}"), tr("f_params"): fmt_int(v)}
                               for k, v in runs.paper_widths().items()]), hide_index=True)

    st.subheader(tr("shortcut_header"))
    st.markdown(tr("shortcut_intro"))
    for spec in SHORTCUT_MEMBERS:
        member = by_key[spec.key]
        title, _, description = _member(spec)
        _card(member, tr("member_heading", title=title, description=description), tr("params_two"),
              tr("params_shortcut", count=fmt_int(member.shortcut_params)))
    options = [by_key[s.key] for s in SHORTCUT_MEMBERS]
    show(cached(shortcut_channels_figure, options))
    zero_a = int((np.abs(by_key["option A"].skip).sum(axis=(1, 2)) == 0).sum())
    st.markdown(tr("shortcut_result", zero=zero_a))
    show_source(tr("code_shortcut"), CifarResNet._shortcut, ZeroPadShortcut.forward, key="block_code_shortcut")
