#!/usr/bin/env python3
"""Times whole commands in paired rounds and prints medians side by side.

usage: time_pairs.py N_POINTS ROUNDS WORKDIR "group|command" ...
Each round runs every command once, in the order given (so a slow moment of the machine hits
ours and the peer's alike). Wall time from perf_counter; CPU time (user + system) and peak RSS
from os.wait4's rusage of that one child.
"""
import os, shlex, statistics, subprocess, sys, time

n, rounds = int(sys.argv[1]), int(sys.argv[2])
commands = [c.split('|', 1) for c in sys.argv[4:]]
results = {i: [] for i in range(len(commands))}
for _ in range(rounds):
    for i, (_, command) in enumerate(commands):
        start = time.perf_counter()
        p = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            sys.exit(f"failed ({status}): {command}\n{p.stderr.read().decode()}")
        results[i].append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss))
print(f"{'job':6s} {'command':70s} {'wall s':>7s} {'CPU s':>7s} {'points/s':>11s} {'per CPU-s':>11s} {'peak MB':>8s}")
for i, (group, command) in enumerate(commands):
    wall = statistics.median(r[0] for r in results[i])
    cpu = statistics.median(r[1] for r in results[i])
    rss = max(r[2] for r in results[i]) / 1024
    short = command if len(command) <= 70 else command[:67] + '...'
    print(f"{group:6s} {short:70s} {wall:7.3f} {cpu:7.3f} {n / wall:11,.0f} {n / cpu:11,.0f} {rss:8.0f}")
print(f"medians of {rounds} paired rounds, {n:,} points, {os.cpu_count()} cores")
