"""Matching requests to practices and advisors: pure Python and numpy, no database access.

Callers turn rows into `PracticeCandidate` / `AdvisorCandidate`, build a `Matcher` once, and
ask it for the best matches of each `Request`.
"""

from connective.consultations.matching.bm25 import BM25Baseline, BM25Index
from connective.consultations.matching.index import AdvisorIndex, PracticeIndex
from connective.consultations.matching.matcher import Matcher
from connective.consultations.matching.reasons import Labels
from connective.consultations.matching.themes import ThemeModel
from connective.consultations.matching.types import (
    AdvisorCandidate,
    AdvisorMatch,
    Evidence,
    InferredTheme,
    PracticeCandidate,
    PracticeMatch,
    Request,
    Signals,
    Weights,
)

__all__ = [
    "AdvisorCandidate",
    "AdvisorIndex",
    "AdvisorMatch",
    "BM25Baseline",
    "BM25Index",
    "Evidence",
    "InferredTheme",
    "Labels",
    "Matcher",
    "PracticeCandidate",
    "PracticeIndex",
    "PracticeMatch",
    "Request",
    "Signals",
    "ThemeModel",
    "Weights",
]
