"""nova-lite-compute: one per hypervisor host."""

import sys

from nova_lite.cmd import common


def main():
    return common.serve_through_conductor('nova-lite-compute', sys.argv)
