#!/usr/bin/env python3
"""sitrep: build, check and preview the situation-report site. See README.md."""

from sitrep.cli import main

if __name__ == "__main__":
    main()
