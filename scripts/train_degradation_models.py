"""Retrain seed 0 of the stored long degradation run and ship each net's weights as safetensors.

    .venv/bin/python scripts/train_degradation_models.py --threads 1                 # all four nets
    .venv/bin/python scripts/train_degradation_models.py --threads 1 --nets plain-56   # one

The recipe is ``PRESETS["long"]`` with seed 0, exactly the run the degradation page stores; with the same torch
version and thread count the final errors match ``degradation_long_seed0.json`` (the script prints both).
Each file's metadata keeps the final training and test error, the training loss, the recipe and the torch version.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resnet_viz.analyses.degradation import PRESETS, load_result, run_experiment, stored_run_path  # noqa: E402
from resnet_viz.analyses.degradation_models import (  # noqa: E402
    DEGRADATION_MODEL_NETS,
    DEGRADATION_MODEL_PRESET,
    DEGRADATION_MODEL_SEED,
    degradation_checkpoint_path,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nets", default=",".join(DEGRADATION_MODEL_NETS))
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (the machine is shared)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    preset = PRESETS[DEGRADATION_MODEL_PRESET]
    stored_path = stored_run_path(preset.name, DEGRADATION_MODEL_SEED)
    stored = load_result(stored_path) if stored_path.is_file() else None

    def save(net, model) -> None:
        from safetensors.torch import save_file

        path = degradation_checkpoint_path(net.label)
        state = {name: tensor.detach().cpu().contiguous() for name, tensor in model.state_dict().items()}
        save_file(state, str(path), metadata={
            "model": net.label, "preset": preset.name, "seed": str(DEGRADATION_MODEL_SEED),
            "final_train_error": f"{net.final_train_error:.6f}", "final_test_error": f"{net.final_test_error:.6f}",
            "final_train_loss": f"{net.final_train_loss:.6f}", "seconds": f"{net.seconds:.0f}",
            "recipe": json.dumps(dataclasses.asdict(preset)), "torch": torch.__version__,
            "threads": str(torch.get_num_threads()),
        })
        reference = stored.get(net.label) if stored is not None else None
        same = "" if reference is None else (
            f" (stored run: {100 * reference.final_train_error:.2f}%, loss {reference.final_train_loss:.4f})")
        print(f"{net.label}: training error {100 * net.final_train_error:.2f}%, loss {net.final_train_loss:.4f}"
              f"{same}, test error {100 * net.final_test_error:.2f}%, {net.seconds:.0f} s, "
              f"{path.stat().st_size:,} bytes -> {path}", flush=True)

    for label in args.nets.split(","):
        run_experiment(preset, seed=DEGRADATION_MODEL_SEED, nets=(label,), records_per_epoch=1, on_finish=save)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
