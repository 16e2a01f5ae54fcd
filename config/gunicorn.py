"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (bind, workers and the rest
as usual, on the command line or in GUNICORN_CMD_ARGS).

Workers are ready before they accept a request. The application is loaded once, in the master
(`preload_app`), which then maps the newest stored matching index
(`consultations.suggestions.snapshot`; build it with `manage.py match --rebuild` at deploy),
loads the embedding model and imports every view (`when_ready`), before it forks the workers:
they share all of it (the model's weights copy-on-write, the index through the file cache), so
a second worker adds only its own small state. Each worker then runs one match
(`post_worker_init`), so its first suggestion costs what every other one does. A deploy
restarts gunicorn (with `preload_app` a HUP does not reload the code).
"""

from __future__ import annotations

import logging
import time
from typing import Any

preload_app = True


def _warm() -> bool:
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver

    from connective.consultations.suggestions.service import suggestions_warm

    try:
        # The URLconf imports every view; the partial is compiled once.
        get_resolver().url_patterns  # noqa: B018  # evaluated for its imports
        get_template("consultations/_suggestions.html")
        return suggestions_warm()
    except Exception:  # a server that cannot warm up still serves every other page
        logging.getLogger(__name__).exception("Suggestions could not be warmed up")
        return False
    finally:
        # No database connection may cross a fork; each worker opens its own.
        connections.close_all()


NO_SNAPSHOT = "(no matching snapshot yet: run manage.py match --rebuild)"


def _warm_and_log(log: Any, message: str, ready: str, not_ready: str) -> None:
    """Warm up and log `message` with how it went and how long it took (bench/matching_http.py
    reads the workers' lines: "suggestions ready in 0.09 s")."""
    started = time.perf_counter()
    state = ready if _warm() else f"{not_ready} {NO_SNAPSHOT}"
    log.info(message, state, time.perf_counter() - started)


def when_ready(server: Any) -> None:
    """In the master, after the application is loaded and before any worker is forked."""
    _warm_and_log(server.log, "suggestions index %s in the master in %.2f s", "loaded", "not loaded")


def post_worker_init(worker: Any) -> None:
    """In each worker, before its first request."""
    _warm_and_log(worker.log, "suggestions %s in %.2f s", "ready", "not ready")
