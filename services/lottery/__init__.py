"""Lottery and selection (摇号选房), guide 004: the verifiable draw, selection sessions, carts,
confirmation, window-end assignment, supplementary applications and the availability broadcast."""
