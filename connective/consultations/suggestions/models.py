"""What suggestions store beside the consultations (imported by `consultations.models`)."""

from __future__ import annotations

from django.db import models


class AdvisorEmbedding(models.Model):
    """The sentence embeddings of a willing advisor's evidence: `vector` their bio's (empty when
    the bio is empty or not open to all members), `topics` one vector after the other for each
    past consultation topic the matcher may use (see `candidates`), in order.

    Vectors are float32 bytes, L2-normalised; `text_hash` is the SHA-256 of the model name and
    the embedded texts, so they are recomputed only when a text changes. Computed in the
    background (`tasks_matching`) and, for whatever is missing or stale, in one batch when the
    matching index is built.
    """

    profile = models.OneToOneField(
        "members.MemberProfile", on_delete=models.CASCADE, primary_key=True, related_name="advisor_embedding"
    )
    vector = models.BinaryField(blank=True)
    topics = models.BinaryField(blank=True, default=b"")
    text_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=60)
    updated_at = models.DateTimeField(auto_now=True)

    objects: models.Manager[AdvisorEmbedding] = models.Manager()
    profile_id: int

    class Meta:
        app_label = "consultations"

    def __str__(self) -> str:
        return f"embedding of advisor {self.profile_id} ({self.model})"
