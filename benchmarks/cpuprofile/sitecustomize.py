"""A CPU-time sampling profiler for a whole process, started by `web_bench.py --cpu-profile`.

Python imports this `sitecustomize` at start-up when its folder is on PYTHONPATH. With
`CITECHECK_CPU_PROFILE=PREFIX` set, a `SIGPROF` timer fires every 5 ms of CPU the
process uses (user + system, never while it waits or while the machine runs something
else) and counts the Python stack it interrupts; at exit the counts are written to
`PREFIX-<pid>.txt` as collapsed stacks (`frame;frame;... count`, py-spy's raw format,
first line `# argv`). A wall-clock sampler such as py-spy also counts the time a busy
machine keeps a runnable process off the CPU, which lands on whatever line woke another
process (a socket write); this one counts CPU only. Time in C code is charged to the
Python line that called it.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
from collections import Counter
from types import FrameType

PREFIX = os.environ.get("CITECHECK_CPU_PROFILE", "")
INTERVAL_S = 0.005


def _start(prefix: str) -> None:
    counts: Counter[str] = Counter()

    def sample(signum: int, frame: FrameType | None) -> None:
        stack = []
        while frame is not None:
            code = frame.f_code
            stack.append(f"{code.co_qualname} ({code.co_filename}:{frame.f_lineno})")
            frame = frame.f_back
        counts[";".join(reversed(stack))] += 1

    def write() -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        with open(f"{prefix}-{os.getpid()}.txt", "w", encoding="utf-8") as out:
            out.write("# " + " ".join(sys.argv) + "\n")
            out.writelines(f"{stack} {count}\n" for stack, count in counts.items())

    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, INTERVAL_S, INTERVAL_S)
    atexit.register(write)


if PREFIX and hasattr(signal, "ITIMER_PROF"):
    _start(PREFIX)
