"""``python -m custreg.adapters.cli``: the ``custreg`` command."""

from custreg.adapters.cli import main

raise SystemExit(main())
