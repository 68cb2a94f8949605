"""Policy enforcement of the REST API (oslo.policy, defaults in policies/).

Controllers call ``authorize(context, rule, target)`` first thing; a denial
raises PolicyNotAuthorized (403 "Policy doesn't allow <rule> to be
performed."). The default target is the requester's own project and user;
for an existing resource pass its owner, e.g.
``{'project_id': instance.project_id, 'user_id': instance.user_id}``.
"""

import threading
import time

from oslo_policy import policy

import nova_lite.conf
from nova_lite import exception
from nova_lite import policies

CONF = nova_lite.conf.CONF

_ENFORCER = None
_LOCK = threading.Lock()


class _Enforcer(policy.Enforcer):
    """An Enforcer that looks at the policy files at most once a second.

    oslo.policy checks the policy file and directories for changes before
    every rule it enforces: some 40 ``stat`` calls and about 2.5 ms of CPU
    per request here, where a request checks several rules. A changed file
    is still picked up, within a second (or at once on SIGHUP).
    """

    RECHECK_SECONDS = 1.0
    _checked_at = None

    def load_rules(self, force_reload=False):
        now = time.monotonic()
        if (not force_reload and self.rules and self._checked_at is not None
                and now - self._checked_at < self.RECHECK_SECONDS):
            return
        super().load_rules(force_reload=force_reload)
        self._checked_at = now


def get_enforcer():
    """The process-wide Enforcer (also the ``oslo.policy.enforcer``
    entry point that oslopolicy-* tools load)."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            enforcer = _Enforcer(CONF)
            enforcer.register_defaults(policies.list_rules())
            _ENFORCER = enforcer
    return _ENFORCER


def reset():
    """Forget the enforcer (tests; SIGHUP re-reads the policy file)."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is not None:
            _ENFORCER.clear()
        _ENFORCER = None


def authorize(context, rule, target=None):
    """Check ``rule`` for ``context`` on ``target``; raise if denied.

    :raises: PolicyNotAuthorized (403)
    """
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    try:
        return get_enforcer().authorize(
            rule, target, context, do_raise=True,
            exc=exception.PolicyNotAuthorized, action=rule)
    except policy.InvalidScope:
        raise exception.PolicyNotAuthorized(action=rule)


def check_is_admin(context):
    """True if ``context_is_admin`` passes (no exception)."""
    return get_enforcer().authorize('context_is_admin', {}, context)


def instance_target(instance):
    """The target of a rule about an existing server: its owner."""
    return {'project_id': instance.project_id, 'user_id': instance.user_id}
