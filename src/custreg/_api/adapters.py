"""custreg's public composition root and light adapters: opening a registry (``open``,
``open_memory``, ...), clocks and ids, blob stores, export sinks, JSON serialisation, the name
similarity and the plain-text renderings of the card and the KPI strip. Re-exported by
``custreg``; none of them loads an optional extra on import."""

from custreg.adapters.blobs import LocalDirectoryBlobStore
from custreg.adapters.blobs import MemoryBlobStore
from custreg.adapters.exports import CollectingSink
from custreg.adapters.exports import CsvSink
from custreg.adapters.exports import XlsxSink
from custreg.adapters.serialization import from_json
from custreg.adapters.serialization import from_json_dict
from custreg.adapters.serialization import to_json
from custreg.adapters.serialization import to_json_dict
from custreg.adapters.similarity import RapidfuzzSimilarity
from custreg.adapters.system import FixedClock
from custreg.adapters.system import RandomIds
from custreg.adapters.system import SequentialIds
from custreg.adapters.system import SystemClock
from custreg.adapters.text.card import render_tab
from custreg.adapters.text.kpi import render_strip
from custreg.bootstrap import DEFAULT_ORGANISATION
from custreg.bootstrap import memory_registry
from custreg.bootstrap import open
from custreg.bootstrap import open_memory
from custreg.bootstrap import open_registry
from custreg.bootstrap import registry_of
from custreg.bootstrap import upgrade_sql

__all__ = [
    "DEFAULT_ORGANISATION",
    "CollectingSink",
    "CsvSink",
    "FixedClock",
    "LocalDirectoryBlobStore",
    "MemoryBlobStore",
    "RandomIds",
    "RapidfuzzSimilarity",
    "SequentialIds",
    "SystemClock",
    "XlsxSink",
    "from_json",
    "from_json_dict",
    "memory_registry",
    "open",
    "open_memory",
    "open_registry",
    "registry_of",
    "render_strip",
    "render_tab",
    "to_json",
    "to_json_dict",
    "upgrade_sql",
]
