"""What members tells the layers above it, which it must not import (consultations, ...).

`profile_changed` is sent inside the transaction that changed what a profile says about its
member (text, languages, expertise, willingness to advise), with `profile_ids`. Receivers that
do slow work (computing an embedding) should wait for the commit (`transaction.on_commit`).
"""

from __future__ import annotations

from django.dispatch import Signal

profile_changed = Signal()
