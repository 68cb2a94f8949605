"""Response bodies of /os-quota-sets (Nova's shapes).

Which resources appear depends on the microversion (see
``api/schemas/quota_sets.resources``); nothing is ever reserved, so a
detail's ``reserved`` is always 0.
"""

from nova_lite.api.schemas import quota_sets as schemas


def _names(request):
    return schemas.resources(str(request.api_version))


def show(request, project_id, limits):
    """{'quota_set': {'id': project, resource: limit}}; ``project_id``
    None leaves the id out (the answer to PUT)."""
    quota_set = {name: limits[name] for name in _names(request)}
    if project_id is not None:
        quota_set['id'] = project_id
    return {'quota_set': quota_set}


def detail(request, project_id, limits, usages):
    quota_set = {name: {'limit': limits[name],
                        'in_use': usages.get(name, 0), 'reserved': 0}
                 for name in _names(request)}
    quota_set['id'] = project_id
    return {'quota_set': quota_set}
