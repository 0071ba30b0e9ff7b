"""Test-wide settings: hypothesis checks behaviour, never speed (these machines are shared and noisy).

``ORBITQUIZ_HYPOTHESIS=fuzz`` (what ``make fuzz`` sets) makes every property try many more examples.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("orbitquiz", deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", parent=settings.get_profile("orbitquiz"), max_examples=5_000)
settings.load_profile(os.environ.get("ORBITQUIZ_HYPOTHESIS", "orbitquiz"))


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one per test module (tests/webtools.launch_browser: skipped, or failed
    under CI, without it)."""
    from tests.webtools import launch_browser

    with launch_browser() as chromium:
        yield chromium
