"""Request schemas of the resize server actions (``POST
/servers/{server_id}/action``), the same at every microversion
(2.1 - 2.73), as Nova's.

* ``resize``: ``{"resize": {"flavorRef": <id or URL>,
  "OS-DCF:diskConfig": "AUTO" | "MANUAL"}}`` (the disk config is accepted
  and has no effect: every disk here is managed by the hypervisor);
* ``confirmResize``, ``revertResize``: the key alone; as for Nova's other
  actions without arguments, its value is not looked at (clients send
  ``null``).

None of them answers with a body (resize and revertResize: 202,
confirmResize: 204).
"""

# An id, or a link whose last segment is the id.
FLAVOR_REF = {'type': ['string', 'integer'], 'minLength': 1}

resize = {
    'type': 'object',
    'properties': {
        'resize': {
            'type': 'object',
            'properties': {
                'flavorRef': FLAVOR_REF,
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
            },
            'required': ['flavorRef'],
            'additionalProperties': False,
        },
    },
    'required': ['resize'],
    'additionalProperties': False,
}


def _no_argument(name):
    return {
        'type': 'object',
        'properties': {name: {}},
        'required': [name],
        'additionalProperties': False,
    }


confirm_resize = _no_argument('confirmResize')
revert_resize = _no_argument('revertResize')
