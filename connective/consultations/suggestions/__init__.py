"""Suggestions for a consultation request: the matcher (`consultations.matching`) fed from the
database, with stored advisor embeddings and an in-memory index per process.

Import from `connective.consultations.suggestions.service`; this package's `__init__` imports
nothing, because `consultations.models` imports `suggestions.models` while models load.
"""
