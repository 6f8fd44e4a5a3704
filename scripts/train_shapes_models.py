"""Train the shipped shapes classifiers (ResNet-20 and its plain twin) and save them as safetensors.

    .venv/bin/python scripts/train_shapes_models.py            # both models, the recipe below
    .venv/bin/python scripts/train_shapes_models.py --only plain --epochs 4

Deterministic for a given torch version and thread count: data, initialisation and batch order all
come from fixed seeds. A few minutes on two CPU cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resnet_viz.analyses.trained import (  # noqa: E402
    SHAPES_MODELS,
    build_shapes_model,
    checkpoint_path,
    heldout_shapes,
    training_shapes,
)
from resnet_viz.analyses.training import evaluate, train_classifier  # noqa: E402

# Article 004's cosine schedule (a warm-up, then cosine decay); the degradation page compares it with the paper's.
RECIPE = dict(train_images=6000, epochs=20.0, batch_size=64, lr=0.1, warmup_steps=50, weight_decay=5e-4,
              schedule="cosine", init_seed=0, order_seed=0, heldout_images=1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(SHAPES_MODELS), default=None)
    parser.add_argument("--epochs", type=float, default=RECIPE["epochs"])
    parser.add_argument("--train-images", type=int, default=RECIPE["train_images"])
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (the machine is shared)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the files (default: the package's)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    train = training_shapes(args.train_images)
    heldout = heldout_shapes(RECIPE["heldout_images"])
    for kind in [args.only] if args.only else list(SHAPES_MODELS):
        model = build_shapes_model(kind, seed=RECIPE["init_seed"])
        start = time.perf_counter()
        train_classifier(
            model, train, epochs=args.epochs, batch_size=RECIPE["batch_size"], lr=RECIPE["lr"],
            weight_decay=RECIPE["weight_decay"], warmup_steps=RECIPE["warmup_steps"], schedule=RECIPE["schedule"],
            seed=RECIPE["order_seed"],
            on_record=lambda r, k=kind: print(f"{k}: epoch {r.epoch:.1f} loss {r.train_loss:.3f} "
                                              f"train error {r.train_error:.3f}", flush=True),
        )
        accuracy = 1.0 - evaluate(model, heldout)
        path = checkpoint_path(kind) if args.out is None else args.out / checkpoint_path(kind).name
        path.parent.mkdir(parents=True, exist_ok=True)
        from safetensors.torch import save_file

        state = {name: tensor.detach().cpu().contiguous() for name, tensor in model.state_dict().items()}
        save_file(state, str(path), metadata={
            "model": SHAPES_MODELS[kind].title, "heldout_accuracy": f"{accuracy:.4f}",
            "recipe": repr(RECIPE | {"epochs": args.epochs, "train_images": args.train_images}),
            "torch": torch.__version__,
        })
        print(f"{kind}: held-out accuracy {accuracy:.2%} on {len(heldout):,} images, "
              f"{time.perf_counter() - start:.0f} s, {path.stat().st_size:,} bytes -> {path}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
