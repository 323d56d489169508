from artifactkit.cli import main

raise SystemExit(main())
