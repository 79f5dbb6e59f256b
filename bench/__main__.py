"""Run benchmarks and rewrite docs/benchmarks.md.

``python -m bench`` runs every ``bench/bench_*.py``; ``python -m bench extract`` runs one.
Each benchmark returns a Markdown section that is kept in ``bench/results/<name>.md``; the
document is those sections under a header naming the machine, so running one benchmark
refreshes its own figures and keeps the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sys
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DOC = HERE.parent / "docs" / "benchmarks.md"


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def machine() -> str:
    """One line naming this machine: CPU, cores, memory, OS, Python."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def write_document() -> None:
    sections = [RESULTS / f"{name}.md" for name in available()]
    parts = [
        "# Benchmarks\n",
        "Measured with `make bench` (all) or `python -m bench NAME` (one). Each section says",
        "the machine, the data size and the command that produced it; figures are what that",
        "run printed, not targets. Regenerate rather than edit by hand.\n",
    ]
    parts += [p.read_text(encoding="utf-8").strip() + "\n" for p in sections if p.exists()]
    DOC.write_text("\n".join(parts), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run zhiku's benchmarks.")
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {available()})")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiku.settings")
    RESULTS.mkdir(exist_ok=True)
    for name in args.names or available():
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}", file=sys.stderr)
        section = module.run(quick=args.quick)
        today = dt.datetime.now(dt.UTC).date()  # Django's TIME_ZONE sets TZ locally
        stamp = f"\n\n_Machine: {machine()}. Run {today.isoformat()} (UTC)._\n"
        (RESULTS / f"{name}.md").write_text(section.strip() + stamp, encoding="utf-8")
    write_document()
    print(f"wrote {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
