"""Make domain errors travel over Nameko RPC as themselves (code, message, details intact)."""
from nameko.exceptions import deserialize_to_instance

from shared.errors import ALL_ERRORS

for _cls in ALL_ERRORS:
    deserialize_to_instance(_cls)
