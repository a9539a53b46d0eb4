"""``python -m referatkit``: the command line."""

from .cli import run

run()
