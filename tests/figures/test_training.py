import numpy as np

from resnet_viz.analyses.degradation import IMAGENET_TOP1_ERROR, NetResult
from resnet_viz.analyses.training import TrainingRecord
from resnet_viz.figures._style import PLAIN_COLOUR, RESIDUAL_COLOUR
from resnet_viz.figures.training import error_figure, final_errors_figure, imagenet_table_figure, loss_figure


def net(label: str, errors, final=None) -> NetResult:
    depth, residual = int(label.split("-")[1]), label.startswith("ResNet")
    records = [TrainingRecord(epoch=i + 1.0, step=i + 1, lr=0.1, train_loss=2.0 - 0.1 * i, train_error=e,
                              test_error=e + 0.05) for i, e in enumerate(errors)]
    return NetResult(label, depth, residual, 100, records, final_train_error=final)


NETS = [net("plain-20", [0.5, 0.3], 0.25), net("plain-56", [0.6, 0.45], 0.4),
        net("ResNet-20", [0.4, 0.2], 0.18), net("ResNet-56", [0.4, 0.15], 0.12)]


def test_error_figure_follows_figure_6_layout():
    fig = error_figure(NETS)
    train = {t.name: t for t in fig.data if t.line.dash is None}
    np.testing.assert_allclose(train["plain-56"].y, [60.0, 45.0])
    assert train["plain-56"].xaxis == "x" and train["ResNet-56"].xaxis == "x2"
    test = next(t for t in fig.data if t.name == "ResNet-20 test")
    np.testing.assert_allclose(test.y, [45.0, 25.0])
    assert test.line.dash == "dot"
    # one legend entry per net, which shows and hides both of its lines
    assert [t.name for t in fig.data if t.showlegend is not False] == list(train)
    assert test.legendgroup == train["ResNet-20"].legendgroup
    # deeper = thicker, same family colour scheme as the rest of the app
    assert train["plain-56"].line.width > train["plain-20"].line.width
    assert train["plain-56"].line.color == PLAIN_COLOUR
    assert train["ResNet-56"].line.color == RESIDUAL_COLOUR
    assert fig.layout.yaxis.title.text == "error (%)"


def test_loss_and_final_figures():
    loss = loss_figure(NETS)
    np.testing.assert_allclose(loss.data[0].y, [2.0, 1.9])
    assert loss.layout.yaxis.type == "log" and "epoch" in loss.layout.xaxis.title.text
    final = final_errors_figure(NETS)
    plain, resnet = final.data
    np.testing.assert_allclose(plain.y, [25.0, 40.0])
    np.testing.assert_allclose(resnet.y, [18.0, 12.0])
    assert list(plain.text) == ["25.0%", "40.0%"] and list(plain.x) == ["20 layers", "56 layers"]


def test_final_errors_skip_stopped_nets():
    stopped = net("plain-20", [0.5], None)
    fig = final_errors_figure([stopped, NETS[2]])
    assert len(fig.data) == 1 and fig.data[0].name == "ResNet"


def test_imagenet_table_figure_shows_the_papers_numbers():
    fig = imagenet_table_figure(IMAGENET_TOP1_ERROR)
    plain, resnet = fig.data
    assert list(plain.y) == [27.94, 28.54] and list(resnet.y) == [27.88, 25.03]
    assert list(plain.text) == ["27.94", "28.54"]
    assert fig.layout.yaxis.range[0] < 25.03


def test_live_curves_grow_into_a_fixed_frame():
    assert list(error_figure(NETS[:1], epochs=12).layout.xaxis.range) == [0, 12]
    assert list(error_figure(NETS[:1], epochs=12).layout.xaxis2.range) == [0, 12]
    assert list(loss_figure(NETS[:1], epochs=12).layout.xaxis.range) == [0, 12]
    assert error_figure(NETS).layout.xaxis.range is None


def test_figures_speak_chinese():
    fig = error_figure(NETS, lang="zh")
    names = [t.name for t in fig.data]
    assert "普通网络-56" in names and "ResNet-20 测试" in names
    assert fig.layout.yaxis.title.text == "误差（%）" and "训练误差" in fig.layout.title.text
    assert [a.text for a in fig.layout.annotations] == ["普通网络", "残差网络（ResNet）"]
    assert "轮次" in loss_figure(NETS, lang="zh").layout.xaxis.title.text
    final = final_errors_figure(NETS, lang="zh")
    assert list(final.data[0].x) == ["20 层", "56 层"] and final.data[0].name == "普通网络"
    table = imagenet_table_figure(IMAGENET_TOP1_ERROR, lang="zh")
    assert "论文表 2" in table.layout.title.text and list(table.data[1].y) == [27.88, 25.03]
