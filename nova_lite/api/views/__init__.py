"""Views: build the response dicts of each resource (one module each).

A view takes the request (for links and the microversion) and objects, and
returns plain dicts; controllers return what the view built.
"""
