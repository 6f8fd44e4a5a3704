import torch

from resnet_viz.data import SHAPE_CLASSES, make_shapes


def test_deterministic_and_balanced():
    a, b = make_shapes(60, seed=1), make_shapes(60, seed=1)
    assert torch.equal(a.images, b.images) and torch.equal(a.labels, b.labels) and torch.equal(a.masks, b.masks)
    assert not torch.equal(a.images, make_shapes(60, seed=2).images)
    assert torch.bincount(a.labels, minlength=len(SHAPE_CLASSES)).tolist() == [10] * len(SHAPE_CLASSES)


def test_shapes_ranges_and_masks():
    data = make_shapes(24, size=32, seed=0)
    assert data.images.shape == (24, 3, 32, 32) and data.masks.shape == (24, 32, 32)
    assert data.images.min() >= 0 and data.images.max() <= 1
    share = data.masks.float().mean(dim=(1, 2))
    assert (share > 0.03).all() and (share < 0.6).all()  # every image has a visible, not full-frame object
    # the object differs in colour from its surroundings
    for image, mask in zip(data.images, data.masks):
        inside = image[:, mask].mean(dim=1)
        outside = image[:, ~mask].mean(dim=1)
        assert (inside - outside).abs().max() > 0.15
