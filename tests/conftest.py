import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
