"""The embedded store: one SQLite file (WAL) holding documents, extraction output and fusion.

Two layers live side by side. Per-document rows (mentions, and the events, control changes
and relations extracted from one document) carry that document's id in ``origin`` and are
replaced whenever the document is saved again. Fused, cross-document rows have
``origin IS NULL`` and are replaced wholesale by :meth:`Store.replace_fused`.

Places are stored denormalised in event and control rows so that reading needs no
gazetteer; sources live in one child table keyed by (kind, owner row id); dates are ISO
strings and enums their values. The schema grows by small numbered migrations.
"""

from sitrep.store.database import Store
from sitrep.store.migrations import latest_version, migration

__all__ = ["Store", "latest_version", "migration"]
