"""`python -m zwgk.screening PATH …` — the scan command without Django (built-in default lexicon)."""

from zwgk.screening.cli import main

raise SystemExit(main())
