"""The users of the load test (run by bench/load.py, which starts the server and reads the
results; not a benchmark of its own).

Two kinds of user, from the identities bench/load.py wrote to LOAD_WORLD (a JSON file):

- `Visitor` (2 in 5): the library, a search, a practice's page, the map's data, the home page.
- `Member` (3 in 5): signs in through the sign-in form with one of many demo identities (each
  user its own), asks for advice once (the request form), then opens the directory, their
  consultations and their request, posts messages in its private space, saves practice drafts
  (the new-practice form, then its edit form) and asks for live suggestions while typing.

Every write carries a unique token; a write counts as acknowledged only when the server answers
with the redirect a saved form gives (302 to the saved object). The tokens of acknowledged
writes are written to LOAD_ACKED (JSON) when the run ends, for bench/load.py to look each up in
the database.

The server runs the production profile: HTTPS is taken from `X-Forwarded-Proto: https` (the
proxy's header, `SECURE_PROXY_SSL_HEADER`), which is also why the CSRF check wants an Origin of
https://<host>. Its cookies are Secure, so they are kept here by hand (a cookie jar would not
send a Secure cookie over the plain HTTP of loopback).

Rate limits: allauth limits failed sign-ins per address and per account (none fail here);
t10-harden adds limits on search, live suggestions and posting. Each member is a different
account, but all users share one IP address (127.0.0.1): if a limit is per IP, it applies to
the whole run and a 429 shows as a failure of that page.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import uuid
from typing import Any

from locust import HttpUser, between, events, task

WORLD: dict[str, Any] = json.loads(open(os.environ["LOAD_WORLD"]).read())  # noqa: SIM115
ACKED: dict[str, list[str]] = {"consultation": [], "message": [], "draft": [], "draft_edit": []}
_lock = threading.Lock()
_identities = iter(WORLD["members"])
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORDS = ["water", "eau", "mobility", "waste", "energie", "parks", "housing", "transport", "agua", "flood"]


def _ack(kind: str, token: str) -> None:
    with _lock:
        ACKED[kind].append(token)


@events.test_stop.add_listener
def _write_acked(**_: Any) -> None:
    with open(os.environ["LOAD_ACKED"], "w") as out:
        json.dump(ACKED, out)


class Browser(HttpUser):
    abstract = True
    # A brisk reader: 1 to 5 s on a page before the next (about 17 requests a second from 50).
    wait_time = between(1.0, 5.0)

    def on_start(self) -> None:
        self.cookies: dict[str, str] = {}

    def headers(self) -> dict[str, str]:
        origin = self.host.replace("http://", "https://")
        found = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": f"{origin}/"}
        if self.cookies:
            found["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return found

    def open(self, path: str, name: str, **kwargs: Any) -> Any:
        response = self.client.get(path, name=name, headers=self.headers(), allow_redirects=False, **kwargs)
        self.cookies.update(response.cookies.get_dict())
        return response

    def send(self, path: str, name: str, data: dict[str, Any], page: Any) -> Any:
        """Post `data` with the CSRF token of the form on `page` (a response); a 302 is success."""
        token = CSRF_INPUT.search(page.text or "")
        with self.client.post(
            path,
            name=name,
            data={"csrfmiddlewaretoken": token.group(1) if token else "", **data},
            headers=self.headers(),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.cookies.update(response.cookies.get_dict())
            if response.status_code != 302:
                response.failure(f"{response.status_code} instead of the redirect of a saved form")
            return response


class Visitor(Browser):
    weight = 2

    @task(3)
    def library(self) -> None:
        self.open("/practices/", "/practices/ (browse)")

    @task(3)
    def search(self) -> None:
        self.open(f"/practices/?q={random.choice(WORDS)}", "/practices/?q= (search)")

    @task(4)
    def practice(self) -> None:
        self.open(f"/practices/{random.choice(WORLD['practices'])}/", "/practices/<slug>/")

    @task(1)
    def map_data(self) -> None:
        self.open("/practices/map/data.json", "/practices/map/data.json")

    @task(1)
    def home(self) -> None:
        self.open("/", "/")


class Member(Browser):
    weight = 3

    def on_start(self) -> None:
        super().on_start()
        with _lock:
            self.email = next(_identities)
        page = self.open("/accounts/login/", "/accounts/login/")
        self.send(
            "/accounts/login/",
            "/accounts/login/ (sign in)",
            {"login": self.email, "password": WORLD["password"]},
            page,
        )
        self.consultation = ""
        self.drafts: list[tuple[str, str]] = []  # (address, token of its title)
        self.ask()

    def ask(self) -> None:
        page = self.open("/consultations/new/", "/consultations/new/")
        token = uuid.uuid4().hex
        response = self.send(
            "/consultations/new/",
            "/consultations/new/ (ask)",
            {
                "title": f"Reducing water losses {token}",
                "description": "Our network loses a third of its water before it reaches homes.",
                "city": "Zarqa",
                "country": "JO",
                "support_kind": "peer_advice",
                "languages": ["en"],
                "urgency": "normal",
                "visibility": "confidential",
            },
            page,
        )
        if response.status_code == 302 and re.match(
            r"^/consultations/[0-9a-f-]{36}/$", response.headers["Location"]
        ):
            self.consultation = response.headers["Location"]
            _ack("consultation", token)

    @task(3)
    def directory(self) -> None:
        self.open("/members/", "/members/")

    @task(2)
    def mine(self) -> None:
        self.open("/consultations/", "/consultations/")

    @task(4)
    def message(self) -> None:
        if not self.consultation:
            return self.ask()
        page = self.open(self.consultation, "/consultations/<id>/")
        token = uuid.uuid4().hex
        response = self.send(
            f"{self.consultation}messages/", "/consultations/<id>/messages/", {"body": f"Note {token}"}, page
        )
        if response.status_code == 302 and response.headers["Location"] == self.consultation:
            _ack("message", token)

    @task(2)
    def draft(self) -> None:
        page = self.open("/practices/new/", "/practices/new/")
        token = uuid.uuid4().hex
        response = self.send("/practices/new/", "/practices/new/ (save draft)", self._practice(token), page)
        location = response.headers.get("Location", "")
        if response.status_code == 302 and location.startswith("/practices/"):
            _ack("draft", token)
            self.drafts.append((location, token))

    @task(2)
    def edit_draft(self) -> None:
        if not self.drafts:
            return self.draft()
        practice, title = random.choice(self.drafts)
        page = self.open(f"{practice}edit/", "/practices/<slug>/edit/")
        token = uuid.uuid4().hex
        response = self.send(
            f"{practice}edit/",
            "/practices/<slug>/edit/ (save draft)",
            self._practice(title, summary=token),
            page,
        )
        if response.status_code == 302 and response.headers.get("Location") == practice:
            # In order, per practice: the last acknowledged edit is the one the row must hold.
            _ack("draft_edit", f"{title} {token}")

    @task(3)
    def suggestions(self) -> None:
        self.open(
            f"/consultations/suggest/?title=Leaks+in+the+{random.choice(WORDS)}+network"
            "&description=We+lose+water+before+it+reaches+homes+and+need+advice",
            "/consultations/suggest/ (live suggestions)",
        )

    def _practice(self, token: str, *, summary: str = "") -> dict[str, Any]:
        return {
            "title": f"Water kiosks {token}",
            "summary": f"Kiosks sell clean water where the pipes do not reach. {summary or token}",
            "challenge": "Informal districts had no piped water.",
            "city": "Zarqa",
            "country": "JO",
            "language": "en",
            "themes": [WORLD["theme"]],
        }
