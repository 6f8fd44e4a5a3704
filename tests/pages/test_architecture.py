"""The architecture explorer in AppTest: default answer, family switch, invalid depth, unit selection,
preset links and the Chinese interface."""

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import assert_clean, open_page
from tests.pages.apptest import open_link as _open_link

METRICS = "Parameters", "Multiply-adds per image", "Weighted layers (convs + fc)"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_view_answers_with_resnet50():
    at = open_page("architecture")
    assert at.title[0].value == "Architecture explorer"
    assert metrics(at) == {METRICS[0]: "25,557,032", METRICS[1]: "4,089,184,256", METRICS[2]: "50"}
    stage_table = at.dataframe[0].value
    assert stage_table.iloc[-1]["parameters"] == "25,557,032"
    assert stage_table["stage"].tolist()[:3] == ["conv1", "max-pool", "conv2_x"]
    table1 = at.dataframe[2].value
    assert table1.set_index("layer").loc["conv4_x", "ResNet-101"] == "[1×1, 256 · 3×3, 256 · 1×1, 1024] × 23"
    paper = at.dataframe[3].value
    assert paper["multiply-adds, paper stride (G)"].tolist() == ["1.814", "3.664", "3.858", "7.570", "11.282"]
    text = " ".join(m.value for m in at.markdown)
    assert "77,070,336" in text and "231,211,008" in text  # V1.5 extra cost, per stage and in all
    assert len(at.get("plotly_chart")) == 4  # the network, the stage shares, parameters and multiply-adds by depth
    assert sum(len(chart.proto.spec) for chart in at.get("plotly_chart")) < 2_000_000

    at.radio(key="arch_stride").set_value("paper").run()
    assert_clean(at)
    assert metrics(at)[METRICS[1]] == "3,857,973,248"

    at.selectbox(key="arch_unit").set_value("layer4.0").run()
    assert_clean(at)
    assert any("conv5_x, block 1 of 3" in m.value for m in at.markdown)
    assert at.dataframe[1].value["layer"].tolist()[0] == "layer4.0.conv1"


def test_cifar_family_and_invalid_depth():
    at = open_page("architecture")
    at.radio(key="arch_family").set_value("cifar").run()
    assert_clean(at)
    assert metrics(at)[METRICS[0]] == "269,722" and metrics(at)[METRICS[2]] == "20"
    assert at.dataframe[2].value["parameters"].tolist()[-1] == "19,421,274"  # CIFAR comparison table
    at.selectbox(key="arch_shortcut").set_value("B").run()
    assert metrics(at)[METRICS[0]] == "272,474"
    at.selectbox(key="arch_cifar_depth").set_value("custom").run()
    at.number_input(key="arch_custom").set_value(21).run()
    assert_clean(at)
    assert any("6n+2" in e.value for e in at.error)
    at.number_input(key="arch_custom").set_value(26).run()
    assert_clean(at)
    assert not at.error and metrics(at)[METRICS[2]] == "26"


def open_link(query: dict[str, str]) -> AppTest:
    return _open_link("architecture", query)


def test_a_preset_link_opens_the_same_view():
    at = open_link({"arch_depth": "101", "arch_stride": "paper", "arch_unit": "layer3.22"})
    assert at.selectbox(key="arch_depth").value == 101 and at.radio(key="arch_stride").value == "paper"
    assert at.selectbox(key="arch_unit").value == "layer3.22"
    assert metrics(at)[METRICS[0]] == "44,549,160" and not at.warning
    assert any("conv4_x, block 23 of 23" in m.value for m in at.markdown)


def test_a_cifar_link_and_refused_values():
    at = open_link({"arch_family": "cifar", "arch_cifar_depth": "custom", "arch_custom": "21",
                    "arch_shortcut": "Z", "arch_preact": "v2", "arch_unit": "layer9.0"})
    assert at.radio(key="arch_family").value == "cifar" and at.radio(key="arch_preact").value == "v2"
    assert at.number_input(key="arch_custom").value == 26  # 21 is not 6n+2: the default
    assert at.selectbox(key="arch_shortcut").value == "A" and at.selectbox(key="arch_unit").value == "layer2.0"
    warnings = " ".join(w.value for w in at.warning)
    assert "'21'" in warnings and "'Z'" in warnings and "layer9.0" in warnings
    assert metrics(at)[METRICS[2]] == "26"


def test_the_page_in_chinese():
    at = open_page("architecture", {"lang": "zh"})
    assert at.title[0].value == "网络结构浏览"
    labels = {m.label: m.value for m in at.metric}
    assert labels["参数量"] == "25,557,032"  # the numbers do not change with the language
    stage_table = at.dataframe[0].value
    assert stage_table["阶段"].tolist()[1] == "最大池化" and stage_table["阶段"].tolist()[-1] == "合计"
    assert "瓶颈结构" in stage_table["块的类型"].tolist()[2]
    assert any("乘加" in m.value for m in at.markdown)
    at.radio(key="arch_family").set_value("cifar").run()
    assert_clean(at)
    assert at.dataframe[0].value["阶段"].tolist()[1] == "阶段 1"


def test_the_unit_summary_prints_the_librarys_parameters_and_multiply_adds():
    """Every number of the chosen unit's sentence, against the library's own description of the unit."""
    from resnet_viz.analyses.architecture import describe_imagenet
    from resnet_viz.figures._style import fmt_int

    at = open_page("architecture")
    units = {u.name: u for u in describe_imagenet(50).units}
    for name in ("layer2.0", "layer4.0"):
        at.selectbox(key="arch_unit").set_value(name).run()
        unit = units[name]
        sentence = next(m.value for m in at.markdown if "multiply-adds." in m.value and "parameters" in m.value)
        assert unit.params != unit.macs
        assert f", {fmt_int(unit.params)} parameters, {fmt_int(unit.macs)} multiply-adds." in sentence
