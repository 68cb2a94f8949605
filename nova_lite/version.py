"""The version of the installed nova_lite."""

from importlib import metadata


def version_string():
    try:
        return metadata.version('nova_lite')
    except metadata.PackageNotFoundError:
        return 'unknown'
