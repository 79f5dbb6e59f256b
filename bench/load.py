"""HTTP load with wrk (Debian's package): random paths from a list, percentiles and errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("ZHIKU_WRK_PATHS")) do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter * 7919) % #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    connect_errors: int
    read_errors: int
    write_errors: int
    bad_status: int  # non-2xx/3xx responses
    timeouts: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.connect_errors + self.read_errors + self.write_errors + self.timeouts


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_load(base: str, paths: list[str], connections: int, seconds: int) -> LoadResult:
    """GET ``paths`` (cycled) against ``base`` with ``connections`` for ``seconds``."""
    with tempfile.TemporaryDirectory() as tmp:
        script, listing = Path(tmp) / "paths.lua", Path(tmp) / "paths.txt"
        script.write_text(LUA)
        listing.write_text("\n".join(paths) + "\n")
        threads = min(connections, 2)
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base,
            ],
            env={**os.environ, "ZHIKU_WRK_PATHS": str(listing)},
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("RESULT"))
    n = [int(x) for x in line.split()[1:]]
    return LoadResult(
        n[0], n[1] / 1e6, n[2], n[3], n[4], n[5], n[6], n[7] / 1000, n[8] / 1000, n[9] / 1000
    )
