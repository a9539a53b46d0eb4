"""A mutation fuzzer for every reader: ``python -m tests.fuzz --help``.

Each input is a seed (the project's own fixtures and what its writers
write) spoiled by one or more mutations: byte flips, truncation, line
deletion, XML metacharacters, huge attributes, deep nesting, huge numbers,
zip corruption. Each input runs in a forked child with an address-space
limit; the run fails on any exception other than ``ReadError``, on an input
that takes more than :data:`MAX_SECONDS` of CPU time, and on a peak resident
size over :data:`MAX_PEAK_MIB`. Everything is seeded: a failure prints the
command that replays it.
"""
