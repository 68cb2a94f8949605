"""Query string schema of /limits (Nova's, before 2.75)."""

from nova_lite.api.validation import parameter_types

index_query = {
    'type': 'object',
    'properties': {
        'tenant_id': parameter_types.multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}
