"""Pause Python's cyclic garbage collector over stages that only build up acyclic data.

The graph of a large build is millions of small objects (nodes' dicts, spans, edges). While it
grows, every full collection walks all of them, and finds nothing to free: the facts are trees,
not cycles. Pausing the collector over resolution, building and exporting halves the graph stage
of a 1,000-document build (42.6 s → 20.9 s) at the same peak memory (579 MB); reference counting
still frees everything as usual, and the young generations are collected at the end.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    """``with paused(): ...`` runs the block without cyclic collection (nesting is fine)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
            gc.collect(1)  # the young generations only: the old ones hold the long-lived graph
