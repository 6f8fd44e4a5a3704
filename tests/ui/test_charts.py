"""The shared figure cache: one figure per builder and distinct arguments, never a stale one."""

import numpy as np
import plotly.graph_objects as go

from ui.charts import (
    SerialisedFigure,
    arguments_digest,
    figure,
    fit_any_width,
    lean_template,
    panels,
    plain_markdown,
    reserve_axis_margins,
    text_px,
    wrap_axis_titles,
    wrap_line,
)

calls: list[tuple] = []


def bars(values: np.ndarray, *, title: str) -> go.Figure:
    calls.append((values.sum(), title))
    return go.Figure(go.Bar(y=values), layout=dict(title=title))


def lines(values: np.ndarray, *, title: str) -> go.Figure:
    return go.Figure(go.Scatter(y=values), layout=dict(title=title))


def test_equal_arguments_give_the_same_figure_built_once():
    calls.clear()
    first = figure(bars, np.arange(3.0), title="t1")
    second = figure(bars, np.arange(3.0), title="t1")  # an equal copy, as unpickled from st.cache_data
    assert second is first and len(calls) == 1
    assert list(first.data[0].y) == [0.0, 1.0, 2.0] and first.heading == "t1"


def test_any_difference_gives_another_figure():
    base = figure(bars, np.arange(3.0), title="t2")
    assert figure(bars, np.arange(3.0), title="other") is not base
    assert figure(bars, np.arange(3.0) + 1, title="t2") is not base
    assert figure(bars, np.arange(3.0, dtype=np.float32), title="t2") is not base
    assert figure(lines, np.arange(3.0), title="t2").data[0].type == "scatter"


def test_large_arrays_are_read_whole_not_sampled():
    # Streamlit's own hashing samples 100,000 of the elements of arrays this large; one changed value must
    # still give a new figure.
    values = np.zeros(600_000, dtype=np.float32)
    changed = values.copy()
    changed[123_457] = 1.0
    assert arguments_digest(values) != arguments_digest(changed)
    assert arguments_digest(values) == arguments_digest(values.copy())
    assert figure(bars, changed, title="big") is not figure(bars, values, title="big")


def test_a_cached_figure_makes_its_dict_once_and_serialises_like_a_plain_one():
    import plotly.io

    shared = figure(lines, np.linspace(0, 1, 50), title="t3")
    plain = reserve_axis_margins(lean_template(fit_any_width(lines(np.linspace(0, 1, 50), title="t3"))))
    assert isinstance(shared, go.Figure) and shared.to_dict() is shared.to_dict()
    assert plotly.io.to_json(shared, validate=False) == plotly.io.to_json(plain, validate=False)
    assert plotly.io.to_json(shared, validate=False) == plotly.io.to_json(plain, validate=False)  # and again


def test_one_figure_per_language_each_in_its_own_words():
    from resnet_viz.figures.why_residual import path_count_figure
    from resnet_viz.i18n import language

    with language("en"):
        english = figure(path_count_figure, 3)
    with language("zh"):
        chinese = figure(path_count_figure, 3)
        assert figure(path_count_figure, 3) is chinese
    assert english is not chinese
    assert english.layout.xaxis.title.text != chinese.layout.xaxis.title.text
    with language("zh"):
        assert chinese.layout.xaxis.title.text == path_count_figure(3).layout.xaxis.title.text


def pieces(values: np.ndarray, *, title: str) -> tuple[go.Figure, ...]:
    return tuple(lines(values * k, title=f"{title} {k}") for k in (1, 2))


def test_every_piece_of_a_tuple_is_cached_and_makes_its_dict_once():
    import plotly.io

    first = figure(pieces, np.arange(3.0), title="p")
    assert figure(pieces, np.arange(3.0), title="p") is first and len(first) == 2
    plains = (reserve_axis_margins(lean_template(fit_any_width(p))) for p in pieces(np.arange(3.0), title="p"))
    for piece, plain in zip(first, plains):
        assert isinstance(piece, SerialisedFigure) and piece.to_dict() is piece.to_dict()
        assert plotly.io.to_json(piece, validate=False) == plotly.io.to_json(plain, validate=False)


