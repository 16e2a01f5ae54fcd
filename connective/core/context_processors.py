from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from connective.core.links import site_url


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_URL": site_url(), "DEBUG": settings.DEBUG}
