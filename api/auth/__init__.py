"""Authentication: bearer JWTs and personal access tokens resolve to a Viewer."""
