"""The feature-maps page's parts that rerun on their own: the chosen layer in both nets (channel grids, one channel
enlarged, statistics) and one unit's receptive field."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from resnet_viz.analyses import features_view as view
from resnet_viz.analyses.receptive_field import ReceptiveField
from resnet_viz.figures import feature_maps as figs
from resnet_viz.figures._style import fmt_int, value_range
from ui.charts import figure as cached
from ui.charts import show
from ui.frame import section
from ui.i18n import translator
from ui.params import synced
from ui.text.feature_maps import TEXT

K = "fm_"  # session_state (and URL) prefix of the feature-maps page's widgets


def pick_channel(chart_key: str, shown: list[int]) -> None:
    """A click on a grid tile selects that channel for the enlarged view."""
    points = ((st.session_state.get(chart_key) or {}).get("selection") or {}).get("points") or []
    if points and points[0].get("customdata") in shown:
        st.session_state[K + "channel"] = int(points[0]["customdata"])


@section
def chosen_layer(ours: np.ndarray, twin: np.ndarray, stats: tuple[view.ChannelStats, view.ChannelStats],
                 note: str, label: str) -> None:
    """Which channels to show and how to colour them, both nets' channel grids, one channel enlarged (picked in
    the selectbox or by a click on a tile), its statistics and every channel's mean. Every control here reruns
    only this part."""
    tr = translator(TEXT)
    c1, c2, c3 = st.columns([1, 1, 2])
    order = c1.radio(tr("order"), view.CHANNEL_ORDERS, key=synced(K + "order", "top", options=view.CHANNEL_ORDERS),
                     format_func=lambda o: tr(f"order_{o}"))
    scale = c2.radio(tr("scale"), figs.SCALES, key=synced(K + "scale", figs.SCALES[0], options=figs.SCALES),
                     format_func=lambda s: tr(f"scale_{s}"))
    k = c3.slider(tr("k"), min_value=1, max_value=64, key=synced(K + "k", 16, low=1, high=64))
    channels = view.select_channels(ours, k, order)
    # Beside the shortcut x the plain net shows the block's input, which can have fewer channels.
    same_channels = twin.shape[0] == ours.shape[0]
    twin_channels = channels if same_channels else view.select_channels(twin, k, order)
    signed = bool(min(ours[channels].min(), twin[twin_channels].min()) < 0)
    shared = value_range(ours[channels], twin[twin_channels], signed=signed)
    st.markdown(tr("layer_text", shape=" × ".join(fmt_int(v) for v in ours.shape), note=note,
                   channels=", ".join(map(str, channels[:12])) + (" …" if len(channels) > 12 else ""),
                   order=tr(f"shown_{order}"), scale=tr(f"shown_{scale}")))
    left, right = st.columns(2)
    for column, maps, shown, stat, chart_key, who in (
            (left, ours, channels, stats[0], K + "grid_res", "residual"),
            (right, twin, twin_channels, stats[1], K + "grid_plain", "plain")):
        with column:
            show(cached(figs.channel_grid, maps, shown, signed=signed, scale=scale, zrange=shared, stats=stat,
                        title=tr(f"grid_{who}", shown=len(shown), total=maps.shape[0])),
                 key=chart_key, on_select=lambda c=chart_key: pick_channel(c, channels), selection_mode="points")
    if not same_channels:
        st.caption(tr("other_channels", channels=twin.shape[0], shape=" × ".join(map(str, twin.shape))))
    synced(K + "channel", channels[0], options=channels)
    if st.session_state.get(K + "channel") not in channels:
        st.session_state[K + "channel"] = channels[0]
    channel = st.selectbox(tr("enlarge"), channels, key=K + "channel")
    twin_channel = channel if same_channels else twin_channels[0]
    both = value_range(ours[channel], twin[twin_channel], signed=signed)
    left, right = st.columns(2)
    with left:
        show(cached(figs.channel_heatmap, ours[channel], signed=signed, zrange=both,
                    title=tr("heat_residual", channel=channel)), key=K + "heat_residual")
    with right:
        show(cached(figs.channel_heatmap, twin[twin_channel], signed=signed, zrange=both,
                    title=tr("heat_plain", channel=twin_channel)), key=K + "heat_plain")
    rows = []
    for who, stat, index in (("residual", stats[0], channel), ("plain", stats[1], twin_channel)):
        row = stat.row(index)
        rows.append({tr("col_net"): tr(f"net_{who}"), tr("col_channel"): index, tr("col_mean"): f"{row['mean']:.4f}",
                     tr("col_std"): f"{row['std']:.4f}", tr("col_min"): f"{row['min']:.4f}",
                     tr("col_max"): f"{row['max']:.4f}", tr("col_positive"): f"{100 * row['positive']:.1f}%"})
    st.dataframe(rows, hide_index=True, width="stretch")
    st.markdown(tr("heat_signed" if signed else "heat_positive"))
    show(cached(figs.channel_means, {tr("net_residual"): stats[0], tr("net_plain"): stats[1]}, channels,
                title=tr("means_title", label=label)))


@section
def receptive_field(picture: np.ndarray, field: ReceptiveField, side: int, size: int, growth: go.Figure) -> None:
    """One unit's field on the input (picked with the two sliders, which rerun only this part) beside how the
    field grows through the network."""
    tr = translator(TEXT)
    row_key = synced(K + "row", side // 2, low=0, high=side - 1)
    col_key = synced(K + "col", side // 2, low=0, high=side - 1)
    # A map of another size starts at its centre (the first run keeps the link's values, checked against this size).
    if st.session_state.get("_fm_side", side) != side or not (0 <= st.session_state[row_key] < side
                                                              and 0 <= st.session_state[col_key] < side):
        st.session_state[row_key] = st.session_state[col_key] = side // 2
    st.session_state["_fm_side"] = side
    c1, c2 = st.columns(2)
    row = c1.slider(tr("unit_row"), 0, side - 1, key=row_key)
    col = c2.slider(tr("unit_col"), 0, side - 1, key=col_key)
    with c1:
        show(cached(figs.receptive_field_figure, picture, field.box(row, col),
                    (field.centre(row), field.centre(col)),
                    title=tr("field_title", row=row, col=col, size=field.size)))
    with c2:
        show(growth)
    st.markdown(tr("field_text", size=field.size, jump=field.jump, side=side, input=size))
