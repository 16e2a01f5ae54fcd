"""What suggestions store beside the consultations (imported by `consultations.models`)."""

from __future__ import annotations

from django.db import models


class AdvisorEmbedding(models.Model):
    """The sentence embedding of a willing advisor's profile text: their bio, the practices they
    are contact for and the topics of the consultations they advised on.

    `vector` holds float32 bytes, L2-normalised; `text_hash` is the SHA-256 of the model name
    and the embedded text, so the vector is recomputed only when that text changes. Computed in
    the background (`tasks_matching`) and, for whatever is missing or stale, in one batch when
    a process builds its matching index.
    """

    profile = models.OneToOneField(
        "members.MemberProfile", on_delete=models.CASCADE, primary_key=True, related_name="advisor_embedding"
    )
    vector = models.BinaryField()
    text_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=60)
    updated_at = models.DateTimeField(auto_now=True)

    objects: models.Manager[AdvisorEmbedding] = models.Manager()
    profile_id: int

    class Meta:
        app_label = "consultations"

    def __str__(self) -> str:
        return f"embedding of advisor {self.profile_id} ({self.model})"
