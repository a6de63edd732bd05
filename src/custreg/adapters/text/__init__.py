"""Plain-text renderings of the core's read models, for demos, command lines and logs.

Hosts render the read models themselves; these renderings are the library's own, one line per
item, and carry no rule: what is shown and in which order comes from the read model.
"""

from custreg.adapters.text.card import render_tab
from custreg.adapters.text.kpi import render_strip

__all__ = ["render_strip", "render_tab"]
