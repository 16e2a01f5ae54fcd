"""Search in the good-practice library: full-text (per-language stemming), cross-language
embeddings, facets. `index` keeps the index in step with the practices; `backends` hides the
database; `selectors` answers a search; `semantic` holds the embedding side.
"""

# Importing the package (which `practices.models` does, in every process, worker included)
# registers the search tasks with Celery; its autodiscovery only looks at `<app>.tasks`.
from connective.practices.search import tasks as tasks
