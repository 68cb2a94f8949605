"""The conductor's multi-step workflows, one module per workflow."""
