"""A mutation fuzzer for every reader: ``python -m tests.fuzz --help``.

Each input is a seed (the project's own fixtures and what its writers
write) spoiled by one or more mutations: byte flips, truncation, line
deletion, XML metacharacters, huge attributes, deep nesting, huge numbers,
zip corruption, and amplification (repeated and empty elements, reference,
comment and HTML floods, narrow nesting, PDF pages sharing content; made by
:mod:`.amplify`). Each input runs in a forked child with an address-space
limit; the run fails on any exception other than ``ReadError``, on an input
that takes more CPU time than the cost property allows
(:func:`.engine.allowed_seconds`), and on a peak resident size over
:data:`.engine.MAX_PEAK_MIB`. Everything is seeded: a failure prints the
command that replays it.
"""
