"""Near-duplicate articles: MinHash over 3-word shingles, LSH for candidates, exact check.

The LSH threshold (0.6) sits below the copy threshold on purpose: at 0.6 with 128
permutations it finds nearly every pair with Jaccard >= 0.7 (research/deps.md), and each
candidate is then verified on the exact Jaccard of the two shingle sets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # pinned: stored signatures must be compared with ones made the same way
LSH_THRESHOLD = 0.6
_WORD = re.compile(r"\w+")


def shingles(text: str, *, size: int = 3) -> set[bytes]:
    """The set of ``size``-word shingles of ``text``, lower-cased, punctuation ignored."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def signature(text: str) -> LeanMinHash:
    """The MinHash signature of a text's shingles."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return LeanMinHash(m)


def to_blob(sig: LeanMinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def from_blob(blob: bytes) -> LeanMinHash:
    return LeanMinHash(
        seed=SEED, hashvalues=np.frombuffer(blob, dtype=np.uint64), scheme=SCHEME
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Copy:
    """``doc_id`` (already indexed) holds the same story, with this exact shingle Jaccard."""

    doc_id: str
    jaccard: float


class DuplicateIndex:
    """The signatures of the stories seen so far, and a lookup of the closest copy.

    ``text_of`` returns the text of an indexed document, for the exact check; candidates
    are rare, so texts are read only then instead of keeping every shingle set in memory.
    """

    def __init__(self, text_of: Callable[[str], str | None], *, threshold: float = 0.7) -> None:
        self.threshold = threshold
        self._text_of = text_of
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._keys: set[str] = set()

    def __len__(self) -> int:
        return len(self._keys)

    def load(self, signatures: Iterable[tuple[str, LeanMinHash]]) -> None:
        """Index stored signatures (``doc_id``, signature)."""
        with self._lsh.insertion_session() as session:
            for doc_id, sig in signatures:
                if doc_id not in self._keys:
                    session.insert(doc_id, sig)
                    self._keys.add(doc_id)

    def add(self, doc_id: str, sig: LeanMinHash) -> None:
        """Index (or re-index) one document's signature."""
        if doc_id in self._keys:
            self._lsh.remove(doc_id)
        self._lsh.insert(doc_id, sig)
        self._keys.add(doc_id)

    def find_copy(self, text: str, sig: LeanMinHash, *, exclude: str = "") -> Copy | None:
        """The indexed document ``text`` is a near-copy of (best exact Jaccard), or None."""
        candidates = sorted(k for k in self._lsh.query(sig) if k != exclude)
        if not candidates:
            return None
        mine = shingles(text)
        best: Copy | None = None
        for doc_id in candidates:
            other = self._text_of(doc_id)
            if other is None:
                continue
            j = jaccard(mine, shingles(other))
            if j >= self.threshold and (best is None or j > best.jaccard):
                best = Copy(doc_id=doc_id, jaccard=j)
        return best
