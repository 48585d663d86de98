import pytest

from attune.core.instruments import get_instrument


@pytest.fixture(scope="session")
def checkup():
    return get_instrument("checkup")


@pytest.fixture(scope="session")
def pulse():
    return get_instrument("pulse")
