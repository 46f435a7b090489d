"""The production-like run stops its parts in an order where none calls one already gone."""

from prodstack import layout, stack


def test_the_workers_stop_before_keycloak_and_the_proxy_they_call():
    stopping = list(reversed(stack.ORDER))
    for worker in layout.WORKERS:
        assert stopping.index(worker) < stopping.index("proxy")
        for node in layout.KEYCLOAK_NODES:
            assert stopping.index(worker) < stopping.index(node.name)


def test_the_databases_stop_last():
    assert list(reversed(stack.ORDER))[-3:] == ["maildev", "redis", "postgres"]
