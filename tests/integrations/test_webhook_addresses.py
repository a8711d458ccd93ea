"""A webhook delivery connects to the address it checked: the endpoint's host name is resolved
once per attempt, and the connection goes to that address while the Host header, TLS SNI and
the certificate check use the name (no second lookup that could answer with another address).

DNS is the one thing faked (a resolver for made-up names, in front of the real one); the
receivers are real servers on 127.0.0.1 and 127.0.0.2 (both loopback on Linux).
"""

import datetime
import socket
import ssl
from types import SimpleNamespace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from apps.integrations.errors import WebhookUrlRefused
from apps.integrations.models import DeliveryStatus, WebhookDelivery
from apps.integrations.webhooks.delivery import attempt_delivery
from apps.integrations.webhooks.endpoints import create_endpoint

from .conftest import Receiver

pytestmark = pytest.mark.django_db

HOST = "hooks.example.test"


@pytest.fixture
def dns(monkeypatch):
    """Answers for made-up names: ``answers[name]`` is a list of addresses given in turn (the
    last one repeats); ``lookups`` records every lookup of such a name. Other names go to the
    real resolver."""
    real = socket.getaddrinfo
    fake = SimpleNamespace(answers={}, lookups=[])

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in fake.answers:
            return real(host, port, *args, **kwargs)
        fake.lookups.append(host)
        queue = fake.answers[host]
        return real(queue.pop(0) if len(queue) > 1 else queue[0], port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return fake


def pending_delivery(url: str) -> WebhookDelivery:
    endpoint = create_endpoint(url=url, events=[])
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="evt_1",
        event_type="points.earned",
        body='{"id": "evt_1"}',
        attempt_limit=1,
    )


def test_a_delivery_connects_to_the_address_it_checked_not_a_second_answer(settings, dns):
    """DNS rebinding: the name answers with an allowed address when checked, then with one that
    was never checked. The request must go to the first."""
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    settings.WEBHOOKS_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # 127.0.0.2 stays refused
    with Receiver() as checked, Receiver(address=("127.0.0.2", checked.port)) as unchecked:
        dns.answers[HOST] = ["127.0.0.1"]
        delivery = pending_delivery(f"http://{HOST}:{checked.port}/hooks")
        dns.answers[HOST] = ["127.0.0.1", "127.0.0.2"]
        dns.lookups.clear()

        outcome = attempt_delivery(delivery_id=delivery.pk, attempt=1)

    assert outcome == "delivered"
    assert unchecked.received == []
    (request,) = checked.received
    assert request["headers"]["Host"] == f"{HOST}:{checked.port}"
    assert dns.lookups == [HOST]  # one lookup, the one that was checked


def test_a_name_that_answers_with_an_unchecked_address_is_not_delivered_to(settings, dns):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    settings.WEBHOOKS_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with Receiver(address=("127.0.0.2", 0)) as unchecked:
        dns.answers[HOST] = ["127.0.0.1"]
        delivery = pending_delivery(f"http://{HOST}:{unchecked.port}/hooks")
        dns.answers[HOST] = ["127.0.0.2"]

        attempt_delivery(delivery_id=delivery.pk, attempt=1)

    assert unchecked.received == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.log.get().error == str(WebhookUrlRefused.default_message)


# TLS: a certificate authority of the test's own, trusted through WEBHOOK_CA_BUNDLE.


def _certificate(name: str, *, issuer=None, key=None, ca=False):
    own_key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(own_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False
        )
    certificate = builder.sign(key or own_key, hashes.SHA256())
    return certificate, own_key


def _pem(certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def authority(tmp_path, settings):
    ca, ca_key = _certificate("Test webhook CA", ca=True)
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(_pem(ca))
    settings.WEBHOOK_CA_BUNDLE = str(bundle)

    def server_context(name: str) -> tuple[ssl.SSLContext, list[str]]:
        """A server TLS context with a certificate for ``name``, and the SNI names it saw."""
        certificate, key = _certificate(name, issuer=ca, key=ca_key)
        (tmp_path / "server.pem").write_bytes(
            _pem(certificate)
            + key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tmp_path / "server.pem")
        seen: list[str] = []
        context.sni_callback = lambda _socket, server_name, _context: seen.append(server_name)
        return context, seen

    return server_context


def test_tls_is_checked_against_the_host_name_and_sends_it_as_sni(dns, authority):
    context, sni = authority(HOST)
    with Receiver(ssl_context=context) as receiver:
        dns.answers[HOST] = ["127.0.0.1"]
        delivery = pending_delivery(f"https://{HOST}:{receiver.port}/hooks")

        outcome = attempt_delivery(delivery_id=delivery.pk, attempt=1)

    assert outcome == "delivered"
    assert sni == [HOST]
    assert receiver.received[0]["headers"]["Host"] == f"{HOST}:{receiver.port}"


def test_a_certificate_for_another_name_is_refused(dns, authority):
    context, _sni = authority("other.example.test")
    with Receiver(ssl_context=context) as receiver:
        dns.answers[HOST] = ["127.0.0.1"]
        delivery = pending_delivery(f"https://{HOST}:{receiver.port}/hooks")

        attempt_delivery(delivery_id=delivery.pk, attempt=1)

    assert receiver.received == []
    assert "SSLError" in delivery.log.get().error


def test_an_address_outside_the_allowed_networks_is_still_refused(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    settings.WEBHOOKS_ALLOWED_NETWORKS = ["10.20.0.0/16"]

    create_endpoint(url="http://10.20.3.4/hooks", events=[])  # allowed
    with pytest.raises(WebhookUrlRefused):
        create_endpoint(url="http://10.21.3.4/hooks", events=[])
