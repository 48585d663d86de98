"""Forms must arrive in UTF-8: any other encoding, or bytes that are not UTF-8, are refused with
the form shown again and a plain message, never read in a guessed encoding or stored altered."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.http import parse_header_parameters

REFUSED = (
    "We could not read what you sent, because it was not in the text encoding this site "
    "uses (UTF-8). Nothing was saved. Please fill in the form again and send it."
)
API_REFUSED = "The body must be UTF-8."
UTF8 = {"utf-8", "utf8"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def readable(request: HttpRequest) -> bool:
    """Whether a form body (or any body that names its charset) is UTF-8 through and through."""
    kind, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
    charset = params.get("charset")
    if charset is not None and charset.strip().lower() not in UTF8:
        return False
    if kind == "application/x-www-form-urlencoded":
        return _utf8(unquote_to_bytes(request.body.replace(b"+", b" ")))
    if kind == "multipart/form-data" and "boundary" in params:
        return all(_utf8(part) for part in _text_parts(request.body, params["boundary"]))
    return True


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _text_parts(body: bytes, boundary: str) -> list[bytes]:
    """Every part's headers, and the content of every part that is not a file."""
    found = []
    for part in body.split(b"--" + boundary.encode("latin-1")):
        head, _, content = part.partition(b"\r\n\r\n")
        found.append(head)
        if b"filename=" not in head:
            found.append(content)
    return found


class RefuseUnreadableForms:
    """Before any part of the site reads the form (CSRF included): a body that is not UTF-8 gets
    the page answered as a GET would, with the message, as 400; the API gets JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in WRITES or readable(request):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": API_REFUSED}, status=400)
        # The page again, as a GET (which never changes anything), with nothing of what was sent.
        request.method = request.META["REQUEST_METHOD"] = "GET"
        request.POST = QueryDict()
        request._body = b""
        messages.error(request, REFUSED)
        response = self.get_response(request)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            response.status_code = 400
            return response
        return render(request, "web/400_form.html", {"path": request.path}, status=400)
