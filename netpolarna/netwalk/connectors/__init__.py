"""Source connectors: each turns one public source into batches of ``FetchedMessage``.

The ingestion layer validates a source's config with ``validate_config(kind, config)``, looks up
``CONNECTORS[kind].connector`` and iterates ``iter_batches(config, state, http)``, storing each
batch's messages and then persisting ``batch.state`` as the source's new connector state.
"""

from .base import Batch, Connector, FetchedMessage
from .errors import ConnectorError
from .http import FetchResult, PoliteClient
from .schemas import CONNECTORS, ConnectorSpec, validate_config

__all__ = [
    "CONNECTORS",
    "Batch",
    "Connector",
    "ConnectorError",
    "ConnectorSpec",
    "FetchResult",
    "FetchedMessage",
    "PoliteClient",
    "validate_config",
]
