"""Thin platform kit shared by every service.

Holds only plumbing: the integration-event envelope, event-store settings, the relay (outbox),
the idempotent consumer, the clock, command context, errors, metrics and logging.
No domain logic lives here.
"""
