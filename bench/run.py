"""Run every benchmark in bench/ (each `*.py` file but this one), one after the other.

    .venv/bin/python bench/run.py [name ...]     # e.g. bench/run.py search

Each benchmark runs in its own Python process (they set up Django against their own scratch
databases); the exit status is non-zero if any of them failed. Last comes `evaluation`: the
matching quality figures of `manage.py evaluate_matching`, for the set alone and hidden among
10,000 demo practices and 10,000 generated advisors (`--mix 10000`: about a minute and a half
to embed them on a cold cache, seconds once cached under var/cache/consultations/); with
BENCH_FULL=1 also among 10,000 synthetic practices, and each without the requesters' themes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = argv or [
        *sorted(p.stem for p in HERE.glob("*.py") if p.stem not in ("run", "__init__")),
        "evaluation",
    ]
    failed = []
    for name in names:
        script = HERE / f"{name}.py"
        command = [sys.executable, str(script)]
        if name == "evaluation":
            runs = [[], ["--mix", "10000"]]
            if os.environ.get("BENCH_FULL") == "1":
                runs = [[*run, "--without-themes"] for run in runs]
                runs.append(["--mix", "10000", "--mix-source", "synthetic", "--without-themes"])
            print("== evaluation", flush=True)
            started = time.perf_counter()
            status = 0
            for run in runs:
                print(f"(evaluate_matching {' '.join(run)})".replace(" )", ")"), flush=True)
                status = status or subprocess.call(
                    [sys.executable, "manage.py", "evaluate_matching", *run], cwd=HERE.parent
                )
            print(
                f"== evaluation: {'ok' if status == 0 else f'failed ({status})'} in {time.perf_counter() - started:.0f} s\n"
            )
            if status:
                failed.append(name)
            continue
        elif not script.exists():
            print(f"no benchmark called {name!r} in {HERE}")
            failed.append(name)
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        status = subprocess.call(command, cwd=HERE.parent)
        print(
            f"== {name}: {'ok' if status == 0 else f'failed ({status})'} in {time.perf_counter() - started:.0f} s\n",
            flush=True,
        )
        if status:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
