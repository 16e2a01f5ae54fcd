"""What the search index stores beside the practices (imported by `practices.models`)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class PracticeSearchDocument(models.Model):
    """The stemmed, weighted words of one published practice (PostgreSQL's full-text index).

    Built by `search.index` with the text-search configuration of the practice's language
    (title weight A, summary B, the rest C) plus the unstemmed 'simple' words, so that a query
    in another language still meets names and shared words. Used on PostgreSQL only: SQLite
    keeps an FTS5 table instead (created by the migration), and this table stays empty there.

    The facet and order columns (region ... sdg_ids) are copies of the practice's, written in
    the same statement as the words, so that filtering, counting facets and ordering by
    publication read this table alone: no join with the practices or their theme and goal
    links, whatever the size of the library.
    """

    practice = models.OneToOneField(
        "practices.Practice", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    document = SearchVectorField()
    # The title and summary words alone (weights A and B of `document`): small enough to stay
    # in the row, so ranking many matches reads it instead of unpacking every whole document.
    head = SearchVectorField(null=True)
    region = models.CharField(max_length=20, default="")
    country = models.CharField(max_length=2, default="")
    language_code = models.CharField(max_length=10, default="")
    period_start = models.PositiveSmallIntegerField(null=True)
    published_at = models.DateTimeField(null=True)
    theme_ids = ArrayField(models.IntegerField(), null=True)
    sdg_ids = ArrayField(models.IntegerField(), null=True)

    class Meta:
        app_label = "practices"

    def __str__(self) -> str:
        return f"search document of practice {self.practice_id}"


class PracticeEmbedding(models.Model):
    """The sentence embedding of a published practice (title, summary and challenge).

    `vector` holds float32 bytes, L2-normalised; `text_hash` is the SHA-256 of the embedded
    text, so the vector is recomputed only when that text changes.
    """

    practice = models.OneToOneField(
        "practices.Practice", on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    vector = models.BinaryField()
    text_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=60)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "practices"

    def __str__(self) -> str:
        return f"embedding of practice {self.practice_id} ({self.model})"


class SearchIndexVersion(models.Model):
    """A stamp that changes whenever any embedding changes.

    Each web process keeps the embeddings in memory and reloads them when this stamp differs
    from the one it loaded, which costs one primary-key read per search.
    """

    name = models.CharField(max_length=40, primary_key=True)
    stamp = models.CharField(max_length=32, blank=True)

    class Meta:
        app_label = "practices"

    def __str__(self) -> str:
        return f"{self.name}: {self.stamp}"


class PracticeNeighbour(models.Model):
    """One of the published practices closest in meaning to a published practice.

    Computed from the stored embeddings by `search.neighbours` whenever embeddings change (in
    the background, after the search index), so the practice page reads its "related
    practices" by primary key instead of comparing the practice with the whole library.
    `rank` 0 is the closest; `similarity` is the cosine of the two embeddings.
    """

    # The unique (practice, rank) constraint's index serves reads by practice.
    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, related_name="neighbours", db_index=False
    )
    neighbour = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="neighbour_of")
    rank = models.PositiveSmallIntegerField()
    similarity = models.FloatField()

    class Meta:
        app_label = "practices"
        constraints = [
            models.UniqueConstraint(fields=["practice", "rank"], name="practice_neighbour_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} -> {self.neighbour_id} ({self.similarity:.2f})"
