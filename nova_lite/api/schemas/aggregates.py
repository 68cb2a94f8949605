"""Query and response schemas of /os-aggregates (the list only)."""

from nova_lite.api.schemas import response_types as types
from nova_lite.api.validation import parameter_types

index_query = parameter_types.any_query

# nova_lite has no host aggregates: the list is always empty.
index_response = [(types.wrapped('aggregates', {'type': 'array',
                                                'maxItems': 0}),
                   '2.1', None)]
