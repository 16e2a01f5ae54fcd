"""The picker script (static/js/picker.js) run under node in a tiny DOM, when node is installed.

The browser journeys drive it in Chromium; this catches a broken script in a second, without a
browser: filtering without accents, the keys, the chips, the change events the forms rely on.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TEST = Path(__file__).parent / "js" / "picker_test.js"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_picker_script_works_in_a_tiny_dom() -> None:
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run([node, str(TEST)], capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, result.stderr
    assert "passed" in result.stdout
