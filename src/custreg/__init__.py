"""custreg: a customer-registry core to embed in CRMs and business apps.

The stable public API is re-exported here; see docs/ for the guide and the architecture.
"""

from custreg import errors
from custreg._api import adapters as _adapters
from custreg._api import domain as _domain
from custreg._api import ports as _ports
from custreg._api import usecases as _usecases
from custreg._api.adapters import *  # noqa: F403
from custreg._api.domain import *  # noqa: F403
from custreg._api.ports import *  # noqa: F403
from custreg._api.usecases import *  # noqa: F403

__version__ = "0.1.0"

__all__ = ["__version__", "errors"]
"""Every public name: these two, then every name of the groups in ``custreg._api`` (domain, ports,
use cases, composition root and light adapters), each documented on this page."""
__all__ += _domain.__all__
__all__ += _ports.__all__
__all__ += _usecases.__all__
__all__ += _adapters.__all__
