"""The examples in the public functions' docstrings run and print what they say."""

import doctest
import importlib

import pytest

PUBLIC = [
    ("resnet_viz.models.cifar", "cifar_resnet"),
    ("resnet_viz.models.imagenet", "imagenet_resnet"),
    ("resnet_viz.analyses.block", "run_worked"),
    ("resnet_viz.analyses.features", "extract_features"),
    ("resnet_viz.analyses.attributions", "attribute"),
    ("resnet_viz.analyses.gradients", "gradient_profile"),
    ("resnet_viz.analyses.gradients", "compare_plain_residual"),
    ("resnet_viz.analyses.gradients", "lambda_law"),
]


@pytest.mark.parametrize("module, name", PUBLIC, ids=[name for _, name in PUBLIC])
def test_docstring_has_args_returns_and_a_running_example(module, name):
    namespace = vars(importlib.import_module(module))
    function = namespace[name]
    text = function.__doc__ or ""
    assert "Args:" in text and "Returns:" in text and "Example:" in text and ">>>" in text
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(function, name, globs={**namespace}):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0


EXAMPLES = [("resnet_viz.i18n", "Phrase"), ("resnet_viz.i18n", "language"), ("resnet_viz.errors", None)]


@pytest.mark.parametrize("module, name", EXAMPLES, ids=[name or module for module, name in EXAMPLES])
def test_the_examples_of_the_language_and_error_helpers_run(module, name):
    imported = importlib.import_module(module)
    target = getattr(imported, name) if name else imported
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder(recurse=False).find(target, name or module, globs=dict(vars(imported))):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
