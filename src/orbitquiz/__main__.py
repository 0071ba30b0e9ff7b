from orbitquiz.cli import main

raise SystemExit(main())
