"""The gradient-flow page in AppTest: the default answer, the lambda law, training snapshots, bad settings."""

import json
import math

from streamlit.testing.v1 import AppTest

from resnet_viz.analyses.gradients import FlowConfig, compare_plain_residual, lambda_law
from resnet_viz.figures.gradients import format_norm, format_power
from tests.pages.apptest import APP, TIMEOUT, assert_clean, open_link, open_page, script

STATE = {"settings_device": "cpu", "settings_seed": 0}
CHEAP = {**STATE, "gf_depth": 20, "gf_bn": "off", "gf_init": "he", "gf_lambda": 0.5, "gf_batch": 4,
         "gf_law_depth": 20, "gf_law_lambdas": [0.5, 2.0], "gf_law_dtype": "float32", "gf_train_depth": 20,
         "gf_train_bn": False}


def metrics(at) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for metric in at.metric:
        found.setdefault(metric.label, []).append(metric.value)
    return found


def test_default_view_answers_plain56_vs_resnet56_at_init():
    at = open_page("gradient_flow", STATE)
    assert at.title[0].value == "Gradient flow"
    found = metrics(at)
    for bn, index in ((False, 0), (True, 1)):
        reference = compare_plain_residual(FlowConfig(depth=56, bn=bn, init="default", batch_size=16, seed=0))
        assert found["plain-56"][index] == format_norm(reference.plain.input_ratio)
        assert found["ResNet-56"][index] == format_norm(reference.residual.input_ratio)
    assert [t.label for t in at.tabs] == ["w.r.t. each block's input", "w.r.t. each layer's weights",
                                          "Numbers"]
    assert len(at.get("plotly_chart")) == 5  # the open tab's inputs chart, lambda law, three training snapshots
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["yaxis"]["type"] == "log"
    law_table = at.dataframe[0].value
    assert law_table["λ"].tolist() == ["0.5", "0.9", "1", "1.1"]
    assert law_table["analytic λ^54"].tolist() == ["5.6 × 10⁻¹⁷", "0.00338", "1", "172"]  # docs/ARCHITECTURE.md values
    assert law_table["measured ‖∂L/∂x₀‖ / ‖∂L/∂x_54‖"].tolist() == ["5.6 × 10⁻¹⁷", "0.00338", "1", "172"]
    snapshots = at.dataframe[1].value
    assert snapshots["step"].tolist() == [0, 10, 100, 0, 10, 100]


def test_cheap_settings_and_float32_law():
    at = open_page("gradient_flow", {**CHEAP, "gf_tab": "numbers"})
    reference = compare_plain_residual(FlowConfig(depth=20, bn=False, init="he", shortcut_scale=0.5, batch_size=4))
    found = metrics(at)
    assert found["plain-20"] == [format_norm(reference.plain.input_ratio)]
    assert found["ResNet-20"] == [format_norm(reference.residual.input_ratio)]
    numbers = at.dataframe[0].value  # one column per net, one row per quantity
    assert list(numbers.columns) == ["plain-20 · batch norm off", "ResNet-20 · batch norm off"]
    assert numbers.loc["ratio x₀ / x_L"].tolist() == [format_norm(reference.plain.input_ratio),
                                                      format_norm(reference.residual.input_ratio)]
    assert numbers.loc["loss"].tolist() == [f"{reference.plain.loss:.4f}", f"{reference.residual.loss:.4f}"]
    law_table = at.dataframe[1].value
    for row, lam in zip(law_table.to_dict("records"), (0.5, 2.0)):
        law = lambda_law(20, lam, dtype="float32")
        assert row["analytic λ^9"] == format_power(9 * math.log10(lam))
        assert row["measured ‖∂L/∂x₀‖ / ‖∂L/∂x_9‖"] == format_power(law.log10_corrected[0])


