"""CIFAR-10 on request, tested with a small fake dataset in CIFAR-10's own on-disk format (never the network).

torchvision checks every file against the MD5 it knows for the real dataset; the fixture points those
checksums at the fake files, so the real code path (status, torchvision's loader, download, unpacking) runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import tarfile

import numpy as np
import pytest
import torch

from resnet_viz.analyses.degradation import PRESETS, run_experiment
from resnet_viz.data.cifar import CifarError, cifar10_root, cifar10_status, download_cifar10, load_cifar10

PER_BATCH = 6


def md5(path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def write_fake_cifar(root, monkeypatch) -> np.ndarray:
    """Five training batches and a test batch of PER_BATCH images each; returns the training pixels (N, 3072)."""
    from torchvision.datasets import CIFAR10

    folder = root / CIFAR10.base_folder
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    train_list, pixels = [], []
    for index in range(1, 6):
        data = rng.integers(0, 256, size=(PER_BATCH, 3072), dtype=np.uint8)
        labels = [(index + k) % 10 for k in range(PER_BATCH)]
        (folder / f"data_batch_{index}").write_bytes(pickle.dumps({"data": data, "labels": labels}))
        train_list.append([f"data_batch_{index}", md5(folder / f"data_batch_{index}")])
        pixels.append(data)
    test = rng.integers(0, 256, size=(PER_BATCH, 3072), dtype=np.uint8)
    (folder / "test_batch").write_bytes(pickle.dumps({"data": test, "labels": list(range(PER_BATCH))}))
    names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    (folder / "batches.meta").write_bytes(pickle.dumps({"label_names": names}))
    monkeypatch.setattr(CIFAR10, "train_list", train_list)
    monkeypatch.setattr(CIFAR10, "test_list", [["test_batch", md5(folder / "test_batch")]])
    monkeypatch.setattr(CIFAR10, "meta", {"filename": "batches.meta", "key": "label_names",
                                          "md5": md5(folder / "batches.meta")})
    return np.concatenate(pixels)


@pytest.fixture
def fake_root(tmp_path, monkeypatch):
    root = tmp_path / "data"
    pixels = write_fake_cifar(root, monkeypatch)
    return root, pixels


def test_the_root_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("RESNET_VIZ_DATA", str(tmp_path / "here"))
    assert cifar10_root() == tmp_path / "here"
    monkeypatch.delenv("RESNET_VIZ_DATA")
    assert cifar10_root().parts[-2:] == (".cache", "resnet_viz")


def test_a_fake_dataset_loads_through_torchvision_with_its_pixels_and_labels(fake_root):
    root, pixels = fake_root
    assert cifar10_status(root) == "ok"
    data = load_cifar10(root, train=True)
    assert data.images.shape == (5 * PER_BATCH, 3, 32, 32) and data.images.dtype == torch.float32
    # CIFAR-10 stores each image as 1024 red, then 1024 green, then 1024 blue values, row by row
    first = pixels[0].reshape(3, 32, 32)
    assert torch.equal(data.images[0], torch.from_numpy(first).float() / 255)
    assert data.labels[:PER_BATCH].tolist() == [(1 + k) % 10 for k in range(PER_BATCH)]
    assert data.classes[0] == "airplane" and len(data.classes) == 10
    test = load_cifar10(root, train=False, count=4)
    assert len(test) == 4 and test.labels.tolist() == [0, 1, 2, 3]


def test_missing_and_damaged_folders_are_reported_with_codes(fake_root, tmp_path):
    root, _ = fake_root
    assert cifar10_status(tmp_path / "nowhere") == "missing"
    with pytest.raises(CifarError) as missing:
        load_cifar10(tmp_path / "nowhere")
    assert missing.value.code == "missing"
    batch = root / "cifar-10-batches-py" / "data_batch_3"
    batch.write_bytes(batch.read_bytes()[:100])  # a partial download
    assert cifar10_status(root) == "corrupt"
    with pytest.raises(CifarError) as damaged:
        load_cifar10(root)
    assert damaged.value.code == "corrupt" and damaged.value.params["root"] == str(root)
    batch.unlink()
    assert cifar10_status(root) == "corrupt"


def archive_of(folder, target):
    with tarfile.open(target, "w:gz") as tar:
        tar.add(folder, arcname=folder.name)
    return target


def test_download_verifies_the_archive_and_replaces_a_damaged_folder(fake_root, tmp_path, monkeypatch):
    from torchvision.datasets import CIFAR10

    source, _ = fake_root
    archive = archive_of(source / CIFAR10.base_folder, tmp_path / "cifar-10-python.tar.gz")
    monkeypatch.setattr(CIFAR10, "tgz_md5", md5(archive))
    target = tmp_path / "user-cache"
    (target / CIFAR10.base_folder).mkdir(parents=True)
    (target / CIFAR10.base_folder / "data_batch_1").write_bytes(b"partial")
    assert cifar10_status(target) == "corrupt"
    seen = []
    download_cifar10(target, url=archive.as_uri(), progress=lambda done, total: seen.append((done, total)),
                     chunk_bytes=1024)
    assert cifar10_status(target) == "ok"
    assert seen[-1] == (archive.stat().st_size, archive.stat().st_size) and len(seen) > 1
    assert [p.name for p in target.iterdir()] == [CIFAR10.base_folder]  # no archive or scratch left behind


def test_a_failed_or_wrong_download_leaves_the_old_folder_alone(fake_root, tmp_path, monkeypatch):
    from torchvision.datasets import CIFAR10

    root, _ = fake_root
    with pytest.raises(CifarError) as offline:
        download_cifar10(root, url=(tmp_path / "absent.tar.gz").as_uri())
    assert offline.value.code == "download" and offline.value.params["reason"]
    wrong = archive_of(root / CIFAR10.base_folder, tmp_path / "other.tar.gz")
    with pytest.raises(CifarError) as mismatch:
        download_cifar10(root, url=wrong.as_uri())  # the real archive's MD5 does not match the fake
    assert mismatch.value.params["reason"] == "checksum"
    assert cifar10_status(root) == "ok"


def test_the_degradation_experiment_trains_on_cifar(fake_root, monkeypatch):
    root, _ = fake_root
    monkeypatch.setenv("RESNET_VIZ_DATA", str(root))
    tiny = dataclasses.replace(PRESETS["cifar10-cpu"], widths=(4, 8, 8), train_count=24, test_count=6, epochs=1,
                               batch_size=8)
    result = run_experiment(tiny, nets=("plain-8", "ResNet-8"))
    assert [net.label for net in result.nets] == ["plain-8", "ResNet-8"]
    assert all(0 <= net.final_train_error <= 1 and net.records[-1].step == 3 for net in result.nets)


def test_the_paper_preset_is_the_papers():
    paper = PRESETS["cifar10"]
    assert (paper.widths, paper.image_size, paper.batch_size, paper.lr, paper.steps) == ((16, 32, 64), 32, 128, 0.1,
                                                                                        64_000)
    assert paper.schedule == "step" and paper.dataset == "cifar10" and paper.for_gpu
    assert not PRESETS["cifar10-cpu"].for_gpu and PRESETS["cifar10-cpu"].dataset == "cifar10"
