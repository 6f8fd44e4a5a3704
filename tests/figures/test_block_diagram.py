"""Block diagrams: every node drawn with its shape, the highlight, and the shortcut."""

from resnet_viz.figures.block_diagram import HIGHLIGHT_FILL, SHORTCUT_COLOUR, Node, block_diagram


def texts(fig):
    return [a.text for a in fig.layout.annotations]


def test_nodes_shapes_and_highlight():
    main = [Node("conv1", "conv1", "3×64×64"), Node("relu1", "ReLU", "3×64×64")]
    fig = block_diagram(Node("x", "x", "3×64×64"), main, Node("add", "+"), [Node("out", "ReLU")], highlight="relu1",
                        title="block")
    labels = " ".join(texts(fig))
    for word in ("<b>conv1</b>", "<b>ReLU</b>", "3×64×64", "identity: x", "residual branch F(x)"):
        assert word in labels
    filled = [s for s in fig.layout.shapes if s.fillcolor == HIGHLIGHT_FILL]
    assert len(filled) == 1 and filled[0].x0 < 2 < filled[0].x1  # relu1 is the third box, centred at x = 2
    assert fig.layout.title.text == "block"


def test_projection_shortcut_is_a_box_and_highlighting_the_add_thickens_the_shortcut():
    fig = block_diagram(Node("in", "input"), [Node("c", "3×3 conv<br>stride 2")], Node("add", "+"),
                        shortcut=Node("ds", "W_s: 1×1 conv, stride 2 + BN", "32×32×32"), highlight="add")
    labels = " ".join(texts(fig))
    assert "W<sub>s</sub>" in labels and "identity" not in labels and "32×32×32" in labels
    lines = [s for s in fig.layout.shapes if s.type == "path" and s.line.color == SHORTCUT_COLOUR]
    assert lines and all(s.line.width == 4 for s in lines)


def test_chinese_labels_and_wrapping_by_display_width():
    from resnet_viz.figures.block_diagram import _lines, _width

    fig = block_diagram(Node("x", "x"), [Node("c", "3×3 卷积")], Node("add", "+"), lang="zh")
    labels = " ".join(texts(fig))
    assert "恒等映射：x" in labels and "残差分支 F(x)" in labels and "identity" not in labels
    assert _width("卷积 ab") == 7
    lines = _lines("选项 A：隔一个像素取一个，零填充 8 + 8 个通道（无参数）", 24)
    assert len(lines) > 1 and all(_width(line) <= 26 for line in lines)
    assert not any(line.startswith(("\uff0c", "\uff09", "\u3002")) for line in lines)  # no closing mark starts a line
    assert _lines("option A: take every 2nd pixel", 12) == ["option A:", "take every", "2nd pixel"]
