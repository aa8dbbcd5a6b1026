"""Operators' commands run against a stack's database as the admin role (python -m deploy.ops.NAME)."""
