"""The degradation experiment (the paper's Figures 1 and 6) on the built-in shapes dataset.

Plain and residual CIFAR nets of several depths are trained with the same recipe (SGD momentum 0.9,
He init, cosine learning rate, light augmentation) on the same data, and their training errors compared:
a deeper *plain* net ends with a higher training error than a shallower one (the degradation problem,
an optimisation difficulty, not overfitting), while the residual twin of the deep net does not.

A :class:`Preset` is data: the dataset size and resolution, the widths and the recipe. ``cpu`` is the
labelled narrow preset tuned to finish on a 2-core CPU; ``paper`` keeps the paper's 16/32/64 widths on
32x32 images for a GPU.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch

from resnet_viz.analyses.training import TrainingRecord, evaluate, evaluate_loss, train_classifier
from resnet_viz.data.cifar import CIFAR10_CLASSES, LabelledImages, load_cifar10
from resnet_viz.data.shapes import SHAPE_CLASSES, ShapesDataset, make_shapes
from resnet_viz.models.cifar import CifarResNet, cifar_blocks_per_stage, cifar_resnet

__all__ = [
    "DEFAULT_PRESET",
    "IMAGENET_TOP1_ERROR",
    "PRESETS",
    "REFERENCE_RUN_PATH",
    "STORED_RUN_DIR",
    "STORED_SEEDS",
    "Claims",
    "DegradationResult",
    "NetResult",
    "NetSpec",
    "Preset",
    "DegradationJob",
    "SweepPoint",
    "build_net",
    "chance_error",
    "claims",
    "claims_over_seeds",
    "depth_sweep",
    "load_stored_runs",
    "load_result",
    "make_data",
    "net_label",
    "parse_net",
    "run_experiment",
    "save_result",
    "stored_run_path",
]

# The paper's Table 2 (ImageNet val, 10-crop testing), top-1 error in %: the degradation problem in one table.
IMAGENET_TOP1_ERROR = {"plain-18": 27.94, "plain-34": 28.54, "ResNet-18": 27.88, "ResNet-34": 25.03}

STORED_RUN_DIR = Path(__file__).with_name("stored_runs")
STORED_SEEDS = (0, 1, 2)


def stored_run_path(preset: str, seed: int) -> Path:
    """Where ``experiments/degradation_preset.py`` keeps one seed of a stored run (``--write-stored`` for the long
    run, ``--write-reference`` for the live preset)."""
    return STORED_RUN_DIR / f"degradation_{preset}_seed{int(seed)}.json"


REFERENCE_RUN_PATH = stored_run_path("cpu", 0)


@dataclass(frozen=True)
class NetSpec:
    depth: int
    residual: bool

    @property
    def label(self) -> str:
        return net_label(self.depth, self.residual)


def net_label(depth: int, residual: bool) -> str:
    return f"{'ResNet' if residual else 'plain'}-{depth}"


def parse_net(label: str) -> NetSpec:
    """'plain-56' -> NetSpec(56, False); 'ResNet-20' -> NetSpec(20, True). Raises ValueError otherwise."""
    kind, _, depth = str(label).partition("-")
    if kind not in ("plain", "ResNet") or not depth.isdigit():
        raise ValueError(f"expected a name like 'plain-20' or 'ResNet-56', got {label!r}")
    cifar_blocks_per_stage(int(depth))  # validates 6n+2
    return NetSpec(int(depth), kind == "ResNet")


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    image_size: int
    widths: tuple[int, int, int]
    train_count: int
    test_count: int
    noise: float
    epochs: float
    batch_size: int
    lr: float
    weight_decay: float
    warmup_steps: int
    nets: tuple[str, ...]
    expected_cpu_seconds: int  # whole default set, 2-core CPU, measured by experiments/degradation_preset.py
    classes: tuple[str, ...] = SHAPE_CLASSES
    schedule: str = "step"  # the paper's (lr / 10 at 50 % and 75 %); "cosine" is article 004's
    dataset: str = "shapes"  # "shapes" (built in) or "cifar10" (downloaded on request)
    for_gpu: bool = False  # too slow for the 2-core CPU: the page refuses to run it there

    @property
    def steps(self) -> int:
        return max(1, round(self.epochs * math.ceil(self.train_count / self.batch_size)))


PRESETS: dict[str, Preset] = {
    # The stored reference run (experiments/degradation_preset.py --preset long): the cpu preset's recipe on
    # twice the images for eight times the steps, and the paper's depth sweep; about 20 CPU-minutes per seed.
    "long": Preset(
        name="long",
        title="Stored long run (8/16/32 filters on 16x16 images, 4,800 steps per net)",
        image_size=16, widths=(8, 16, 32), train_count=3072, test_count=512, noise=0.02,
        epochs=50, batch_size=32, lr=0.02, weight_decay=1e-4, warmup_steps=0,
        nets=("plain-20", "plain-56", "ResNet-20", "ResNet-56", "plain-32", "plain-44", "ResNet-32", "ResNet-44"),
        expected_cpu_seconds=1200, for_gpu=True,
    ),
    "cpu": Preset(
        name="cpu",
        title="CPU preset (narrow: 8/16/32 filters on 16x16 images)",
        image_size=16, widths=(8, 16, 32), train_count=1536, test_count=256, noise=0.02,
        epochs=12, batch_size=32, lr=0.02, weight_decay=1e-4, warmup_steps=0,
        nets=("plain-20", "plain-56", "ResNet-20", "ResNet-56"), expected_cpu_seconds=75,
    ),
    "paper": Preset(
        name="paper",
        title="Paper widths (16/32/64 filters on 32x32 images; for a GPU)",
        image_size=32, widths=(16, 32, 64), train_count=6000, test_count=1200, noise=0.08,
        epochs=30, batch_size=128, lr=0.1, weight_decay=1e-4, warmup_steps=0,
        nets=("plain-20", "plain-56", "ResNet-20", "ResNet-56"), expected_cpu_seconds=2400, for_gpu=True,
    ),
    # The paper's own CIFAR-10 experiment (section 4.2): 16/32/64 filters, batch 128, lr 0.1 divided by 10 at
    # 32k and 48k iterations, 64k in all (45k/5k train/val split in the paper; here all 50k images train).
    "cifar10": Preset(
        name="cifar10",
        title="CIFAR-10, the paper's preset (16/32/64 filters, batch 128, 64k iterations; for a GPU)",
        image_size=32, widths=(16, 32, 64), train_count=50_000, test_count=10_000, noise=0.0,
        epochs=64_000 / 391, batch_size=128, lr=0.1, weight_decay=1e-4, warmup_steps=0,
        nets=("plain-20", "plain-56", "ResNet-20", "ResNet-56"), expected_cpu_seconds=150_000,
        classes=CIFAR10_CLASSES, dataset="cifar10", for_gpu=True,
    ),
    "cifar10-cpu": Preset(
        name="cifar10-cpu",
        title="CIFAR-10, shortened for a CPU (16/32/64 filters, 10,000 images, 800 iterations of 128)",
        image_size=32, widths=(16, 32, 64), train_count=10_000, test_count=2_000, noise=0.0,
        epochs=10, batch_size=128, lr=0.1, weight_decay=1e-4, warmup_steps=0,
        nets=("plain-20", "plain-56", "ResNet-20", "ResNet-56"), expected_cpu_seconds=1900,
        classes=CIFAR10_CLASSES, dataset="cifar10",
    ),
}
DEFAULT_PRESET = "cpu"


def make_data(preset: Preset, seed: int) -> tuple[ShapesDataset | LabelledImages, ShapesDataset | LabelledImages]:
    """Training and test sets for ``preset``: shapes drawn with different generator seeds (disjoint by
    construction), or the first images of CIFAR-10's training and test splits (raises
    :class:`~resnet_viz.data.cifar.CifarError` when CIFAR-10 is not downloaded)."""
    if preset.dataset == "cifar10":
        return load_cifar10(train=True, count=preset.train_count), load_cifar10(train=False, count=preset.test_count)
    options = dict(size=preset.image_size, noise=preset.noise, classes=preset.classes)
    train = make_shapes(preset.train_count, seed=2 * int(seed), **options)
    test = make_shapes(preset.test_count, seed=2 * int(seed) + 1, **options)
    return train, test


def build_net(spec: NetSpec, preset: Preset, seed: int, num_classes: int) -> CifarResNet:
    """He-initialised net (option-A shortcuts, post-activation blocks as in the paper's Figure 6)."""
    return cifar_resnet(spec.depth, residual=spec.residual, widths=preset.widths, num_classes=num_classes,
                        seed=int(seed))


@dataclass
class NetResult:
    label: str
    depth: int
    residual: bool
    params: int
    records: list[TrainingRecord] = field(default_factory=list)
    final_train_error: float | None = None  # eval mode, the whole (un-augmented) training set
    final_test_error: float | None = None
    final_train_loss: float | None = None  # eval mode, the whole training set; breaks ties when errors reach 0
    seconds: float = 0.0
    stopped: bool = False


@dataclass
class DegradationResult:
    preset: str
    seed: int
    nets: list[NetResult] = field(default_factory=list)
    stopped: bool = False
    source: str = "live"  # "live" or where a stored run came from
    config: dict = field(default_factory=dict)  # the preset's fields, to tell a stale stored run

    def get(self, label: str) -> NetResult | None:
        return next((net for net in self.nets if net.label == label), None)

    @property
    def seconds(self) -> float:
        return sum(net.seconds for net in self.nets)


def run_experiment(
    preset: Preset,
    *,
    seed: int = 0,
    nets: tuple[str, ...] | None = None,
    device: torch.device | str = "cpu",
    records_per_epoch: int = 2,
    on_start: Callable[[NetResult], None] | None = None,
    on_record: Callable[[NetResult, TrainingRecord], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    lock: threading.Lock | None = None,
    on_finish: Callable[[NetResult, CifarResNet], None] | None = None,
) -> DegradationResult:
    """Train every net of ``nets`` (default: the preset's set) in turn on the preset's data.

    ``on_start``/``on_record`` see the live :class:`NetResult` (its ``records`` grow as training goes);
    when ``should_stop`` returns True the current net stops and the remaining ones are skipped, and the
    partial result is returned with ``stopped=True``. ``lock`` (if given) is held while the result is changed,
    so another thread may copy it safely. ``on_finish`` sees each net that finished training with its trained
    model (in eval mode), for example to save its weights.
    """
    guard = lock or contextlib.nullcontext()
    specs = [parse_net(label) for label in (nets or preset.nets)]
    device = torch.device(device)
    train, test = make_data(preset, seed)
    result = DegradationResult(preset=preset.name, seed=int(seed), config=asdict(preset))
    for spec in specs:
        if should_stop is not None and should_stop():
            result.stopped = True
            break
        model = build_net(spec, preset, seed, len(train.classes)).to(device)
        net = NetResult(spec.label, spec.depth, spec.residual, sum(p.numel() for p in model.parameters()))
        result.nets.append(net)
        if on_start is not None:
            on_start(net)

        def record(rec: TrainingRecord, net: NetResult = net) -> None:
            with guard:
                net.records.append(rec)
            if on_record is not None:
                on_record(net, rec)

        start = time.perf_counter()
        run = train_classifier(
            model, train, epochs=preset.epochs, test=test, batch_size=preset.batch_size, lr=preset.lr,
            weight_decay=preset.weight_decay, warmup_steps=preset.warmup_steps, schedule=preset.schedule, seed=seed,
            records_per_epoch=records_per_epoch, on_record=record, should_stop=should_stop,
        )
        finished = net.records and not run.stopped
        train_error, train_loss = evaluate_loss(model, train) if finished else (None, None)
        test_error = evaluate(model, test) if finished else None
        with guard:
            net.stopped = run.stopped
            net.final_train_error, net.final_test_error, net.final_train_loss = train_error, test_error, train_loss
            net.seconds = time.perf_counter() - start
        if finished and on_finish is not None:
            on_finish(net, model.eval())
        if run.stopped:
            result.stopped = True
            break
    return result


@dataclass(frozen=True)
class Claims:
    """The paper's three points, each None when the run lacks a net it needs."""

    plain_degrades: bool | None  # deep plain net's training error above the shallow plain net's
    residual_beats_plain: bool | None  # deep residual net's training error clearly below the deep plain net's
    residual_deeper_not_worse: bool | None  # deep residual net at or below the shallow residual net
    shallow: int
    deep: int


def claims(result: DegradationResult, *, shallow: int = 20, deep: int = 56, margin: float = 0.02) -> Claims:
    """Evaluate the claims on final (eval-mode, whole training set) training errors.

    "Clearly below" means by more than ``margin`` (absolute error fraction); "at or below" allows no margin,
    and where the two residual nets end with the same error (both at 0, say) their final training losses decide.
    """

    def final(depth: int, residual: bool) -> NetResult | None:
        net = result.get(net_label(depth, residual))
        return None if net is None or net.stopped or net.final_train_error is None else net

    p_s, p_d, r_s, r_d = final(shallow, False), final(deep, False), final(shallow, True), final(deep, True)
    deeper_not_worse = None
    if r_s is not None and r_d is not None:
        tie = r_d.final_train_error == r_s.final_train_error
        if tie and r_d.final_train_loss is not None and r_s.final_train_loss is not None:
            deeper_not_worse = r_d.final_train_loss <= r_s.final_train_loss
        else:
            deeper_not_worse = r_d.final_train_error <= r_s.final_train_error
    return Claims(
        plain_degrades=None if p_s is None or p_d is None else p_d.final_train_error > p_s.final_train_error,
        residual_beats_plain=None if r_d is None or p_d is None
        else r_d.final_train_error < p_d.final_train_error - margin,
        residual_deeper_not_worse=deeper_not_worse,
        shallow=shallow, deep=deep,
    )


def chance_error(classes: int) -> float:
    """The error of guessing: 1 - 1/classes (0.833... for the six shapes)."""
    return 1.0 - 1.0 / int(classes)


def load_stored_runs(preset: str = "long", seeds: tuple[int, ...] = STORED_SEEDS) -> list[DegradationResult]:
    """The stored reference run's seeds that exist on disk, in seed order (empty when none was stored)."""
    return [load_result(stored_run_path(preset, seed)) for seed in seeds if stored_run_path(preset, seed).is_file()]


@dataclass(frozen=True)
class SweepPoint:
    """One net of the depth sweep: its final training errors and losses, one per seed."""

    label: str
    depth: int
    residual: bool
    seeds: tuple[int, ...]
    errors: tuple[float, ...]
    losses: tuple[float, ...]

    @property
    def mean_error(self) -> float:
        return sum(self.errors) / len(self.errors)

    @property
    def mean_loss(self) -> float:
        return sum(self.losses) / len(self.losses)


def depth_sweep(results: list[DegradationResult]) -> list[SweepPoint]:
    """Final training error and loss of every finished net over the runs (seeds), plain first, by depth.

    Example:
        >>> points = depth_sweep(load_stored_runs("long"))
        >>> [(p.label, round(100 * p.mean_error, 1)) for p in points]  # doctest: +SKIP
    """
    found: dict[tuple[bool, int], list[tuple[int, NetResult]]] = {}
    for result in results:
        for net in result.nets:
            if not net.stopped and net.final_train_error is not None:
                found.setdefault((net.residual, net.depth), []).append((result.seed, net))
    points = []
    for (residual, depth), runs in sorted(found.items()):
        points.append(SweepPoint(
            label=net_label(depth, residual), depth=depth, residual=residual,
            seeds=tuple(seed for seed, _ in runs), errors=tuple(net.final_train_error for _, net in runs),
            losses=tuple(net.final_train_loss if net.final_train_loss is not None else float("nan")
                         for _, net in runs),
        ))
    return points


def claims_over_seeds(results: list[DegradationResult], **options) -> dict[str, tuple[int, int]]:
    """For each of the three points, (seeds where it holds, seeds where it could be checked)."""
    verdicts = [claims(result, **options) for result in results]
    counts = {}
    for name in ("plain_degrades", "residual_beats_plain", "residual_deeper_not_worse"):
        checked = [getattr(v, name) for v in verdicts if getattr(v, name) is not None]
        counts[name] = (sum(bool(v) for v in checked), len(checked))
    return counts


def save_result(result: DegradationResult, path: Path) -> None:
    Path(path).write_text(json.dumps(asdict(result), indent=1) + "\n")


def load_result(path: Path, *, source: str | None = None) -> DegradationResult:
    """Read a run written by :func:`save_result` (plain JSON, nothing executed)."""
    data = json.loads(Path(path).read_text())
    nets = []
    for net in data["nets"]:
        records = [TrainingRecord(**rec) for rec in net.pop("records")]
        nets.append(NetResult(**net, records=records))
    return DegradationResult(preset=data["preset"], seed=int(data["seed"]), nets=nets,
                             stopped=bool(data["stopped"]), source=source or data.get("source", str(path)),
                             config=data.get("config", {}))


class DegradationJob:
    """:func:`run_experiment` in a background thread, so a page can poll it, draw live curves and stop it
    without the training dying when the browser reruns the script. Thread-safe snapshots; no streamlit."""

    def __init__(self, preset: Preset, *, seed: int = 0, nets: tuple[str, ...] | None = None,
                 device: torch.device | str = "cpu") -> None:
        self.preset, self.seed, self.device = preset, int(seed), torch.device(device)
        self.nets = tuple(nets or preset.nets)
        for label in self.nets:
            parse_net(label)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._result = DegradationResult(preset=preset.name, seed=self.seed, config=asdict(preset))
        self._thread: threading.Thread | None = None
        self.error: Exception | None = None  # why the run failed (logged with its traceback), for the page to word
        self.started_at: float | None = None
        self.finished_at: float | None = None

    def start(self) -> DegradationJob:
        if self._thread is None:
            self.started_at = time.time()
            self._thread = threading.Thread(target=self._run, name=f"degradation-{self.preset.name}", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        def on_start(net: NetResult) -> None:
            with self._lock:
                self._result.nets.append(net)

        def on_record(_net: NetResult, _record: TrainingRecord) -> None:
            pass  # run_experiment appends to the shared NetResult; snapshots copy it under the lock

        try:
            result = run_experiment(self.preset, seed=self.seed, nets=self.nets, device=self.device,
                                    on_start=on_start, on_record=on_record, should_stop=self._stop.is_set,
                                    lock=self._lock)
            with self._lock:
                self._result.stopped = result.stopped
        except Exception as error:  # reported to the page, never raised into a server thread
            logging.getLogger(__name__).error("degradation run failed", exc_info=error)
            self.error = error
        finally:
            self.finished_at = time.time()

    def stop(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def done(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    @property
    def total_steps(self) -> int:
        return self.preset.steps * len(self.nets)

    def snapshot(self) -> DegradationResult:
        """A copy of the result so far (records of the net in training included)."""
        with self._lock:
            return copy.deepcopy(self._result)

    def progress(self) -> float:
        with self._lock:
            done = sum(net.records[-1].step if net.records else 0 for net in self._result.nets)
        return min(1.0, done / max(1, self.total_steps))
