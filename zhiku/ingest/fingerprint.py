"""Near-duplicate bodies: shingles, a MinHash signature (datasketch) and its LSH band hashes.

Two bodies are near-duplicates when the Jaccard similarity of their character shingles is at
least ``NEAR_DUPLICATE_JACCARD``. Finding them across imports without comparing every pair:

1. shingles: every ``SHINGLE_CHARS``-character window of the body's matching key (NFKC,
   casefolded, no spaces or punctuation, so a republished copy with other spacing or
   full-width punctuation matches), hashed to 32 bits with numpy in one vectorised pass;
2. signature: a datasketch MinHash over a consistent sample of the shingles (those whose hash
   is divisible by ``SAMPLE_EVERY``; the "scaled" sketch of sourmash: identical shingles are
   sampled identically, so the sample's Jaccard estimates the whole set's);
3. bands: the signature cut into ``BANDS`` bands of ``ROWS`` values, each hashed to a signed
   64-bit integer. The loader stores signature and bands (``ingest.models.BodyFingerprint``,
   one indexed column per band); a body sharing a band with a stored one is a candidate, kept
   if the signatures estimate at least ``ESTIMATE_FLOOR`` and confirmed by the exact Jaccard of
   the two shingle sets.

With 12 bands of 12 rows a pair at similarity 0.9 becomes a candidate with probability
1 − (1 − 0.9¹²)¹² ≈ 0.98 (0.95: 0.9999), a pair at 0.5 with probability ≈ 0.003. Fewer rows
per band would catch more pairs at 0.9 but also many more pairs of texts that merely share
phrases (boilerplate, templates), each costing a look at the candidate; 12 × 12 keeps chance
candidates to a few per work in a catalog of 100,000 template-heavy bodies (``bench/corpus``).
"""

from __future__ import annotations

import functools
import hashlib
import struct
from dataclasses import dataclass

import numpy as np

from zhiku.text.keys import text_key

#: Characters per shingle: long enough that shared phrases, not shared words, make similarity.
SHINGLE_CHARS = 5
#: Bodies whose key is shorter than this are not fingerprinted: too few shingles to judge.
MIN_FINGERPRINT_CHARS = 200
#: The similarity at and above which two bodies are the same work.
NEAR_DUPLICATE_JACCARD = 0.9
#: A candidate whose signature estimates less than this is dropped before the exact check
#: (the estimate's standard deviation at 0.9 with 144 values is about 0.025).
ESTIMATE_FLOOR = 0.7
#: LSH shape: BANDS × ROWS = the number of MinHash permutations.
BANDS, ROWS = 12, 12
NUM_PERM = BANDS * ROWS
#: Keep one shingle hash in this many for the signature (consistent sampling, see above).
SAMPLE_EVERY = 4
#: Fixed so that signatures made by any process, on any day, are comparable.
SEED = 20131
_MULTIPLIER = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
#: datasketch 2 scheme: a * h + b mod 2**32, collision-free and without a slow modulo.
SCHEME = "affine32"


@functools.cache
def _minhash_class() -> tuple[type, object]:
    """datasketch's MinHash and our fixed permutations, imported on first use: datasketch
    imports scipy (a second of start-up) for its LSH index, which web processes never need."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


@dataclass
class Fingerprint:
    """A body's shingle set, MinHash signature and LSH band hashes."""

    shingles: np.ndarray  # sorted unique uint64 holding 32-bit shingle hashes
    signature: np.ndarray  # NUM_PERM uint32 values
    bands: list[int]  # BANDS signed 64-bit integers

    def signature_bytes(self) -> bytes:
        """The signature as stored (little-endian uint32s)."""
        return self.signature.astype("<u4").tobytes()


def fingerprint_body(body: str) -> Fingerprint | None:
    """The fingerprint of ``body``, or None when it is too short to judge."""
    return fingerprint_key(text_key(body))


def fingerprint_key(key: str) -> Fingerprint | None:
    """As ``fingerprint_body``, from the body's matching key (``zhiku.text.keys.text_key``)."""
    shingles = key_shingle_hashes(key)
    if not len(shingles):
        return None
    sample = shingles[shingles % np.uint64(SAMPLE_EVERY) == 0]
    if not len(sample):
        sample = shingles[:1]
    minhash_class, permutations = _minhash_class()
    minhash = minhash_class(
        num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=permutations, scheme=SCHEME
    )
    minhash.update_batch(sample.tolist())
    signature = np.asarray(minhash.hashvalues, dtype=np.uint32)
    bands = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        bands.append(struct.unpack("<q", digest)[0])
    return Fingerprint(shingles, signature, bands)


def signature_from_bytes(data: bytes) -> np.ndarray:
    """Inverse of ``Fingerprint.signature_bytes``."""
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """The similarity two signatures estimate (the share of equal values)."""
    return float(np.count_nonzero(a == b)) / len(a) if len(a) == len(b) and len(a) else 0.0


def shingle_hashes(body: str) -> np.ndarray:
    """Sorted unique 32-bit hashes of the body's shingles (empty when the body is short)."""
    return key_shingle_hashes(text_key(body))


def key_shingle_hashes(key: str) -> np.ndarray:
    """As ``shingle_hashes``, from the body's matching key (``zhiku.text.keys.text_key``)."""
    if len(key) < MIN_FINGERPRINT_CHARS:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - SHINGLE_CHARS + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_CHARS):  # polynomial hash of each window, wrapping at 2**64
        hashes = hashes * _MULTIPLIER + codes[offset : offset + count]
    hashes ^= hashes >> np.uint64(29)
    return _sorted_unique((hashes * _MIX) >> np.uint64(32))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # np.unique hashes in numpy 2 and is ten times slower than sorting for arrays this size.
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle-hash arrays."""
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)
