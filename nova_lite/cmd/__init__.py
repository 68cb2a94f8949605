"""Entry points of the nova-lite-* binaries.

Importing this package first lets ``monkey_patch`` patch the standard
library for eventlet, when configured, before anything else is loaded.
"""

from nova_lite import monkey_patch

monkey_patch.patch()
