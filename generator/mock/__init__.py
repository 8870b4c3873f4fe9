"""A mock of any connector, served from its model (see docs/mock.md).

`generator.mock.app.create_app` gives the ASGI app; `generator.mock.server.serve` runs it with uvicorn.
The core knows only Swagger 2.0 and the platform's extensions; what one API does beyond its definition
lives in a behaviour pack under `generator/mock/packs/`, which the core finds by rule, never by import.
"""
