"""``python -m analysis SUBCOMMAND PATH``: see ``analysis.cli``."""

from .cli import main

raise SystemExit(main())
