"""Test support shipped with custreg, for our own tests and for host applications.

- ``custreg.testing.strategies``: Hypothesis strategies for every entity and value object, valid
  and invalid (needs ``hypothesis``, e.g. through the ``custreg[dev]`` extra).
- ``custreg.testing.contracts``: the port contract suite and the customer state machine, runnable
  against any adapter through a ``registry_factory`` callable (see docs/testing.md).

Nothing here is imported by custreg itself, so the package works without Hypothesis installed.
"""
