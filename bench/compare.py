#!/usr/bin/env python3
"""Times commands against each other, interleaved: one run of each in turn, ROUNDS times.

On a shared machine the load drifts over minutes, and timing one command's runs after the
other's (as hyperfine does) turns that drift into a difference between them. Interleaving
spreads it over all of them. Prints the median and minimum wall time and processor time
(user + system, and system alone) of each; `--export-json` writes the runs in hyperfine's
format, which `bench/report.py` reads. `--prepare` gives each command (by position) a
shell command run, untimed, before each of its runs, as hyperfine's `--prepare`: a
corpus that `check --fix` rewrites is restored so.

    bench/compare.py [--warmup N] [--name NAME]... [--prepare CMD]... [--export-json FILE] ROUNDS 'COMMAND' ...
    bench/compare.py 15 'old/partnerlint check bench/corpus/10000 --format json' \\
                        'target/release/partnerlint check bench/corpus/10000 --format json'
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first")
    parser.add_argument("--name", action="append", default=[], help="each command's name")
    parser.add_argument("--export-json", help="write the runs here, as hyperfine does")
    parser.add_argument(
        "--prepare", action="append", default=[], help="a shell command before each run of a command"
    )
    parser.add_argument("rounds", type=int)
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args()
    commands = [shlex.split(c) for c in args.commands]
    names = args.name + args.commands[len(args.name):]
    env = dict(os.environ, PARTNERLINT_TODAY=os.environ.get("PARTNERLINT_TODAY", "2026-11-22"))
    runs = [[] for _ in commands]
    for round_ in range(args.warmup + args.rounds):
        for i, command in enumerate(commands):
            if i < len(args.prepare) and args.prepare[i]:
                subprocess.run(["bash", "-c", args.prepare[i]], check=True, env=env)
            start = time.perf_counter()
            child = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            )
            _, _, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            if round_ >= args.warmup:
                runs[i].append((wall, usage.ru_utime, usage.ru_stime))
    results = []
    for name, samples in zip(names, runs):
        wall = [s[0] for s in samples]
        cpu = sorted(s[1] + s[2] for s in samples)
        system = sorted(s[2] for s in samples)
        print(
            f"{name[:60]:60s}  wall median {statistics.median(wall) * 1e3:8.1f} ms"
            f"  min {min(wall) * 1e3:8.1f}  |  cpu median {statistics.median(cpu) * 1e3:8.1f}"
            f"  system {statistics.median(system) * 1e3:7.1f}",
            file=sys.stderr if args.export_json else sys.stdout,
        )
        results.append(
            {
                "command": name,
                "mean": statistics.mean(wall),
                "stddev": statistics.stdev(wall) if len(wall) > 1 else 0.0,
                "median": statistics.median(wall),
                "user": statistics.mean(s[1] for s in samples),
                "system": statistics.mean(s[2] for s in samples),
                "min": min(wall),
                "max": max(wall),
                "times": wall,
            }
        )
    if args.export_json:
        with open(args.export_json, "w") as out:
            json.dump({"results": results, "interleaved": True}, out, indent=2)


if __name__ == "__main__":
    main()
