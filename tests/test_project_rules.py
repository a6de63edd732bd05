"""S1 as the Project aggregate's own methods: what moving to a status and setting a probability
do, stated directly (the use cases only load, ask and save)."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.project import Project
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus


def _status(state: SalesState, default_probability: int = 30) -> SalesStatus:
    return SalesStatus(SalesStatusId(uuid.uuid4()), state.value, state, default_probability)


@pytest.mark.parametrize(
    ("state", "closed_before", "expected_closed", "expected_probability"),
    [
        (SalesState.WON, False, False, 100),
        (SalesState.WON, True, False, 100),
        (SalesState.LOST, False, True, 45),
        (SalesState.LOST, True, True, 45),
        (SalesState.IN_PROGRESS, True, False, 30),
        (SalesState.IN_PROGRESS, False, False, 30),
    ],
)
def test_s1_moving_to_a_status_examples(
    state: SalesState, closed_before: bool, expected_closed: bool, expected_probability: int
) -> None:
    status = _status(state, default_probability=30)
    project = Project(
        ProjectId(uuid.uuid4()),
        CustomerId(uuid.uuid4()),
        7,
        "Roof",
        is_closed=closed_before,
        probability=45,
    )
    moved = project.moved_to(status)
    assert moved.sales_status_id == status.id
    assert moved.is_closed is expected_closed
    assert moved.probability == expected_probability
    assert (moved.id, moved.name, moved.version) == (project.id, project.name, project.version)


@given(st.integers(0, 100), st.sampled_from(list(SalesState)))
def test_s1_only_a_won_project_is_pinned_at_100(value: int, state: SalesState) -> None:
    status = _status(state)
    project = Project(ProjectId(uuid.uuid4()), CustomerId(uuid.uuid4()), 1, "P").moved_to(status)
    if state is SalesState.WON and value != 100:
        with pytest.raises(ValidationError) as error:
            project.with_probability(value, status)
        assert (error.value.entity, error.value.field, error.value.value) == (
            "project",
            "probability",
            value,
        )
        assert error.value.reason == "a won project has probability 100"
    else:
        assert project.with_probability(value, status).probability == value
    assert project.with_probability(value, None).probability == value


@pytest.mark.parametrize("value", [-1, 101, True, 50.0, "50", None])
def test_probability_outside_0_to_100_is_refused(value: object) -> None:
    project = Project(ProjectId(uuid.uuid4()), CustomerId(uuid.uuid4()), 1, "P")
    with pytest.raises(ValidationError) as error:
        project.with_probability(value, None)  # type: ignore[arg-type]
    assert (error.value.entity, error.value.field) == ("project", "probability")
