import pytest


@pytest.fixture(autouse=True)
def _needs_stack(stack):
    """Every integration test talks to the real services."""
