"""The customer state machine (custreg.testing.contracts.CustomerMachine) on every backend.

It drives create / rename / inactivate / reactivate / add and remove address / set headquarters /
rolled-back work against a registry and a plain dict model side by side, and checks after every
step that they agree: C1 (refused creates store nothing), C3 (numbers unique, never reused), C5
(status changes keep addresses), C6 (active + inactive = all), A1-A4 (headquarters rules).
"""

from __future__ import annotations

from custreg.testing.contracts import CustomerStateMachineContract


class TestCustomerStateMachine(CustomerStateMachineContract):
    """C1, C3, C5, C6, A1, A2, A3, A4 as one stateful property per backend."""
