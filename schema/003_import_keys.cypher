// Natural keys the CSV importers merge on (seeds/statements.py).
// A role is its company's nameKey + '|' + lower-cased title.
CREATE CONSTRAINT role_key IF NOT EXISTS FOR (r:Role) REQUIRE r.key IS UNIQUE;
// An interview is its candidate id + company nameKey + date + stage.
CREATE CONSTRAINT interview_key IF NOT EXISTS FOR (i:Interview) REQUIRE i.key IS UNIQUE;
// A LinkedIn connection with neither profile URL nor email (older exports): owner id + name.
CREATE CONSTRAINT person_import_key IF NOT EXISTS FOR (p:Person) REQUIRE p.importKey IS UNIQUE;
