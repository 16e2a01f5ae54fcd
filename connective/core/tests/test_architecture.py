"""The apps depend one way (core <- accounts <- members <- networks <- ...), checked by import-linter."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_app_is_in_the_layers_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    apps = {f"connective.{p.parent.name}" for p in (ROOT / "connective").glob("*/apps.py")}
    assert apps <= named, f"add {sorted(apps - named)} to the layers contract in pyproject.toml"


def test_no_lower_layer_imports_a_higher_one() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(  # noqa: S603 - a fixed command from our own virtualenv
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
