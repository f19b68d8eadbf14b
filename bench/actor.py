"""Who the benchmarks write as: the operator, as the command line on the server would."""

from __future__ import annotations

from carewatch.domain.access import Actor

BENCH = Actor.operator("bench")
