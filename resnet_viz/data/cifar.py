"""CIFAR-10 on request: the paper's own dataset, downloaded into the user's cache and checked by torchvision.

Nothing here runs unless asked: the app's default path uses the built-in shapes. :func:`cifar10_status` says
whether the files are there and intact (torchvision's own MD5 check), :func:`download_cifar10` fetches and
unpacks the archive with a progress callback (the archive's checksum is verified before anything is unpacked),
and :func:`load_cifar10` reads a split through ``torchvision.datasets.CIFAR10``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from resnet_viz.data.download import fetch

__all__ = [
    "CIFAR10_BYTES",
    "CIFAR10_CLASSES",
    "CifarError",
    "LabelledImages",
    "cifar10_root",
    "cifar10_status",
    "download_cifar10",
    "load_cifar10",
]

CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
CIFAR10_BYTES = 170_498_071  # the archive's size, to say what a download costs before it starts


class CifarError(RuntimeError):
    """A CIFAR-10 problem the page can translate: ``code`` is ``"missing"``, ``"corrupt"`` or ``"download"``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code, self.params = code, params


@dataclass(frozen=True)
class LabelledImages:
    """Images and labels in the form the training loop reads (the shapes dataset has the same fields)."""

    images: torch.Tensor  # (N, 3, 32, 32) float32 in [0, 1]
    labels: torch.Tensor  # (N,) int64
    classes: tuple[str, ...] = CIFAR10_CLASSES

    def __len__(self) -> int:
        return int(self.labels.shape[0])


def cifar10_root() -> Path:
    """Where CIFAR-10 lives: ``$RESNET_VIZ_DATA`` if set, else ``~/.cache/resnet_viz`` (torchvision's layout
    below it: ``cifar-10-batches-py/``)."""
    configured = os.environ.get("RESNET_VIZ_DATA")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "resnet_viz"


def _dataset_class():
    from torchvision.datasets import CIFAR10

    return CIFAR10


def cifar10_status(root: Path | None = None) -> str:
    """``"ok"`` when every batch file is present with torchvision's checksum, ``"missing"`` when the folder is
    absent or empty, ``"corrupt"`` when some files are there but a file is missing or fails the check."""
    from torchvision.datasets.utils import check_integrity

    cls = _dataset_class()
    folder = Path(root or cifar10_root()) / cls.base_folder
    if not folder.is_dir() or not any(folder.iterdir()):
        return "missing"
    files = cls.train_list + cls.test_list + [[cls.meta["filename"], cls.meta["md5"]]]
    return "ok" if all(check_integrity(str(folder / name), md5) for name, md5 in files) else "corrupt"


def download_cifar10(root: Path | None = None, *, progress: Callable[[int, int], None] | None = None,
                     url: str | None = None, chunk_bytes: int = 1 << 20) -> Path:
    """Download the archive, verify its MD5 (torchvision's), replace any old folder and unpack it.

    ``progress(done_bytes, total_bytes)`` is called as the bytes arrive. Raises :class:`CifarError` with code
    ``"download"`` (parameter ``reason``) when the network fails or the archive does not match its checksum;
    the old folder, if any, is left as it was.
    """
    from torchvision.datasets.utils import check_integrity, extract_archive

    cls = _dataset_class()
    root = Path(root or cifar10_root())
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        archive = Path(scratch) / cls.filename
        try:
            fetch(url or cls.url, archive, progress=progress, expected_bytes=CIFAR10_BYTES, chunk_bytes=chunk_bytes)
        except OSError as error:  # URLError, timeouts, a full disk
            raise CifarError("download", reason=str(getattr(error, "reason", error))) from error
        if not check_integrity(str(archive), cls.tgz_md5):
            raise CifarError("download", reason="checksum")
        unpacked = Path(scratch) / "unpacked"
        extract_archive(str(archive), str(unpacked))
        target = root / cls.base_folder
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(unpacked / cls.base_folder), str(target))
    if cifar10_status(root) != "ok":
        raise CifarError("download", reason="checksum")
    return root / cls.base_folder


def load_cifar10(root: Path | None = None, *, train: bool = True, count: int | None = None) -> LabelledImages:
    """The first ``count`` images (all if None) of a split, as float tensors in [0, 1].

    Raises :class:`CifarError` (``"missing"`` or ``"corrupt"``, parameter ``root``) instead of torchvision's
    message, so a page can say what to do.

    Example:
        >>> data = load_cifar10(count=512)  # doctest: +SKIP
        >>> data.images.shape
        torch.Size([512, 3, 32, 32])
    """
    root = Path(root or cifar10_root())
    status = cifar10_status(root)
    if status != "ok":
        raise CifarError(status, root=str(root))
    dataset = _dataset_class()(str(root), train=train, download=False)
    data = dataset.data if count is None else dataset.data[:count]
    images = torch.from_numpy(data).permute(0, 3, 1, 2).float().div_(255.0).contiguous()
    labels = torch.tensor(dataset.targets[:len(data)], dtype=torch.long)
    return LabelledImages(images=images, labels=labels, classes=tuple(dataset.classes))
