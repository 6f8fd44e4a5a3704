"""The layering rules of docs/ARCHITECTURE.md: the library never imports Streamlit or the app layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("streamlit", "ui", "pages", "app")


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_library_module_imports_streamlit_or_the_app_layer():
    offenders = {str(path.relative_to(ROOT)): sorted(imported_roots(path) & set(FORBIDDEN))
                 for path in (ROOT / "resnet_viz").rglob("*.py")}
    assert not {path: names for path, names in offenders.items() if names}


def test_importing_every_library_module_loads_no_streamlit():
    code = ("import importlib, pkgutil, sys, resnet_viz\n"
            "for m in pkgutil.walk_packages(resnet_viz.__path__, 'resnet_viz.'): importlib.import_module(m.name)\n"
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
