"""samestory's helper package: load an article set and compute every table the notebooks show.

Start with :func:`load_corpus`; each other module is named for what it computes.
"""

from .corpus import BUNDLED_CORPUS, Corpus, CorpusError, load_corpus

__all__ = ["BUNDLED_CORPUS", "Corpus", "CorpusError", "load_corpus"]
__version__ = "0.1.0"
