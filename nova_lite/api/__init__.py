"""The REST API of nova_lite (nova-lite-api); see README.rst beside this
file for how its pieces fit and how to write a controller."""
