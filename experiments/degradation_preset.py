"""Check a degradation preset over several seeds: ``python experiments/degradation_preset.py``.

Trains the preset's whole set (default: plain-20, plain-56, ResNet-20, ResNet-56) once per seed, prints
each net's final training error (eval mode, whole training set), training loss, test error and time, and
whether the paper's three claims hold.

``--write-reference`` stores every seed of the live preset's run: the runs the degradation page shows for it
before anyone clicks "Run" (seed 0's curves, every article 000's three points). ``--write-stored`` stores every seed
as the page's stored reference run (``--preset long``), saved after each net so an interrupted run keeps
what it has.
``--set key=value`` overrides preset fields (for tuning).
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
    DegradationResult,
    Preset,
    claims,
    run_experiment,
    save_result,
    stored_run_path,
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


def run_stored(preset: Preset, seed: int, announce) -> DegradationResult:
    """One net at a time, the file rewritten after each, so a run cut short keeps the nets it finished."""
    path = stored_run_path(preset.name, seed)
    result = None
    for label in preset.nets:
        part = run_experiment(preset, seed=seed, nets=(label,), records_per_epoch=1, on_start=announce)
        if result is None:
            result = part
        else:
            result.nets.extend(part.nets)
        result.source = (f"experiments/degradation_preset.py --preset {preset.name} --seeds {seed} --write-stored "
                         f"--threads {torch.get_num_threads()} (torch {torch.__version__})")
        save_result(result, path)
        net = part.nets[-1]
        print(f"  {net.label}: training error {100 * net.final_train_error:.2f}%, loss {net.final_train_loss:.4f}, "
              f"test error {100 * net.final_test_error:.2f}%, {net.seconds:.0f} s -> {path.name}", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default="cpu", choices=sorted(PRESETS))
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--write-reference", action="store_true",
                        help=f"write each seed beside {REFERENCE_RUN_PATH.name} (the live preset's stored runs)")
    parser.add_argument("--write-stored", action="store_true",
                        help="write every seed to the stored-run files the page reads (after each net)")
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
        if args.write_stored:
            result = run_stored(preset, seed, announce)
        else:
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
        print("  final training loss:  " + ", ".join(f"{n.label} {n.final_train_loss:.4f}" for n in result.nets))
        print(f"  plain-56 > plain-20: {verdict.plain_degrades}; ResNet-56 clearly < plain-56: "
              f"{verdict.residual_beats_plain}; ResNet-56 <= ResNet-20: {verdict.residual_deeper_not_worse}",
              flush=True)
        if args.write_reference:
            result.source = f"experiments/degradation_preset.py --write-reference (seed {seed})"
            save_result(result, stored_run_path(preset.name, seed))
            print(f"  wrote {stored_run_path(preset.name, seed)}")
    for name in ("plain_degrades", "residual_beats_plain", "residual_deeper_not_worse"):
        held = sum(bool(getattr(r[2], name)) for r in rows)
        print(f"{name}: holds for {held} of {len(rows)} seeds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
