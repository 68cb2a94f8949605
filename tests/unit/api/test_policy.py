"""Policy defaults and authorize()."""

import pytest

from nova_lite.api import policy
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import policies


@pytest.fixture
def enforcer(policy_conf):
    return policy_conf


def _ctx(roles, project='p1'):
    return nl_context.RequestContext(user_id='u', project_id=project,
                                     roles=roles)


def test_rule_names_are_unique_and_documented():
    names = [rule.name for rule in policies.list_rules()]
    assert len(names) == len(set(names))
    assert 'os_compute_api:servers:create' in names
    assert 'os_compute_api:os-flavor-manage:create' in names


@pytest.mark.parametrize('roles,allowed', [
    (['admin', 'member', 'reader'], True),
    (['member', 'reader'], False),
    (['reader'], False),
])
def test_flavor_create_is_admin_only(enforcer, roles, allowed):
    ctx = _ctx(roles)
    rule = 'os_compute_api:os-flavor-manage:create'
    if allowed:
        policy.authorize(ctx, rule)
    else:
        with pytest.raises(exception.PolicyNotAuthorized) as raised:
            policy.authorize(ctx, rule)
        assert raised.value.code == 403
        assert raised.value.format_message() == (
            "Policy doesn't allow %s to be performed." % rule)


def test_project_rules_follow_the_target(enforcer):
    member = _ctx(['member', 'reader'])
    reader = _ctx(['reader'])
    admin = _ctx(['admin', 'member', 'reader'], project='other')
    own = {'project_id': 'p1', 'user_id': 'u'}
    theirs = {'project_id': 'p2', 'user_id': 'v'}
    policy.authorize(member, 'os_compute_api:servers:create')
    policy.authorize(member, 'os_compute_api:servers:delete', own)
    policy.authorize(reader, 'os_compute_api:servers:show', own)
    policy.authorize(admin, 'os_compute_api:servers:show', theirs)
    for ctx, rule, target in [
            (reader, 'os_compute_api:servers:create', None),
            (member, 'os_compute_api:servers:show', theirs),
            (member, 'os_compute_api:servers:delete', theirs),
            (member, 'os_compute_api:servers:detail:get_all_tenants', None)]:
        with pytest.raises(exception.PolicyNotAuthorized):
            policy.authorize(ctx, rule, target)


def test_policy_file_overrides(enforcer, tmp_path):
    path = tmp_path / 'policy.yaml'
    path.write_text('"os_compute_api:os-flavor-manage:create": "@"\n')
    enforcer.config(group='oslo_policy', policy_file=str(path))
    policy.reset()
    policy.authorize(_ctx(['reader']),
                     'os_compute_api:os-flavor-manage:create')


def test_policy_file_changes_are_read_within_the_recheck_time(
        enforcer, tmp_path, monkeypatch):
    rule = 'os_compute_api:os-flavor-manage:create'
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"%s": ""\n' % rule)
    enforcer.config(policy_file=str(policy_file), group='oslo_policy')
    policy.reset()
    member = _ctx(['member', 'reader'])
    now = [1000.0]
    monkeypatch.setattr(policy.time, 'monotonic', lambda: now[0])
    policy.authorize(member, rule)  # the file opens the rule to anyone
    policy_file.write_text('"%s": "role:admin"\n' % rule)
    now[0] += policy._Enforcer.RECHECK_SECONDS / 2
    policy.authorize(member, rule)  # not looked at again yet
    now[0] += policy._Enforcer.RECHECK_SECONDS
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(member, rule)
