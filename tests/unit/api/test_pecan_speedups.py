"""pecan's argument specs, remembered."""

import pecan.util

from nova_lite.api import pecan_speedups


class _Controller:

    def get_one(self, server_id, *remainder):
        return server_id


def test_spec_is_pecans_and_computed_once(monkeypatch):
    calls = []
    real = pecan_speedups._original

    def counting(method):
        calls.append(method)
        return real(method)

    monkeypatch.setattr(pecan_speedups, '_original', counting)
    monkeypatch.setattr(pecan_speedups, '_specs', {})
    first = pecan_speedups.getargspec(_Controller().get_one)
    second = pecan_speedups.getargspec(_Controller().get_one)
    assert first is second and len(calls) == 1
    assert first.args == ['self', 'server_id'] and first.varargs == 'remainder'


def test_applied_to_pecan():
    import nova_lite.api.hooks  # noqa: F401 - applies the speedups
    assert pecan.util.getargspec is pecan_speedups.getargspec
