// How people sign in, beyond their global id (api/auth/).
// An identity provider's subject is bound to the person it signs in as, once, never moved:
// one binding per (issuer, subject), and at most one per person for each issuer.
CREATE CONSTRAINT external_identity_subject IF NOT EXISTS
  FOR (x:ExternalIdentity) REQUIRE (x.issuer, x.subject) IS UNIQUE;
CREATE CONSTRAINT external_identity_person IF NOT EXISTS
  FOR (x:ExternalIdentity) REQUIRE (x.issuer, x.personId) IS UNIQUE;
// deletePerson finds a person's bindings and access tokens by personId alone.
CREATE INDEX external_identity_person_id IF NOT EXISTS FOR (x:ExternalIdentity) ON (x.personId);
CREATE INDEX access_token_person IF NOT EXISTS FOR (t:AccessToken) ON (t.personId);
