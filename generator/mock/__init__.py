"""A stateful TrueDialog mock served from the connector model (see docs/mock.md).

`generator.mock.app.create_app` gives the ASGI app; `generator.mock.server.serve` runs it with uvicorn.
"""
