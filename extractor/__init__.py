"""extractor: structured, checked data from published UK council PDFs."""

__version__ = "0.1.0"
