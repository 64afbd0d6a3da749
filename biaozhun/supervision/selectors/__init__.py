"""Reads of the supervision app (``checks``)."""
