"""``python -m custreg``: the command-line interface."""

from custreg.adapters.cli import main

raise SystemExit(main())