def test_markdown_characters_are_shown_as_written():
    assert plain_markdown("for 'a_b' · 99th percentile of |value| $x$ *y*") == \
        r"for 'a\_b' · 99th percentile of \|value\| \$x\$ \*y\*"


def test_the_title_leaves_the_figure_and_a_default_or_underneath_legend_moves_above_the_plot():
    fig = go.Figure([go.Scatter(y=[1, 2], name="a"), go.Scatter(y=[2, 1], name="b")],
                    layout=dict(title="a title much too long for a phone", height=400, margin=dict(t=60)))
    fit_any_width(fig)
    assert fig.heading == "a title much too long for a phone" and fig.layout.title.text is None
    assert fig.layout.margin.t == 25  # the title's 35 px are given back
    legend = fig.layout.legend
    assert (legend.orientation, legend.x, legend.xanchor, legend.yanchor) == ("h", 0, "left", "bottom")
    assert legend.y > 1
    under = fit_any_width(go.Figure(go.Scatter(y=[1]), layout=dict(legend=dict(orientation="h", y=-0.25))))
    assert under.heading == "" and under.layout.legend.y > 1 and under.layout.legend.yanchor == "bottom"
    placed = fit_any_width(go.Figure(go.Scatter(y=[1]), layout=dict(legend=dict(orientation="v", x=1.02, y=0.5))))
    assert (placed.layout.legend.orientation, placed.layout.legend.x, placed.layout.legend.y) == ("v", 1.02, 0.5)


def two_panels(values: np.ndarray) -> go.Figure:
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=("left", "right"))
    fig.add_scatter(y=values, row=1, col=1)
    fig.add_scatter(y=2 * values, row=1, col=2)
    return fig.update_layout(title_text="both")


def test_panels_are_cached_apart_from_the_whole_figure_and_each_has_its_heading():
    title, (left, right) = panels(two_panels, np.arange(3.0))
    assert panels(two_panels, np.arange(3.0))[1][0] is left
    assert figure(two_panels, np.arange(3.0)) is not left
    assert title == "both" and (left.heading, right.heading) == ("left", "right")
    assert list(right.data[0].y) == [0.0, 2.0, 4.0] and isinstance(right, SerialisedFigure)


def test_the_template_keeps_the_defaults_of_the_traces_the_figure_has():
    import plotly.io

    fig = go.Figure(go.Scatter(y=[1, 2]), layout=dict(template="plotly_white"))
    whole = fig.layout.template
    lean_template(fig)
    assert fig.layout.template.data.scatter == whole.data.scatter and fig.layout.template.layout == whole.layout
    assert not fig.layout.template.data.heatmap and not fig.layout.template.data.bar
    assert len(plotly.io.to_json(fig, validate=False)) < 4_000


def test_margins_are_reserved_for_the_usual_tick_labels_and_titles():
    # y from 0 to 1: ticks 0 ... 1 a step of 0.2 apart; the widest label '0.2' is 3 x 0.6 x 13 px = 23.4 px,
    # plus 10 px to the plot and 30 px for the title: 63 px. One line of x labels: 13 + 4 + 10 + 30 = 57 px.
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[0.0, 0.5, 1.0]),
                    layout=dict(font=dict(size=13), margin=dict(l=50, r=20, t=25, b=50),
                                xaxis=dict(title=dict(text="epoch")), yaxis=dict(title=dict(text="error"))))
    margin = reserve_axis_margins(fig).layout.margin
    assert (margin.l, margin.r, margin.t, margin.b) == (63, 20, 25, 57)


