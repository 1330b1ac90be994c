"""Benchmarks: a deterministic synthetic corpus (:mod:`bench.corpus`) and the timing script (:mod:`bench.run`)."""
