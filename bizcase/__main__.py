"""``python -m bizcase``: the command line (:mod:`bizcase.cli`)."""
from bizcase.cli import main

raise SystemExit(main())
