"""Test support shipped with custreg, for our own tests and for host applications.

- ``custreg.testing.strategies``: Hypothesis strategies for every entity and value object, valid
  and invalid.
- ``custreg.testing.contracts``: the port contract suite and the customer state machine, runnable
  against any adapter through a ``registry_factory`` callable (see the testing page of the docs).
- ``custreg.testing.rules``: the product rules by id, one line each (needs nothing extra).

The strategies and the contracts need ``hypothesis`` and ``pytest``: install the
``custreg[testing]`` extra. Nothing here is imported by custreg itself, so the package works
without them.
"""
