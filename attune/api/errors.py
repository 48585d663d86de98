"""Every error under /api/ is the documented JSON, whoever made it: an unknown address, a method
the route does not take, a body too large, or a fault, answered by Django before the API runs."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


class ApiErrorsAreJson:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(API_PREFIX)
            or "json" in response.get("Content-Type", "")
        ):
            return response
        try:
            detail = HTTPStatus(response.status_code).phrase
        except ValueError:
            detail = "Error"
        answer = JsonResponse({"detail": detail}, status=response.status_code)
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer
