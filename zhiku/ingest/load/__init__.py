"""Stage 4, load: Extractions into the catalog; the only code of ``ingest`` that writes to the
database.

Each Extraction is loaded in one transaction: a page is one Extraction, so it lands whole or
not at all; a streamed input (JSON Lines, CSV, BibTeX, RIS) yields batches of 500 records and
commits them one by one. A failure or a ``kill -9`` mid-run leaves every page whole or absent
and every batch whole or absent, and running the same command again completes the job (what was
loaded is recognised as unchanged). A dry run loads everything in one transaction and rolls it
back: the report shows what would change, and nothing, not even the ImportRun, is written.

Idempotency is by provenance: every record's canonical hash is stored on its Source row with
the input's URI; a record whose (URI, hash) is already there is "unchanged" and costs nothing.

The modules, each importing only those above it:

- ``report``: ``InputReport``, what happened to one input;
- ``units``, ``context``: units placed in their hierarchy; ``InputContext``, the input, its run,
  its report and its provenance;
- ``people``: person records and byline names → Person rows, matched and merged;
- ``authors``: a work record's byline → (name, person) pairs;
- ``bulk``, ``fingerprints``: fast inserts and chunked lookups; body fingerprints in the
  database (kept in step with every save of a work) and found again by band;
- ``candidates``: the works a batch may match, and the matching rules;
- ``merge``: a record merged into the work it matched; near-duplicates folded;
- ``works``: work records → Work rows, a batch at a time, new works inserted in bulk;
- ``run``: the run: every input, a transaction per Extraction, the report, the
  ``input_imported`` and ``import_finished`` signals (``catalog.signals``) derived stores
  listen to.
"""

from zhiku.ingest.load.context import record_hash
from zhiku.ingest.load.report import KINDS, MAX_REPORT_WARNINGS, OUTCOMES, InputReport
from zhiku.ingest.load.run import Loader, finish_run, ingest_path, ingest_paths
from zhiku.ingest.pipeline import NOT_INPUT_SUFFIXES

__all__ = [
    "KINDS",
    "MAX_REPORT_WARNINGS",
    "NOT_INPUT_SUFFIXES",
    "OUTCOMES",
    "InputReport",
    "Loader",
    "finish_run",
    "ingest_path",
    "ingest_paths",
    "record_hash",
]
