"""'Show the code' boxes send nothing while closed and the library's own source once opened."""

import inspect

from streamlit.testing.v1 import AppTest


def _page() -> None:
    from resnet_viz.analyses.gradients import lambda_law
    from ui.source import show_source

    show_source("Show the code", "How the law is computed:", lambda_law, key="demo_code")


def test_a_closed_box_holds_no_code_and_an_open_one_the_source():
    from resnet_viz.analyses.gradients import lambda_law

    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert [e.label for e in at.expander] == ["Show the code"] and len(at.code) == 0 and len(at.markdown) == 0
    at.session_state["demo_code"] = True  # what opening the box does
    at.run()
    assert [c.value.strip() for c in at.code] == [inspect.getsource(lambda_law).strip()]
    assert at.markdown[0].value == "How the law is computed:"
