"""`python -m mdcheck` and the `mdcheck` console script: the only place that exits."""

from __future__ import annotations

import sys


def entry() -> None:
    from mdcheck.cli import main

    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    entry()
