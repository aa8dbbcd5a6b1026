"""Which address a sign-in is throttled by: the peer's, or the client's as a trusted proxy reports it."""
from services.gateway.sign_in import source_address

PROXY = frozenset({"10.0.0.5", "10.0.0.6"})


def test_without_a_trusted_proxy_the_peer_is_the_source_whatever_the_headers_say():
    assert source_address("203.0.113.9", "198.51.100.1", PROXY) == "203.0.113.9"
    assert source_address("203.0.113.9", None, frozenset()) == "203.0.113.9"


def test_behind_trusted_proxies_the_nearest_untrusted_hop_is_the_source():
    assert source_address("10.0.0.5", "198.51.100.1, 203.0.113.9, 10.0.0.6", PROXY) == "203.0.113.9"


def test_a_garbled_forwarded_header_throttles_the_proxy_rather_than_a_made_up_address():
    assert source_address("10.0.0.5", "198.51.100.1, not-an-address", PROXY) == "10.0.0.5"
    assert source_address("10.0.0.5", "10.0.0.6", PROXY) == "10.0.0.5"
    assert source_address(None, None, PROXY) == "unknown"
