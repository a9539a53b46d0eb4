"""``python -m referatkit``: the command line."""

from .cli import main

raise SystemExit(main())
