#!/usr/bin/env python3
"""Times commands against each other, interleaved: one run of each in turn, ROUNDS times.

On a shared machine the load drifts over minutes, and timing one command's runs after the
other's (as hyperfine does) turns that drift into a difference between them. Interleaving
spreads it over all of them. Prints the median and minimum wall time and processor time
(user + system, and system alone) of each.

    bench/compare.py ROUNDS 'COMMAND' 'COMMAND' ...
    bench/compare.py 15 'old/partnerlint check bench/corpus/10000 --format json' \\
                        'target/release/partnerlint check bench/corpus/10000 --format json'
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = [shlex.split(c) for c in sys.argv[2:]]
    env = dict(os.environ, PARTNERLINT_TODAY=os.environ.get("PARTNERLINT_TODAY", "2026-11-22"))
    runs = [[] for _ in commands]
    for round_ in range(rounds + 1):
        for i, command in enumerate(commands):
            start = time.perf_counter()
            child = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            )
            _, _, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            if round_ > 0:  # the first round warms the caches
                runs[i].append((wall, usage.ru_utime + usage.ru_stime, usage.ru_stime))
    for command, samples in zip(commands, runs):
        wall, cpu, system = (sorted(s[k] for s in samples) for k in range(3))
        print(
            f"{' '.join(command)[:60]:60s}  wall median {statistics.median(wall) * 1e3:8.1f} ms"
            f"  min {wall[0] * 1e3:8.1f}  |  cpu median {statistics.median(cpu) * 1e3:8.1f}"
            f"  system {statistics.median(system) * 1e3:7.1f}"
        )


if __name__ == "__main__":
    main()
