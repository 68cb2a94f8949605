"""Exceptions format their message and carry an HTTP code."""

import pytest

from nova_lite import exception


def test_message_is_formatted_from_kwargs():
    exc = exception.InstanceNotFound(instance_id='abc')
    assert exc.format_message() == 'Instance abc could not be found.'
    assert exc.code == 404
    assert exc.kwargs['instance_id'] == 'abc'


def test_families():
    assert issubclass(exception.FlavorNotFound, exception.NotFound)
    assert issubclass(exception.InvalidInput, exception.Invalid)
    assert issubclass(exception.UnexpectedTaskStateError,
                      exception.Conflict)
    assert exception.Invalid.code == 400
    assert exception.Conflict.code == 409


def test_explicit_message_wins():
    assert str(exception.NotFound('gone')) == 'gone'


def test_wrong_kwargs_still_give_a_message():
    exc = exception.InstanceNotFound(wrong='x')
    assert exc.format_message() == exception.InstanceNotFound.msg_fmt


@pytest.mark.parametrize('cls', [
    c for c in vars(exception).values()
    if isinstance(c, type) and issubclass(c, exception.NovaLiteException)])
def test_every_class_has_a_message_and_code(cls):
    assert cls.msg_fmt
    assert isinstance(cls.code, int)
