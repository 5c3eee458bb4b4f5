from bizcase.cli import main

raise SystemExit(main())
