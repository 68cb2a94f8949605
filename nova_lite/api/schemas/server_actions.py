"""Request and response schemas of the simple server actions.

Each request schema describes the whole body of ``POST
/servers/{server_id}/action`` (one key: the action's name). As Nova's, the
actions that take no argument accept any value under their key (clients
send ``null``; Nova never restricted it), and only the key itself is
checked. Response schemas are JSON Schema 2020-12 (``None``: no body).
"""

import copy


def _action(name, value_schema=None):
    """``{name: value}``: nothing else, ``value`` as ``value_schema``."""
    return {
        'type': 'object',
        'properties': {name: {} if value_schema is None else value_schema},
        'required': [name],
        'additionalProperties': False,
    }


# --- reboot, os-stop, os-start -------------------------------------------

REBOOT_TYPES = ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']

reboot = _action('reboot', {
    'type': 'object',
    'properties': {'type': {'type': 'string', 'enum': REBOOT_TYPES}},
    'required': ['type'],
    'additionalProperties': False,
})

stop = _action('os-stop')
start = _action('os-start')

# --- pause, unpause, suspend, resume -------------------------------------

pause = _action('pause')
unpause = _action('unpause')
suspend = _action('suspend')
resume = _action('resume')

# --- lock, unlock ----------------------------------------------------------

# Before 2.73 the value of "lock" is not looked at.
lock = _action('lock')

# 2.73: null or {"locked_reason": "..."}.
lock_v273 = _action('lock', {
    'type': ['object', 'null'],
    'properties': {
        'locked_reason': {'type': 'string', 'minLength': 1,
                          'maxLength': 255},
    },
    'additionalProperties': False,
})

unlock = _action('unlock')

# --- os-resetState (admin) -------------------------------------------------

reset_state = _action('os-resetState', {
    'type': 'object',
    'properties': {'state': {'type': 'string',
                             'enum': ['active', 'error']}},
    'required': ['state'],
    'additionalProperties': False,
})

# --- os-getConsoleOutput -----------------------------------------------------

get_console_output = _action('os-getConsoleOutput', {
    'type': 'object',
    'properties': {
        # The last ``length`` lines; -1 or null: all of it.
        'length': {'type': ['integer', 'string', 'null'],
                   'pattern': '^-?[0-9]+$', 'minimum': -1},
    },
    'additionalProperties': False,
})

get_console_output_response = {
    'type': 'object',
    'properties': {'output': {'type': 'string'}},
    'required': ['output'],
    'additionalProperties': False,
}

# --- the route itself -------------------------------------------------------

# POST /servers/{id}/action: the controller checks the body again with the
# schema of the action it names (see action_registry).
action_body = {'type': 'object'}

action_query = {'type': 'object', 'properties': {},
                'additionalProperties': True}

# 202 with no body, or the body of an action that answers one (checked
# again by the controller with the action's own schema).
action_response = {'anyOf': [{'type': 'null'},
                             copy.deepcopy(get_console_output_response)]}
