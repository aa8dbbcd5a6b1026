"""Static files of the web portal (served by services/gateway/portal.py)."""
