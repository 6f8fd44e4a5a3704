"""Several pages' computations at once, in threads, on the same shared (cached) models.

Each result must equal its single-threaded reference, and the shared models must come out exactly as
they went in: no hooks left, no mode or requires_grad flipped, weights untouched.
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from resnet_viz.analyses.attributions import attribute
from resnet_viz.analyses.features import extract_features
from resnet_viz.analyses.trained import heldout_shapes, load_shapes_model
from resnet_viz.models import imagenet_resnet


def frozen(model: torch.nn.Module) -> torch.nn.Module:
    """What ui/models.py caches for every session: eval mode, no parameter gradients."""
    model.eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model


def snapshot(model: torch.nn.Module) -> dict:
    hooks = sum(len(m._forward_hooks) + len(m._forward_pre_hooks) + len(m._backward_hooks)
                + len(getattr(m, "_full_backward_hooks", {}) or {}) for m in model.modules())
    return {
        "hooks": hooks,
        "training": [m.training for m in model.modules()],
        "requires_grad": [p.requires_grad for p in model.parameters()],
        "state": {k: v.clone() for k, v in model.state_dict().items()},
    }


def assert_unchanged(before: dict, after: dict) -> None:
    assert after["hooks"] == before["hooks"] == 0
    assert after["training"] == before["training"]
    assert after["requires_grad"] == before["requires_grad"]
    assert all(torch.equal(before["state"][k], after["state"][k]) for k in before["state"])


def test_pages_computations_in_threads_match_single_threaded_references():
    torch.manual_seed(0)
    shared_imagenet = frozen(imagenet_resnet(18))
    shared_shapes = frozen(load_shapes_model("residual"))
    photos = torch.randn(3, 1, 3, 64, 64, generator=torch.Generator().manual_seed(1))
    shapes = heldout_shapes(4)
    methods = ["integrated_gradients", "guided_backprop", "deeplift", "gradcam", "saliency"]

    def features_job(index: int):
        maps = extract_features(shared_imagenet, photos[index])
        return {k: v.clone() for k, v in maps.items()}

    def attribution_job(method: str, index: int):
        target = int(shapes.labels[index])
        return attribute(shared_shapes, shapes.images[index], target, method, {"n_steps": 16}
                         if method == "integrated_gradients" else None).values

    jobs = [("features", (i,)) for i in range(3)] + [(m, (i,)) for i in range(2) for m in methods]

    def run(job):
        kind, args = job
        return features_job(*args) if kind == "features" else attribution_job(kind, *args)

    before = {"imagenet": snapshot(shared_imagenet), "shapes": snapshot(shared_shapes)}
    references = [run(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(2):  # twice, so that jobs overlap in different orders
            results = list(pool.map(run, jobs[::-1]))[::-1]
            for job, result, reference in zip(jobs, results, references):
                if job[0] == "features":
                    assert result.keys() == reference.keys()
                    assert all(torch.equal(result[k], reference[k]) for k in reference), job
                else:
                    np.testing.assert_allclose(result, reference, rtol=1e-5, atol=1e-6, err_msg=str(job))
    assert_unchanged(before["imagenet"], snapshot(shared_imagenet))
    assert_unchanged(before["shapes"], snapshot(shared_shapes))


def test_seeded_model_building_is_deterministic_across_threads():
    from resnet_viz.models import cifar_resnet

    seeds = [0, 1, 2, 3] * 3
    references = {seed: cifar_resnet(14, seed=seed).state_dict() for seed in set(seeds)}
    with ThreadPoolExecutor(max_workers=6) as pool:
        built = list(pool.map(lambda seed: cifar_resnet(14, seed=seed).state_dict(), seeds))
    for seed, state in zip(seeds, built):
        assert all(torch.equal(state[k], references[seed][k]) for k in state), seed


def test_flop_counting_does_not_disturb_other_threads():
    """FlopCounterMode's own module tracker hooks every module in the process; ours hooks only its model."""
    from resnet_viz.analyses.architecture import describe_cifar

    shapes = heldout_shapes(2)
    model = frozen(load_shapes_model("residual"))
    reference = attribute(model, shapes.images[0], int(shapes.labels[0]), "saliency").values
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = [pool.submit(describe_cifar, 56) for _ in range(4)]
        grads = [pool.submit(lambda: attribute(model, shapes.images[0], int(shapes.labels[0]), "saliency").values)
                 for _ in range(8)]
        for future in grads:
            np.testing.assert_allclose(future.result(), reference, rtol=1e-6)
        totals = {future.result().macs for future in counts}
    assert totals == {125_485_696}  # CIFAR ResNet-56 (checked by hand: 442,368 + 42,467,328 + 2 x 41,287,680 + 640)
