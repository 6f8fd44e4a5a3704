"""Architecture figures and tables: what they draw equals the measured architecture."""

import math

from torchvision import models as tv_models

from resnet_viz.analyses.arch_reference import PAPER_OUTPUT_SIZE, PAPER_TABLE1_GFLOPS
from resnet_viz.analyses.architecture import describe_cifar, describe_imagenet
from resnet_viz.figures import architecture as figs


def test_network_picture_has_one_clickable_dot_per_unit():
    arch = describe_imagenet(18)
    fig = figs.network_picture(arch, selected="layer3.0")
    dots = fig.data[-1]
    assert list(dots.customdata) == [u.name for u in arch.units]
    assert list(dots.y) == [u.output_shape[1] / 2 if len(u.output_shape) == 3 else 0.5 for u in arch.units]
    stage_boxes = fig.data[:-1]
    assert [t.meta for t in stage_boxes] == [r.key for r in arch.stages]
    assert stage_boxes[2].name == "<b>conv2_x</b> 64 × 56 × 56, 2 blocks"  # its legend entry
    conv2 = stage_boxes[2]
    heights = [y for y in conv2.y if y is not None]
    assert max(heights) == 56 and conv2.x.count(None) == 2  # two blocks on 56x56 maps
    (highlight,) = fig.layout.shapes
    assert (highlight.y0, highlight.y1) == (0, 14)
    width = highlight.x1 - highlight.x0
    assert math.isclose(width, math.sqrt(256))


def test_stage_table_numbers_and_paper_sizes():
    arch = describe_imagenet(34)
    table = figs.stage_table(arch)
    total = table.iloc[-1]
    assert total["parameters"] == "21,797,672" and total["multiply-adds"] == f"{arch.macs:,}"
    assert total["blocks"] == "16"
    for (_, row), stage in zip(table.iloc[:-1].iterrows(), arch.stages):
        side = PAPER_OUTPUT_SIZE.get(stage.key)
        if side:  # the paper's output size equals the measured one
            assert row["paper output size"] == f"{side} × {side}" and stage.output_shape[1:] == (side, side)
    assert "paper output size" not in figs.stage_table(describe_cifar(20)).columns


def test_unit_table_lists_layers():
    unit = next(u for u in describe_imagenet(18).units if u.name == "layer2.0")
    table = figs.unit_table(unit)
    assert table["layer"].tolist()[0] == "layer2.0.conv1"
    assert table.set_index("layer").loc["layer2.0.conv1", "multiply-adds"] == f"{64 * 128 * 9 * 28 * 28:,}"
    assert table.set_index("layer").loc["layer2.0.downsample.0", "output shape"] == "128 × 28 × 28"


def test_comparison_tables():
    v15 = [describe_imagenet(d) for d in (18, 50)]
    paper = [describe_imagenet(d, stride_on_1x1=True) for d in (18, 50)]
    table = figs.imagenet_comparison_table(v15, paper)
    assert table["multiply-adds, torchvision stride (G)"].tolist() == ["1.814", "4.089"]
    assert table["multiply-adds, paper stride (G)"].tolist() == ["1.814", "3.858"]
    assert table["torchvision's metadata (G)"].tolist() == [
        f"{getattr(tv_models, f'ResNet{d}_Weights').IMAGENET1K_V1.meta['_ops']:.3f}" for d in (18, 50)]
    assert table["paper Table 1 “FLOPs” (×10⁹)"].tolist() == [f"{PAPER_TABLE1_GFLOPS[18]:.1f}", "3.8"]
    assert table["torchvision − paper stride"].tolist()[1] == "+231 M (+6.0%)"
    table = figs.table1(v15, paper).set_index("layer")
    assert table.loc["conv1", "ResNet-50"] == "7×7, 64, stride 2" and table.loc["conv1", "output size"] == "112 × 112"
    assert table.loc["conv2_x", "ResNet-18"] == "[3×3, 64 · 3×3, 64] × 2"
    assert table.loc["conv5_x", "ResNet-50"] == "[1×1, 512 · 3×3, 512 · 1×1, 2048] × 3"
    assert table.loc["avg pool, fc", "ResNet-50"] == "average pool, 1000-d fc"
    assert table.loc["multiply-adds, paper stride", "ResNet-50"] == "3.858 × 10⁹"
    assert table.loc["paper's “FLOPs”", "ResNet-18"] == "1.8 × 10⁹"
    cifar = figs.cifar_comparison_table([describe_cifar(20)])
    assert cifar.iloc[0]["parameters"] == "269,722" and cifar.iloc[0]["paper (Table 6)"] == "0.27 M"
    assert cifar.iloc[0]["multiply-adds"] == "40,551,040"


