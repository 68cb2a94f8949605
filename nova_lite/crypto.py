"""Key pair cryptography: fingerprints of imported keys, generated keys.

Fingerprints are computed as Nova shows them: for an SSH public key the MD5
digest of the decoded key blob, for an X.509 certificate the SHA-1 digest of
its DER form, both as lowercase hex pairs joined by colons. Generation
(a key pair created without a public key, as before microversion 2.92)
returns the private key once, in the response; it is never stored.
"""

import base64
import binascii
import datetime
import hashlib

from cryptography import exceptions as crypto_exceptions
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509 import oid

from nova_lite import exception

# What Nova appends to the public half of a key pair it generates.
GENERATED_COMMENT = 'Generated-by-Nova'
_RSA_BITS = 2048
_X509_DAYS = 3650


def _colon_hex(digest):
    return ':'.join('%02x' % byte for byte in digest)


def ssh_fingerprint(public_key):
    """``aa:bb:…`` (MD5 of the key blob) of an OpenSSH public key line.

    :raises: InvalidKeypair (400) for anything that is not a public key
             cryptography can load.
    """
    try:
        serialization.load_ssh_public_key(public_key.encode('utf-8'))
        blob = base64.b64decode(public_key.split()[1], validate=True)
    except (ValueError, IndexError, binascii.Error, UnicodeEncodeError,
            crypto_exceptions.UnsupportedAlgorithm) as exc:
        raise exception.InvalidKeypair(
            reason='failed to generate fingerprint') from exc
    return _colon_hex(hashlib.md5(blob, usedforsecurity=False).digest())


def x509_fingerprint(pem):
    """``aa:bb:…`` (SHA-1 of the DER certificate) of a PEM certificate.

    :raises: InvalidKeypair (400) if ``pem`` is not a PEM certificate.
    """
    try:
        cert = x509.load_pem_x509_certificate(pem.encode('utf-8'))
    except (ValueError, UnicodeEncodeError) as exc:
        raise exception.InvalidKeypair(
            reason='failed to generate X509 fingerprint. Error message: %s'
            % exc) from exc
    return _colon_hex(cert.fingerprint(hashes.SHA1()))


def fingerprint(public_key, key_type):
    """The fingerprint of ``public_key`` of ``key_type`` (ssh or x509)."""
    if key_type == 'x509':
        return x509_fingerprint(public_key)
    return ssh_fingerprint(public_key)


def _new_rsa_key():
    return rsa.generate_private_key(public_exponent=65537,
                                    key_size=_RSA_BITS)


def generate_ssh_key_pair():
    """``(private PEM, public OpenSSH line, fingerprint)`` of a new RSA key.

    The private key is in the traditional ``BEGIN RSA PRIVATE KEY`` form
    that ssh and Nova's clients expect.
    """
    key = _new_rsa_key()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode('ascii')
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode('ascii')
    public = '%s %s' % (public, GENERATED_COMMENT)
    return private, public, ssh_fingerprint(public)


def generate_x509_key_pair(user_id):
    """``(private PEM, certificate PEM, fingerprint)``: a new RSA key and a
    self-signed client certificate for ``user_id`` (for WinRM logins)."""
    key = _new_rsa_key()
    name = x509.Name([x509.NameAttribute(oid.NameOID.COMMON_NAME,
                                         user_id or 'nova-lite')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=_X509_DAYS))
            .add_extension(x509.ExtendedKeyUsage(
                [oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(key, hashes.SHA256()))
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode('ascii')
    pem = cert.public_bytes(serialization.Encoding.PEM).decode('ascii')
    return private, pem, _colon_hex(cert.fingerprint(hashes.SHA1()))


def generate_key_pair(key_type, user_id=None):
    """``(private, public, fingerprint)`` of a new key pair of
    ``key_type``."""
    if key_type == 'x509':
        return generate_x509_key_pair(user_id)
    return generate_ssh_key_pair()
