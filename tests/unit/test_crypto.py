"""Key pair fingerprints and generated keys (nova_lite/crypto.py)."""

from cryptography.hazmat.primitives import serialization
import pytest

from nova_lite import crypto
from nova_lite import exception

# Made with ssh-keygen -t ed25519; fingerprint from ssh-keygen -l -E md5.
PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG1o1wjAQlm2EJ6eYiIisBA'
              'fWO3p1pIwyoTNOGhy/17e test')
FINGERPRINT = 'f3:d4:34:7a:74:ee:33:f7:70:ad:e3:67:d1:64:cf:94'


def test_ssh_fingerprint_is_md5_of_the_key_blob_as_ssh_keygen_shows():
    assert crypto.fingerprint(PUBLIC_KEY, 'ssh') == FINGERPRINT


@pytest.mark.parametrize('bad', ['', 'ssh-rsa', 'ssh-rsa AAAA!!', 'hello',
                                 'not a key',
                                 'ssh-rsa ' + PUBLIC_KEY.split()[1]])
def test_ssh_fingerprint_refuses_what_is_not_a_public_key(bad):
    with pytest.raises(exception.InvalidKeypair) as err:
        crypto.fingerprint(bad, 'ssh')
    assert err.value.format_message() == (
        'Keypair data is invalid: failed to generate fingerprint')


def test_generated_ssh_key_pair_halves_match():
    private, public, fingerprint = crypto.generate_key_pair('ssh')
    assert private.startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert public.startswith('ssh-rsa ')
    assert public.endswith(' Generated-by-Nova')
    assert fingerprint == crypto.ssh_fingerprint(public)
    key = serialization.load_pem_private_key(private.encode(), None)
    derived = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    assert public.startswith(derived)


def test_generated_x509_key_pair_and_its_fingerprint():
    private, pem, fingerprint = crypto.generate_key_pair('x509', 'alice')
    assert private.startswith('-----BEGIN PRIVATE KEY-----')
    assert pem.startswith('-----BEGIN CERTIFICATE-----')
    assert crypto.fingerprint(pem, 'x509') == fingerprint
    assert len(fingerprint.split(':')) == 20
    with pytest.raises(exception.InvalidKeypair):
        crypto.fingerprint(PUBLIC_KEY, 'x509')
