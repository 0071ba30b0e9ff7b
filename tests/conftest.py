"""Test-wide settings: hypothesis checks behaviour, never speed (these machines are shared and noisy).

``ORBITQUIZ_HYPOTHESIS=fuzz`` (what ``make fuzz`` sets) makes every property try many more examples.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("orbitquiz", deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", parent=settings.get_profile("orbitquiz"), max_examples=5_000)
settings.load_profile(os.environ.get("ORBITQUIZ_HYPOTHESIS", "orbitquiz"))
