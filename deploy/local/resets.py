"""Wipe a profile's data (the test stack starts from nothing): schemas and the broker's vhost (with the
operators' user and every service's user granted on it again)."""
from __future__ import annotations

import subprocess

import psycopg
from psycopg import sql

from deploy.local import broker_users
from services.directory import SCHEMAS


def admin_connection(secrets: dict[str, str], database: str) -> psycopg.Connection:
    """An autocommit connection as the admin role (operators' tools, tests and benchmarks only)."""
    return psycopg.connect(host=secrets["HOUSING_PG_HOST"], port=secrets["HOUSING_PG_PORT"], dbname=database,
                           user=secrets["HOUSING_PG_ADMIN_USER"], password=secrets["HOUSING_PG_ADMIN_PASSWORD"],
                           autocommit=True)


def ensure_database(secrets: dict[str, str], database: str) -> None:
    """Create a scratch database (benchmarks) owned by the admin role, if it is missing."""
    with admin_connection(secrets, "postgres") as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", (database,)).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        for service in SCHEMAS:
            conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database), sql.Identifier(f"svc_{service}")))


def reset_database(secrets: dict[str, str], database: str) -> None:
    with admin_connection(secrets, database) as conn:
        for service in SCHEMAS:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(service)))
            conn.execute(sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(
                sql.Identifier(service), sql.Identifier(f"svc_{service}")))
            conn.execute(sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(sql.Identifier(service)))


def reset_vhost(secrets: dict[str, str], vhost: str) -> None:
    user = secrets["HOUSING_AMQP_USER"]
    subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=False, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, user, ".*", ".*", ".*"],
                   check=True, capture_output=True)
    broker_users.grant(vhost, say=lambda message: None)
