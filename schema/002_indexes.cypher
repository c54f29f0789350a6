// Lookups the API filters and sorts on.
CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name);
CREATE INDEX person_open_to_work IF NOT EXISTS FOR (p:Person) ON (p.openToWork);
CREATE INDEX company_name IF NOT EXISTS FOR (c:Company) ON (c.name);
CREATE INDEX role_status IF NOT EXISTS FOR (r:Role) ON (r.status);
CREATE INDEX interview_date IF NOT EXISTS FOR (i:Interview) ON (i.date);
// Position dates drive WORKED_TOGETHER: the overlap check reads them on every traversal.
CREATE INDEX works_at_ended IF NOT EXISTS FOR ()-[w:WORKS_AT]-() ON (w.endedOn);
// Full-text search over people, companies and roles (Query.search).
CREATE FULLTEXT INDEX search_text IF NOT EXISTS
  FOR (n:Person|Company|Role) ON EACH [n.name, n.headline, n.title, n.industry, n.domain];