def test_category_labels_set_the_left_margin_and_wide_margins_stay():
    # 'ResNet-110' is 10 characters: 78 px, plus 10 px, no title
    fig = go.Figure(go.Bar(x=[1, 2], y=["ResNet-110", "a"], orientation="h"),
                    layout=dict(font=dict(size=13), margin=dict(l=40, b=120)))
    margin = reserve_axis_margins(fig).layout.margin
    assert (margin.l, margin.b) == (88, 120)


def test_hidden_tick_labels_and_charts_without_axes_keep_their_margins():
    hidden = go.Figure(go.Heatmap(z=[[1, 2], [3, 4]]), layout=dict(margin=dict(l=6, b=6)))
    hidden.update_xaxes(showticklabels=False).update_yaxes(showticklabels=False)
    assert (reserve_axis_margins(hidden).layout.margin.l, hidden.layout.margin.b) == (6, 6)
    pie = go.Figure(go.Pie(values=[1, 2]), layout=dict(margin=dict(l=6, b=6)))
    assert (reserve_axis_margins(pie).layout.margin.l, pie.layout.margin.b) == (6, 6)


def test_percent_ticks_and_chinese_text_are_measured_as_drawn():
    assert text_px("残差", 13) == 26 and text_px("ab", 10) == 12
    fig = go.Figure(go.Scatter(y=[0.0, 1.0]), layout=dict(font=dict(size=10), margin=dict(l=0),
                                                          yaxis=dict(tickformat=".0%")))
    assert reserve_axis_margins(fig).layout.margin.l == 34  # '100%': 4 x 6 px + 10 px


def test_a_title_wider_than_a_phone_breaks_into_lines_of_about_equal_length():
    # 'aaaa bbbb' at 10 px is 9 x 0.5 x 10 = 45 px: two lines of at most 1.15 x 45 / 2 = 25.9 px
    assert wrap_line("aaaa bbbb", 10, width_px=30) == "aaaa<br>bbbb"
    assert wrap_line("aaaa bbbb", 10, width_px=45) == "aaaa bbbb"  # fits: unchanged
    assert wrap_line("残差单元", 10, width_px=25) == "残差<br>单元"  # 40 px; Chinese breaks between characters
    assert wrap_line("a<br>b c d e f", 10, width_px=5) == "a<br>b c d e f"  # already broken by its author
    assert wrap_line("unbreakable_word", 10, width_px=5) == "unbreakable_word"


def test_long_x_axis_titles_wrap_and_the_bottom_margin_makes_room_for_each_line():
    # the title's font is 1.2 x 10 = 12 px: 60 letters are 360 px, two lines; the second takes 1.3 x 12 = 15.6 px more
    title = " ".join(["abcde"] * 10)
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 2]), layout=dict(font=dict(size=10), margin=dict(l=0, b=0),
                                                                xaxis=dict(title=dict(text=title))))
    wrap_axis_titles(fig)
    assert fig.layout.xaxis.title.text.count("<br>") == 1
    assert reserve_axis_margins(fig).layout.margin.b == round(10 + 4 + 10 + 30 + 15.6)


def test_a_y_axis_title_longer_than_most_of_the_plot_wraps_and_the_left_margin_makes_room():
    # plot: 300 - 20 - 80 = 200 px high, room for 0.75 x 200 = 150 px of title; at 12 px, 'abcde' x 6 is 210 px
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 2]),
                    layout=dict(font=dict(size=10), height=300, margin=dict(t=20, b=80, l=0),
                                yaxis=dict(title=dict(text=" ".join(["abcde"] * 6)), tickvals=[1], ticktext=["ab"])))
    wrap_axis_titles(fig)
    assert fig.layout.yaxis.title.text == "abcde abcde abcde<br>abcde abcde abcde"
    # 'ab' is 12 px wide, 10 px to the plot, 30 px for the first title line, 1.3 x 12 px for the second
    assert reserve_axis_margins(fig).layout.margin.l == round(12 + 10 + 30 + 15.6)
