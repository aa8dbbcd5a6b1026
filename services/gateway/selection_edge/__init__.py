"""The selection edge: the gateway's door for the selection commands a whole session sends at once.

The burst routes of the route table (pre-selection, enter, sync, cart, confirm, give up, supplementary
application) served by an asyncio HTTP server instead of the eventlet one, with the same checks and
errors (`services.gateway.commands`), gathering what arrives together into one `selection_batch` call
to the lottery. An ingress routes those paths here; the Nameko gateway still answers them too.
"""
