"""nova-lite-scheduler: chooses hosts; run as many as you like."""

import sys

from nova_lite.cmd import common


def main():
    return common.serve_through_conductor('nova-lite-scheduler', sys.argv)
