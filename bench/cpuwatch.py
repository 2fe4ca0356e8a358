#!/usr/bin/env python3
"""Runs a load command and reports the CPU time that PostgreSQL and the server under test spent.

    cpuwatch.py --db DB [--pids "PID ..."] -- COMMAND ...

Prints the command's output, then one line
    CPU {"db_s": …, "server_s": …}
db_s: CPU seconds of the PostgreSQL backends connected to database DB (found by their process
title "postgres: … DB …"); server_s: CPU seconds of the given processes (our JVM, or MapServer's
FastCGI processes and nginx). Both from /proc/PID/stat (user + system), polled every 0.2 s so that
backends which exit with the client are still counted; a process seen at the start counts from
its value then, a new one from zero. Linux only.
"""
import os
import subprocess
import sys
import threading
import time

HZ = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / HZ
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def backends(db):
    out = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                title = f.read().decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {db} " in title:
            c = cpu(int(p))
            if c is not None:
                out[int(p)] = c
    return out


def main():
    args = sys.argv[1:]
    cut = args.index("--")
    opts, cmd = args[:cut], args[cut + 1:]
    db = opts[opts.index("--db") + 1]
    pids = [int(x) for x in opts[opts.index("--pids") + 1].split()] if "--pids" in opts else []

    start_db = backends(db)
    start_srv = {p: cpu(p) or 0.0 for p in pids}
    last_db = dict(start_db)
    last_srv = dict(start_srv)
    proc = subprocess.Popen(cmd)

    def poll():
        while proc.poll() is None:
            for p, c in backends(db).items():
                last_db[p] = max(last_db.get(p, 0.0), c)
            for p in pids:
                c = cpu(p)
                if c is not None:
                    last_srv[p] = max(last_srv[p], c)
            time.sleep(0.2)

    t = threading.Thread(target=poll)
    t.start()
    rc = proc.wait()
    t.join()
    db_s = sum(c - start_db.get(p, 0.0) for p, c in last_db.items())
    srv_s = sum(last_srv[p] - start_srv[p] for p in pids)
    print(f'CPU {{"db_s": {db_s:.2f}, "server_s": {srv_s:.2f}}}', flush=True)
    sys.exit(rc)


if __name__ == "__main__":
    main()
