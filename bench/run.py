"""Run every benchmark in bench/ (each `*.py` file but this one), one after the other.

    .venv/bin/python bench/run.py [name ...]     # e.g. bench/run.py search

Each benchmark runs in its own Python process (they set up Django against their own scratch
databases); the exit status is non-zero if any of them failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in HERE.glob("*.py") if p.stem not in ("run", "__init__"))
    failed = []
    for name in names:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"no benchmark called {name!r} in {HERE}")
            failed.append(name)
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        status = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(
            f"== {name}: {'ok' if status == 0 else f'failed ({status})'} in {time.perf_counter() - started:.0f} s\n",
            flush=True,
        )
        if status:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
