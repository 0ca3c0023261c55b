"""Run a command and report its wall time and its own peak RSS as JSON.

    python measure.py REPORT.json COMMAND [ARG...]

Why a launcher: Linux keeps a process's peak RSS across exec, so a child forked from a big
process (pytest holding a GUI and a long document) would report the parent's size. This small
process forks the command instead, so wait4() gives the command's true peak. The times are
taken here too, so the launcher's own start-up is not counted. Exits with the command's status.
"""

import json
import os
import subprocess
import sys
import time

report, command = sys.argv[1], sys.argv[2:]
started_at = time.time()
start = time.perf_counter()
proc = subprocess.Popen(command)
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - start
proc.returncode = os.waitstatus_to_exitcode(status)
with open(report, "w", encoding="utf-8") as handle:
    json.dump(
        {
            "seconds": seconds,
            "max_rss": usage.ru_maxrss * 1024,
            "started_at": started_at,
            "returncode": proc.returncode,
        },
        handle,
    )
sys.exit(proc.returncode if proc.returncode >= 0 else 128 - proc.returncode)
