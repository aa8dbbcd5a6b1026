"""The bounded contexts of the platform, one package (and one event store) each."""
