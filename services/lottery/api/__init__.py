"""What this service publishes: its HTTP request and answer schemas and its integration events (no domain imports)."""
