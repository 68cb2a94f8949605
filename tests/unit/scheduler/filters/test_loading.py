import pytest

from nova_lite import exception
from nova_lite.scheduler import filters


def test_default_filters_load(conf):
    import nova_lite.conf
    names = nova_lite.conf.CONF.filter_scheduler.enabled_filters
    loaded = filters.load_filters(names)
    assert [type(f).__name__ for f in loaded] == names
    assert sorted(names) == filters.available_filters()


def test_unknown_filter_is_a_config_error():
    with pytest.raises(exception.ConfigInvalid, match='NoSuchFilter'):
        filters.load_filters(['RamFilter', 'NoSuchFilter'])
