"""Measure the attribution maps of a shipped shapes model: ``python experiments/faithfulness.py``.

Deletion and insertion curves (Petsiuk et al. 2018) over held-out images for every Captum method, a random map
and the true object mask, and cascading randomisation by stage (Adebayo et al. 2018). Writes the stored default
the Attributions page's Faithfulness tab opens on (``--write``), and prints the summary table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resnet_viz.analyses.attributions import METHODS  # noqa: E402
from resnet_viz.analyses.faithfulness import REFERENCES, cascade_study, faithfulness_study  # noqa: E402
from resnet_viz.analyses.faithfulness_store import (  # noqa: E402
    CASCADE_IMAGES,
    CURVE_IMAGES,
    STEPS,
    stored_path,
)
from resnet_viz.analyses.trained import build_shapes_model, heldout_shapes, load_shapes_model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="residual", choices=("residual", "plain"))
    parser.add_argument("--images", type=int, default=CURVE_IMAGES)
    parser.add_argument("--cascade-images", type=int, default=CASCADE_IMAGES)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="store the result as the page's default")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    model = load_shapes_model(args.model)
    fresh = build_shapes_model(args.model, seed=1).eval()
    data = heldout_shapes(max(args.images, args.cascade_images))
    methods = list(METHODS)
    start = time.perf_counter()
    curves = faithfulness_study(model, data.images[:args.images], data.labels[:args.images], data.masks[:args.images],
                                methods, model_name=args.model, steps=STEPS,
                                progress=lambda f: print(f"\r  curves {100 * f:5.1f}%", end="", flush=True))
    curve_seconds = time.perf_counter() - start
    print(f"\ncurves: {curve_seconds:.0f} s for {args.images} images")
    start = time.perf_counter()
    cascade = cascade_study(model, fresh, data.images[:args.cascade_images], data.labels[:args.cascade_images],
                            methods, model_name=args.model,
                            progress=lambda f: print(f"\r  cascade {100 * f:5.1f}%", end="", flush=True))
    cascade_seconds = time.perf_counter() - start
    print(f"\ncascade: {cascade_seconds:.0f} s for {args.cascade_images} images")
    print(f"{'map':<18} {'deletion AUC':>16} {'insertion AUC':>16}  beats random (del, ins)")
    for name in [*methods, *REFERENCES]:
        s = curves.summary(name)
        beats = curves.beats_random(name) if name != "random" else {"deletion": "-", "insertion": "-"}
        print(f"{name:<18} {s['deletion'][0]:8.3f} ± {s['deletion'][1]:.3f} {s['insertion'][0]:8.3f} ± "
              f"{s['insertion'][1]:.3f}  {beats['deletion']}, {beats['insertion']}")
    print("cascade (mean Spearman of |map| after randomising " + ", ".join(cascade.stages) + " in turn):")
    for method in methods:
        print(f"  {method:<18} " + " ".join(f"{v:5.2f}" for v in cascade.mean(method)))
    if args.write:
        path = stored_path(args.model)
        path.write_text(json.dumps({
            "source": f"experiments/faithfulness.py --model {args.model} --images {args.images} "
                      f"--cascade-images {args.cascade_images} --write (torch {torch.__version__})",
            "seconds": {"curves": round(curve_seconds, 1), "cascade": round(cascade_seconds, 1)},
            "curves": curves.to_dict(), "cascade": cascade.to_dict()}) + "\n")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
