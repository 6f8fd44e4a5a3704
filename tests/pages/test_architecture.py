"""The architecture explorer in AppTest: default answer, family switch, invalid depth, unit selection."""

from tests.pages.apptest import assert_clean, open_page

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
    assert len(at.get("plotly_chart")) == 3
    assert sum(len(chart.proto.spec) for chart in at.get("plotly_chart")) < 2_000_000

    at.radio(key="arch_stride").set_value("paper: on the first 1×1 conv").run()
    assert_clean(at)
    assert metrics(at)[METRICS[1]] == "3,857,973,248"

    at.selectbox(key="arch_unit").set_value("layer4.0").run()
    assert_clean(at)
    assert any("conv5_x, block 1 of 3" in m.value for m in at.markdown)
    assert at.dataframe[1].value["layer"].tolist()[0] == "layer4.0.conv1"


def test_cifar_family_and_invalid_depth():
    at = open_page("architecture")
    at.radio(key="arch_family").set_value("CIFAR-10 (32 × 32)").run()
    assert_clean(at)
    assert metrics(at)[METRICS[0]] == "269,722" and metrics(at)[METRICS[2]] == "20"
    assert at.dataframe[2].value["parameters"].tolist()[-1] == "19,421,274"  # CIFAR comparison table
    at.selectbox(key="arch_shortcut").set_value("B").run()
    assert metrics(at)[METRICS[0]] == "272,474"
    at.selectbox(key="arch_cifar_depth").set_value("other 6n+2…").run()
    at.number_input(key="arch_custom").set_value(21).run()
    assert_clean(at)
    assert any("6n+2" in e.value for e in at.error)
    at.number_input(key="arch_custom").set_value(26).run()
    assert_clean(at)
    assert not at.error and metrics(at)[METRICS[2]] == "26"
