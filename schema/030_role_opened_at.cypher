// When a role last opened: set by createRole, by setRoleStatus to OPEN from CLOSED or FILLED, and by a
// CSV import that creates or reopens a role as OPEN; the database's datetime(), never an API replica's
// clock. Subscriptions follow new openings through this index (api/live/watermark.py).
CREATE INDEX role_opened_at IF NOT EXISTS FOR (r:Role) ON (r.openedAt);
// Roles already OPEN opened when they entered the graph (createdAt), else on the day they were posted;
// a role with neither opened at an unknown time, written as the epoch. None of these is announced to a
// subscriber: each lies before the moment any replica running this version began to follow openings.
MATCH (r:Role)
WHERE r.status = 'OPEN' AND r.openedAt IS NULL
SET r.openedAt = coalesce(
  r.createdAt,
  CASE WHEN r.postedOn IS NOT NULL THEN datetime({date: r.postedOn}) END,
  datetime({epochSeconds: 0})
);
