"""Building blocks of the response schemas: links, times, addresses.

Formats are spelled as patterns where Nova's output has one exact shape
(timestamps, MAC addresses, host ids), so a response in another shape
fails even without jsonschema's optional format checkers.
"""

# "2013-09-03T04:01:32Z": created, updated, a fault's created.
ISO_TIME_Z = {
    'type': 'string',
    'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$',
}

# "2013-09-23T13:53:12.774549" (naive, microseconds): OS-SRV-USG times.
USAGE_TIME = {
    'type': ['string', 'null'],
    'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$',
}

UUID = {
    'type': 'string',
    'pattern': '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
               '[0-9a-f]{12}$',
}

HREF = {'type': 'string', 'pattern': '^https?://[^ ]+$'}

LINK = {
    'type': 'object',
    'properties': {
        'href': HREF,
        'rel': {'type': 'string', 'enum': ['self', 'bookmark', 'next',
                                           'describedby', 'alternate']},
        'type': {'type': 'string'},
    },
    'required': ['href', 'rel'],
    'additionalProperties': False,
}

LINKS = {'type': 'array', 'items': LINK}

# A resource's own links: exactly self then bookmark.
SELF_AND_BOOKMARK = {
    'type': 'array',
    'minItems': 2,
    'maxItems': 2,
    'prefixItems': [
        dict(LINK, properties=dict(LINK['properties'],
                                   rel={'const': 'self'})),
        dict(LINK, properties=dict(LINK['properties'],
                                   rel={'const': 'bookmark'})),
    ],
    'items': LINK,
}

BOOKMARK_ONLY = {
    'type': 'array',
    'minItems': 1,
    'maxItems': 1,
    'items': dict(LINK, properties=dict(LINK['properties'],
                                        rel={'const': 'bookmark'})),
}

# The "next page" links of a collection.
COLLECTION_LINKS = {
    'type': 'array',
    'minItems': 1,
    'items': dict(LINK, properties=dict(LINK['properties'],
                                        rel={'const': 'next'})),
}

MAC_ADDRESS = {
    'type': 'string',
    'pattern': '^([0-9a-f]{2}:){5}[0-9a-f]{2}$',
}

IP_ADDRESS = {
    'type': 'string',
    'anyOf': [{'format': 'ipv4'}, {'format': 'ipv6'}],
}

ACCESS_IP_V4 = {'type': 'string',
                'anyOf': [{'format': 'ipv4'}, {'const': ''}]}
ACCESS_IP_V6 = {'type': 'string',
                'anyOf': [{'format': 'ipv6'}, {'const': ''}]}

# Power states a driver reports: NOSTATE, RUNNING, PAUSED, SHUTDOWN,
# CRASHED, SUSPENDED.
POWER_STATE = {'type': 'integer', 'enum': [0, 1, 3, 4, 6, 7]}

# sha224 of project id + host, or "" for a server without a host.
HOST_ID = {'type': 'string', 'pattern': '^([0-9a-f]{56})?$'}

ADDRESS = {
    'type': 'object',
    'properties': {
        'version': {'type': 'integer', 'enum': [4, 6]},
        'addr': IP_ADDRESS,
        'OS-EXT-IPS:type': {'type': 'string', 'enum': ['fixed',
                                                       'floating']},
        'OS-EXT-IPS-MAC:mac_addr': MAC_ADDRESS,
    },
    'required': ['version', 'addr'],
    'additionalProperties': False,
}

# {"<network label>": [address, ...]}
ADDRESSES = {
    'type': 'object',
    'patternProperties': {
        r'^[a-zA-Z0-9\-_. ]+$': {'type': 'array', 'items': ADDRESS},
    },
    'additionalProperties': False,
}

# The same with the two extension keys required (server show/detail).
DETAILED_ADDRESSES = {
    'type': 'object',
    'patternProperties': {
        r'^[a-zA-Z0-9\-_. ]+$': {
            'type': 'array',
            'items': dict(ADDRESS, required=[
                'version', 'addr', 'OS-EXT-IPS:type',
                'OS-EXT-IPS-MAC:mac_addr']),
        },
    },
    'additionalProperties': False,
}

NULLABLE_STRING = {'type': ['string', 'null']}
