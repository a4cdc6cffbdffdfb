"""Margin's headless core: reading sources, entity extraction and clustering, the local index.

Nothing in this package imports Textual or Rich, and only :mod:`nlp.extract` imports spaCy.
"""
