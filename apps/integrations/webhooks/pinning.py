"""HTTP(S) to an address resolved beforehand, with the URL's host name everywhere else.

``requests`` resolves a URL's host name itself when it connects. A webhook endpoint's name is
checked first (``endpoints.resolve``: public addresses only, unless allowed), so a name that
answers with another address on the second lookup (DNS rebinding) would reach an address
nobody checked. A session from ``pinned_session`` connects to the checked address instead, and
keeps the name for what the receiver sees and what TLS verifies: the Host header, the server
name sent in the TLS handshake (SNI) and the name the certificate must be valid for. Proxies
from the environment are not used (a proxy would resolve the name again).
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest
from urllib3.connectionpool import ConnectionPool


class PinnedAddressAdapter(HTTPAdapter):
    """Sends every request to ``address``, whatever the URL's host resolves to."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__(max_retries=0)

    def get_connection_with_tls_context(
        self,
        request: PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: tuple[str, str] | str | None = None,
    ) -> ConnectionPool:
        # The stubs of requests refuse the ``verify=None`` requests itself passes on here, and
        # list fewer pool keys than urllib3 takes (it takes every ``HTTPSConnection`` option).
        host_params, pool_kwargs = self.build_connection_pool_key_attributes(
            request,
            verify,  # type: ignore[arg-type]
            cert,
        )
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = host_params["host"]  # type: ignore[typeddict-unknown-key]
            pool_kwargs["assert_hostname"] = host_params["host"]  # type: ignore[typeddict-unknown-key]
        pool: ConnectionPool = self.poolmanager.connection_from_host(
            **{**host_params, "host": self.address}, pool_kwargs=pool_kwargs
        )
        return pool


def pinned_session(url: str, address: str) -> requests.Session:
    """A session whose requests to ``url``'s scheme go to ``address`` (use it as a context
    manager); the Host header names the URL's host."""
    session = requests.Session()
    session.trust_env = False  # no proxy, .netrc or CA bundle from the environment
    parts = urlsplit(url)
    session.headers["Host"] = parts.netloc.rsplit("@", 1)[-1]
    session.mount(f"{parts.scheme}://", PinnedAddressAdapter(address))
    return session