def test_bad_settings_fall_back_or_are_explained():
    at = open_page("gradient_flow", {**CHEAP, "gf_depth": 21, "gf_lambda": "x", "gf_batch": -5,
                                     "gf_law_lambdas": "bad", "gf_bn": "maybe", "gf_train_depth": 1202})
    assert at.session_state["gf_depth"] == 56 and at.session_state["gf_lambda"] == 1.0
    assert at.session_state["gf_batch"] == 1 and at.session_state["gf_train_depth"] == 20
    assert at.session_state["gf_bn"] == "both" and len(at.metric) == 4
    assert at.session_state["gf_law_lambdas"] == "0.5,0.9,1,1.1"
    assert at.multiselect(key="gf_law_lambdas_pick").value == [0.5, 0.9, 1.0, 1.1]
    refused = open_page("gradient_flow", {**CHEAP, "gf_depth": 2402, "gf_batch": 64})
    errors = " ".join(e.value for e in refused.error)
    assert "GiB" in errors and "batch of at most" in errors
    assert len(refused.get("plotly_chart")) == 4  # the law and the three training snapshots still render


def test_page_renders_in_chinese():
    at = open_page("gradient_flow", {**CHEAP, "lang": "zh", "gf_tab": "numbers"})
    assert at.title[0].value == "梯度流"
    assert at.subheader[0].value == "原因：链式法则中的恒等路径"
    assert "普通网络-20" in metrics(at) and "ResNet-20" in metrics(at)
    numbers = at.dataframe[0].value
    assert list(numbers.columns) == ["普通网络-20 · 批归一化 关", "ResNet-20 · 批归一化 关"] and "损失" in numbers.index
    assert len(at.get("plotly_chart")) == 4  # law, three training snapshots; tab: numbers


def test_preset_link_sets_every_widget_and_refuses_bad_values():
    query = {"settings_device": "cpu", "gf_depth": "20", "gf_bn": "off", "gf_init": "he", "gf_lambda": "0.5",
             "gf_batch": "4", "gf_law_depth": "20", "gf_law_lambdas": "0.5,2", "gf_law_dtype": "float32",
             "gf_train_depth": "1202", "gf_train_bn": "0"}
    at = open_link("gradient_flow", query)
    assert at.selectbox(key="gf_depth").value == 20 and at.radio(key="gf_bn").value == "off"
    assert at.selectbox(key="gf_init").value == "he" and at.slider(key="gf_lambda").value == 0.5
    assert at.slider(key="gf_batch").value == 4 and at.selectbox(key="gf_law_depth").value == 20
    assert at.multiselect(key="gf_law_lambdas_pick").value == [0.5, 2.0]
    assert at.radio(key="gf_law_dtype").value == "float32" and at.radio(key="gf_train_bn").value is False
    assert at.selectbox(key="gf_train_depth").value == 20  # refused: back to the default
    assert "'1202'" in " ".join(w.value for w in at.warning)
    assert len(at.metric) == 2


def test_bad_lambda_list_in_the_link_falls_back():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in {**{k: str(v) for k, v in STATE.items()}, "gf_depth": "20", "gf_bn": "off",
                       "gf_batch": "4", "gf_law_depth": "20", "gf_law_lambdas": "0.5,7"}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(script("gradient_flow"))
    at.run()
    assert_clean(at)
    assert at.multiselect(key="gf_law_lambdas_pick").value == [0.5, 0.9, 1.0, 1.1]
    assert "0.5,7" in " ".join(w.value for w in at.warning)


def test_only_the_open_tab_is_built_and_the_link_names_it():
    weights = open_page("gradient_flow", {**CHEAP, "gf_tab": "weights"})
    charts = weights.get("plotly_chart")
    assert len(charts) == 5 and charts[0].key == "gf_weights"
    assert any("w.r.t. each layer's weights" in m.value for m in weights.markdown)  # the chart's title, above it
    assert len(weights.dataframe) == 2  # the law and the snapshots: the numbers tab's table is not built
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in {"settings_device": "cpu", "gf_depth": "20", "gf_bn": "off", "gf_batch": "4",
                       "gf_law_depth": "20", "gf_tab": "secret"}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(script("gradient_flow"))
    at.run()
    assert_clean(at)
    assert at.session_state["gf_tab"] == "inputs" and "'secret'" in " ".join(w.value for w in at.warning)
