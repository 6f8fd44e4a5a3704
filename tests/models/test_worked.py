import torch
import torch.nn.functional as F

from resnet_viz.models import WorkedBlock


def test_seed_order_matches_the_written_formulas():
    torch.manual_seed(0)
    block = WorkedBlock(order="seed")
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
    block = WorkedBlock(order="seed", branch_scale=0.0)
    x = torch.rand(1, 3, 8, 8)
    assert torch.equal(block(x), x)
