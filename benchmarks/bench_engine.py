"""How many steps per second the engine checks on the seed tutorials, after start-up.

usage: python benchmarks/bench_engine.py [--repeat N] [SEED_DIR]

Imports mdcheck and warms it up on the samples (so the numbers exclude start-up and the first use
of numpy), then times whole passes over the seeds (../shared/seeds by default): reading each file,
finding its derivations, parsing, typing and testing every step. The parser's caches are emptied
before each pass, so no pass profits from an earlier one. Prints steps, seconds and steps/s for
each pass, and the median and best.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clear_caches() -> None:
    """Empty every cache keyed by the text being read, so that a pass sees each text once, as a
    real run does (caches of things built once, like the Markdown parser, are kept)."""
    from mdcheck.document import _line_offsets
    from mdcheck.latex.parser import parse, parse_side
    from mdcheck.latex.steps import split_steps
    from mdcheck.latex.tokens import _tokenize
    from mdcheck.numeric.functions import RandomFunction
    from mdcheck.semantics import chain, env, prose

    parse.cache_clear()
    parse_side.cache_clear()
    split_steps.cache_clear()
    prose._symbol_list.cache_clear()
    chain.member.cache_clear()
    chain.parse_index.cache_clear()
    env.base_letter.cache_clear()
    env.convention_kind.cache_clear()
    _tokenize.cache_clear()
    _line_offsets.cache_clear()
    RandomFunction.for_name.cache_clear()


def one_pass(paths: list[Path]) -> tuple[int, float]:
    from mdcheck.check import check_document
    from mdcheck.options import CheckOptions
    from mdcheck.sources import read_document

    clear_caches()
    started = time.perf_counter()
    steps = 0
    for path in paths:
        steps += len(check_document(read_document(str(path)), CheckOptions()).steps)
    return steps, time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("seeds", nargs="?", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    paths = sorted(Path(args.seeds).glob("*.txt"))
    if not paths:
        print(f"no seed files in {args.seeds}", file=sys.stderr)
        return 2
    warm = sorted((ROOT / "samples").glob("*.md"))
    one_pass(warm)
    rates = []
    for k in range(args.repeat):
        steps, seconds = one_pass(paths)
        rates.append(steps / seconds)
        print(f"pass {k + 1}: {steps} steps in {seconds:.3f} s = {steps / seconds:.0f} steps/s")
    print(
        f"median {statistics.median(rates):.0f} steps/s, best {max(rates):.0f} steps/s on {len(paths)} files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
