"""The JSON API (django-ninja), with its OpenAPI document at /api/v1/openapi.json."""
