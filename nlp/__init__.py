"""Margin's headless core: reading articles, entity extraction and clustering, the local index.

Nothing in this package imports Textual or Rich, and only :mod:`nlp.extract` imports spaCy.
"""
