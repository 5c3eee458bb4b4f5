from bizcase.cli.commands.commands import main

raise SystemExit(main())
