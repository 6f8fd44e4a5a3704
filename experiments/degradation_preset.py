"""Check the degradation preset over several seeds: ``python experiments/degradation_preset.py``.

Trains the preset's whole set (default: plain-20, plain-56, ResNet-20, ResNet-56) once per seed, prints
each net's final training error (eval mode, whole training set), test error and time, and whether the
paper's three claims hold. ``--write-reference`` stores the seed-0 run as the JSON the degradation page
shows before anyone clicks "Run". ``--set key=value`` overrides preset fields (for tuning).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resnet_viz.analyses.degradation import (  # noqa: E402
    PRESETS,
    REFERENCE_RUN_PATH,
    Preset,
    claims,
    run_experiment,
    save_result,
)


def override(preset: Preset, assignments: list[str]) -> Preset:
    changes = {}
    for item in assignments:
        key, _, value = item.partition("=")
        current = getattr(preset, key)
        if isinstance(current, tuple):
            changes[key] = tuple(type(current[0])(v) for v in value.split(","))
        else:
            changes[key] = type(current)(value)
    return dataclasses.replace(preset, **changes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default="cpu", choices=sorted(PRESETS))
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--write-reference", action="store_true", help=f"write seed 0 to {REFERENCE_RUN_PATH.name}")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    preset = override(PRESETS[args.preset], args.set)
    print(f"preset: {preset}\ntorch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)
    rows = []
    clock = {"wall": time.perf_counter(), "cpu": time.process_time()}

    def announce(net) -> None:
        print(f"  [{time.perf_counter() - clock['wall']:6.1f} s wall, {time.process_time() - clock['cpu']:6.1f} s CPU]"
              f" training {net.label} ({net.params:,} parameters)", flush=True)

    for seed in (int(s) for s in args.seeds.split(",")):
        wall, cpu = time.perf_counter(), time.process_time()
        clock.update(wall=wall, cpu=cpu)
        result = run_experiment(preset, seed=seed, records_per_epoch=2, on_start=announce)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        verdict = claims(result)
        errors = {net.label: net.final_train_error for net in result.nets}
        tests = {net.label: net.final_test_error for net in result.nets}
        rows.append((seed, errors, verdict, wall, cpu))
        print(f"seed {seed}: wall {wall:.1f} s, process CPU {cpu:.1f} s "
              f"({', '.join(f'{n.label} {n.seconds:.1f} s' for n in result.nets)})")
        print("  final training error: " + ", ".join(f"{k} {100 * v:.1f}%" for k, v in errors.items()))
        print("  final test error:     " + ", ".join(f"{k} {100 * v:.1f}%" for k, v in tests.items()))
        print(f"  plain-56 > plain-20: {verdict.plain_degrades}; ResNet-56 clearly < plain-56: "
              f"{verdict.residual_beats_plain}; ResNet-56 <= ResNet-20: {verdict.residual_deeper_not_worse}",
              flush=True)
        if args.write_reference and seed == 0:
            result.source = "experiments/degradation_preset.py --write-reference (seed 0)"
            save_result(result, REFERENCE_RUN_PATH)
            print(f"  wrote {REFERENCE_RUN_PATH}")
    for name in ("plain_degrades", "residual_beats_plain", "residual_deeper_not_worse"):
        held = sum(bool(getattr(r[2], name)) for r in rows)
        print(f"{name}: holds for {held} of {len(rows)} seeds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
