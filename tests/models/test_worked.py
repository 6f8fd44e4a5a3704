import pytest
import torch
import torch.nn.functional as F

from resnet_viz.models import WorkedBlock


def test_article_order_matches_the_written_formulas():
    torch.manual_seed(0)
    block = WorkedBlock(order="article")
    x = torch.rand(1, 3, 64, 64)
    stages = block.stages(x)
    y1 = F.relu(F.conv2d(x, block.conv1.weight, block.conv1.bias, padding=1))
    y2 = F.relu(F.conv2d(y1, block.conv2.weight, block.conv2.bias, padding=1))
    assert torch.allclose(stages["relu1"], y1) and torch.allclose(stages["F(x)"], y2)
    assert torch.allclose(stages["out"], F.relu(y2 + x))
    assert stages["out"].shape == (1, 3, 64, 64)
    assert (stages["F(x)"] >= 0).all()  # ReLU before the add: the branch can only add


def test_paper_order_adds_before_relu_and_branch_can_be_negative():
    torch.manual_seed(0)
    block = WorkedBlock(order="paper").eval()
    x = torch.rand(1, 3, 16, 16)
    stages = block.stages(x)
    assert "relu2" not in stages and (stages["F(x)"] < 0).any()
    assert torch.allclose(stages["out"], F.relu(stages["bn2"] + x))


def test_zero_branch_gives_identity_for_non_negative_input():
    block = WorkedBlock(order="article", branch_scale=0.0)
    x = torch.rand(1, 3, 8, 8)
    assert torch.equal(block(x), x)


def test_stage_names_list_the_keys_of_stages_in_order():
    for order in ("article", "paper"):
        block = WorkedBlock(order=order).eval()
        assert tuple(block.stages(torch.rand(1, 3, 6, 6))) == block.stage_names


def test_set_conv_loads_weights_and_the_paper_order_has_no_bias():
    article_block, paper_block = WorkedBlock(order="article"), WorkedBlock(order="paper")
    weight, bias = torch.arange(81.0).view(3, 3, 3, 3), torch.tensor([1.0, 2.0, 3.0])
    article_block.set_conv("conv2", weight, bias)
    paper_block.set_conv("conv2", weight, bias)
    assert torch.equal(article_block.conv2.weight, weight) and torch.equal(article_block.conv2.bias, bias)
    assert torch.equal(paper_block.conv2.weight, weight) and paper_block.conv2.bias is None
    with pytest.raises(ValueError, match="conv1 or conv2"):
        article_block.set_conv("bn1", weight)


def test_batch_statistics_make_eval_mode_equal_training_mode():
    torch.manual_seed(1)
    block = WorkedBlock(order="paper")
    x = torch.rand(1, 3, 16, 16)
    with torch.no_grad():
        block.use_batch_statistics(x)
        stages = block.eval().stages(x)
        # Reference: training-mode BN computed with functional ops, batch statistics of this very input.
        h = F.conv2d(x, block.conv1.weight, padding=1)
        y1 = F.relu(F.batch_norm(h, None, None, block.bn1.weight, block.bn1.bias, training=True))
        h2 = F.conv2d(y1, block.conv2.weight, padding=1)
        branch = F.batch_norm(h2, None, None, block.bn2.weight, block.bn2.bias, training=True)
    assert torch.allclose(stages["bn2"], branch, atol=1e-5)
    assert torch.allclose(stages["out"], F.relu(x + branch), atol=1e-5)
    assert torch.allclose(block.bn1.running_mean, h.mean(dim=(0, 2, 3)))
    # article 000's order has no BN: nothing to store, nothing changes
    article_block = WorkedBlock(order="article")
    article_block.use_batch_statistics(x)
