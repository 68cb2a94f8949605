"""pecan controllers: ``root.RootController`` and the trees below it.

Layout (one module per resource, as the views and schemas)::

    root.RootController          GET /          versions list
      v2.1 -> compute.V21Controller   GET /v2.1  version document
        flavors -> compute.flavors.FlavorsController
        servers -> compute.servers.ServersController
      image -> image.ImageRootController   Glance v2 subset
"""
