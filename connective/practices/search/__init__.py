"""Search in the good-practice library: full-text (per-language stemming), cross-language
embeddings, facets. `index` keeps the index in step with the practices; `backends` hides the
database; `selectors` answers a search; `semantic` holds the embedding side.
"""
