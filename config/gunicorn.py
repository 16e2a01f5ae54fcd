"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (bind, workers and the rest
as usual, on the command line or in GUNICORN_CMD_ARGS).

Each worker makes itself ready before it accepts a request: it maps the newest stored matching
index (`consultations.suggestions.snapshot`; build it with `manage.py match --rebuild` at
deploy), loads the embedding model and runs one match, so a worker's first suggestion costs
what every other one does. Workers share the index through the operating system's file cache:
the arrays are memory-mapped files, so a second worker adds only its own small state.
"""

from __future__ import annotations

import logging
import time
from typing import Any

# Not preloaded: each worker opens its own database connection and maps the snapshot itself
# (the pages are shared all the same, by the file cache).
preload_app = False


def post_worker_init(worker: Any) -> None:
    """Runs in the worker after the application is loaded, before its first request."""
    from django.db import connections

    from connective.consultations.suggestions.service import suggestions_warm

    started = time.perf_counter()
    try:
        ready = suggestions_warm()
    except Exception:  # a worker that cannot warm up still serves every other page
        logging.getLogger(__name__).exception("Suggestions could not be warmed up")
        ready = False
    finally:
        # The worker's requests open their own connection (the warm-up's may be idle for long).
        connections.close_all()
    worker.log.info(
        "suggestions %s in %.2f s",
        "ready" if ready else "not ready (no matching snapshot yet: run manage.py match --rebuild)",
        time.perf_counter() - started,
    )
