"""Subscriptions' machinery: each replica follows role openings on its own and tells its own subscribers.

No broker: the database's indexed `Role.openedAt` is the log every replica reads (watermark.py), a
poll evaluates the new openings for this replica's subscribers in bounded rounds (feed.py), and
each subscription's messages are paced (outbox.py). Knows nothing of GraphQL or WebSockets.
"""
