"""Response bodies of /os-server-groups (Nova's shapes).

``id`` is the group's uuid; ``members`` its live member servers. Up to
2.63 ``policies`` is a one-item list and ``metadata`` always empty; from
2.64 ``policy`` and ``rules``. 2.13 adds the owner.
"""

from nova_lite.api import microversion


def _group(request, group):
    item = {'id': group.uuid, 'name': group.name,
            'members': list(group.members or [])}
    if microversion.supports_server_group_policy_rules(request):
        item['policy'] = group.policy
        item['rules'] = dict(group.rules or {})
    else:
        item['policies'] = [group.policy] if group.policy else []
        item['metadata'] = {}
    if microversion.supports_server_group_owner(request):
        item['project_id'] = group.project_id
        item['user_id'] = group.user_id
    return item


def show(request, group):
    return {'server_group': _group(request, group)}


def index(request, groups):
    return {'server_groups': [_group(request, group) for group in groups]}
