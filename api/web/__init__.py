"""HTTP: the Starlette app, its lifespan, the GraphQL view, health routes."""
