"""Room for deep recursion while the toolchain works (`headroom`).

The checker, the verifier, the code generator and the interpreter walk definitions that build on
each other recursively; Python 3.11 keeps such frames off the C stack, so a limit far above the
default is safe, and the language bounds the depth itself (`dsl.semantics.MAX_DEPTH`: a chain
of 10,000 definitions takes some 60,000 frames to analyse). Only the toolchain's own stages run
with it: C code that recurses (the json reader, repr) counts on the usual limit to stop before
the C stack ends, so reading input never happens inside it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

RECURSION_LIMIT = 100_000


@contextmanager
def headroom() -> Iterator[None]:
    """Room for deep recursion while the toolchain works, restored afterwards."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)