def test_shares_and_depth_curves():
    arch = describe_cifar(20)
    shares = figs.stage_shares(arch)
    shown = [round(v, 6) for v in shares.data[0].x]
    assert shown == [round(100 * r.params / arch.params, 6) for r in arch.stages]
    assert math.isclose(sum(shares.data[1].x), 100.0)
    curves = figs.depth_curves({"CIFAR-10": [describe_cifar(20), describe_cifar(32)]})
    assert list(curves.data[0].y) == [269_722, 464_154] and list(curves.data[0].x) == [20, 32]
    assert curves.layout.xaxis.type == "log" and curves.layout.yaxis2.type == "log"
    assert figs.shape_text((2048, 7, 7)) == "2,048 × 7 × 7"


def test_chinese_tables_and_figures_keep_the_numbers():
    arch = describe_imagenet(50)
    en, zh = figs.stage_table(arch), figs.stage_table(arch, lang="zh")
    assert list(zh.columns)[:3] == ["阶段", "输出形状 (C × H × W)", "块的类型"]
    assert zh["参数量"].tolist() == en["parameters"].tolist()
    assert zh["乘加次数"].tolist() == en["multiply-adds"].tolist()
    assert zh["阶段"].tolist() == ["conv1", "最大池化", "conv2_x", "conv3_x", "conv4_x", "conv5_x", "平均池化, fc",
                                 "合计"]
    assert zh.iloc[3]["分辨率在何处减半"] == "第 1 个块的 conv2（3×3 卷积）"
    assert zh.iloc[3]["快捷连接"] == "第 1 个块：1×1 投影；其余：恒等映射"
    unit = next(u for u in arch.units if u.name == "layer2.0")
    assert figs.unit_title(unit, "zh") == "conv3_x，第 1 个块（共 4 个）"
    kinds = figs.unit_table(unit, lang="zh")["作用"].tolist()
    assert kinds[:2] == ["卷积 1×1, 256→128", "批归一化"] and "卷积 3×3, 128→128, 步幅 2" in kinds
    assert describe_cifar(20, shortcut="B", preact=True).variant.say("zh") == "v2 预激活，快捷连接选项 B"
    assert describe_cifar(20).stages[2].shortcut.say("zh") == "第 1 个块：零填充（选项 A）；其余：恒等映射"
    picture = figs.network_picture(arch, lang="zh")
    assert "每个方框是一个单元" in picture.layout.title.text and "参数量" in picture.data[-1].hovertemplate[0]
    assert picture.layout.yaxis.title.text == "输出特征图的边长（像素）"
    shares = figs.stage_shares(arch, lang="zh")
    assert [t.name for t in shares.data] == ["参数量", "乘加次数"] and list(shares.data[0].y)[1] == "最大池化"
    curves = figs.depth_curves({"ImageNet": [arch]}, lang="zh")
    assert curves.layout.xaxis.title.text == "深度（带权重的层数）"
    paper = [describe_imagenet(50, stride_on_1x1=True)]
    table = figs.table1([arch], paper, lang="zh").set_index("层")
    assert table.loc["conv1", "ResNet-50"] == "7×7, 64, 步幅 2"
    assert table.loc["平均池化, fc", "ResNet-50"] == "平均池化, 1000 维 fc"
    assert figs.imagenet_comparison_table([arch], paper, lang="zh")["乘加次数，论文步幅位置 (G)"].tolist() == ["3.858"]
    assert figs.cifar_comparison_table([describe_cifar(20)], lang="zh").iloc[0]["参数量"] == "269,722"
