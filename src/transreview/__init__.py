"""transreview: bilingual Chinese-English translation-quality review.

Importing the package is cheap: it loads nothing heavy (no Textual, no dictionary).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
