"""Test-wide settings: hypothesis checks behaviour, never speed (these machines are shared and noisy)."""

from hypothesis import HealthCheck, settings

settings.register_profile("orbitquiz", deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("orbitquiz")
