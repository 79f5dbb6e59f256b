"""The Markdown section of the search benchmark (see bench_search.py), with its targets.

bench_search.py imports this module, never the other way round."""

from __future__ import annotations

#: Targets from the issue (milliseconds; works per second).
TARGET_P50_1M, TARGET_P99_1M, TARGET_P99_100K, TARGET_BUILD = 15.0, 60.0, 20.0, 500
#: The query classes measured, in the order of the report's rows.
CLASSES = ("rare", "frequent", "two terms", "phrase + 2 terms", "filters", "facets")


def _ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _ratio(theirs: float, ours: float) -> str:
    if not ours:
        return "–"
    ratio = theirs / ours
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×"


def _share(value: float) -> str:
    return f"{value:.1%}" if value >= 0.01 else f"{value:.2%}"


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def render(results: list[dict]) -> str:
    lines = [
        "## Search",
        "",
        "`python -m bench search`: `bench/corpus.py` works in a SQLite catalog (cached under",
        "`var/bench/`), indexed by `zhiku reindex`'s code (2 analysis processes), queried through",
        "`zhiku.search.service.search`, the search page's code path (parse, compile, tantivy,",
        "snippets from the stored text; facets and experts in the *facets* class). *Warm*: each",
        "query after a warm-up, repeated; *cold*: the index's files evicted from the page cache",
        "(`posix_fadvise`) and a fresh reader before each query. Baselines on the same queries:",
        "SQLite FTS5 with bm25 over the same analysed tokens (top 10 + count; year and type",
        "facets in the facets class) and a LIKE scan of title and body (newest 10 + count).",
        "Ratios are baseline p50 ÷ ours (warm p50). Times in milliseconds; *matches* is the",
        "mean share of all works a query of the class finds: the corpus draws every text from",
        "40 terms, so any term but an author's name is in most works.",
        "",
    ]
    verdicts = []
    for result in results:
        works, build = result["works"], result["build"]
        lines += [
            f"### {works:,} works",
            "",
            f"Index build: {build['documents']:,} works in {build['seconds']:,.0f} s = "
            f"**{build['rate']:,} works/s** ({build['processes']} analysis processes); index "
            f"{build['size_mib']:,} MiB on disk (stored text for snippets included); peak "
            f"memory {build['peak_rss_mib']:,} MiB (writer process) + "
            f"{build['worker_peak_rss_mib']:,} MiB (largest analysis process). Query process "
            f"peak: {result['peak_rss_mib']:,.0f} MiB."
            + (f" {build['note']}" if build.get("note") else ""),
            "",
            "| class | matches | warm p50 | p95 | p99 | cold p50 | p95 | p99 "
            "| FTS5 p50 | ratio | LIKE p50 | ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in CLASSES:
            row = result["latency"][name]
            warm, cold, fts, like = row["warm"], row["cold"], row["fts5"], row["like"]
            lines.append(
                f"| {name} | {_share(row.get('matched', 0))} "
                f"| {_ms(warm['p50'])} | {_ms(warm['p95'])} | {_ms(warm['p99'])} "
                f"| {_ms(cold['p50'])} | {_ms(cold['p95'])} | {_ms(cold['p99'])} "
                f"| {_ms(fts['p50'])} | {_ratio(fts['p50'], warm['p50'])} "
                f"| {_ms(like['p50'])} | {_ratio(like['p50'], warm['p50'])} |"
            )
        lines.append("")
        worst_p50 = max(result["latency"][n]["warm"]["p50"] for n in CLASSES)
        worst_p99 = max(result["latency"][n]["warm"]["p99"] for n in CLASSES)
        if works >= 1_000_000:
            verdicts.append(
                f"1M: p50 ≤ {TARGET_P50_1M:g} ms: {_met(worst_p50 <= TARGET_P50_1M)} (worst "
                f"class {worst_p50:.1f}); p99 ≤ {TARGET_P99_1M:g} ms: "
                f"{_met(worst_p99 <= TARGET_P99_1M)} (worst {worst_p99:.1f}); build ≥ "
                f"{TARGET_BUILD} works/s: {_met(build['rate'] >= TARGET_BUILD)}."
            )
        elif works >= 100_000:
            verdicts.append(
                f"100k: p99 ≤ {TARGET_P99_100K:g} ms: {_met(worst_p99 <= TARGET_P99_100K)} "
                f"(worst class {worst_p99:.1f}); build ≥ {TARGET_BUILD} works/s: "
                f"{_met(build['rate'] >= TARGET_BUILD)}."
            )
    if verdicts:
        lines += ["Targets (warm): " + " ".join(verdicts), ""]
    return "\n".join(lines)
