"""The page where a person makes or revokes their personal API token (linked from couple mode)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from attune.api.forms import TokenForm
from attune.api.models import ApiToken

# Shown once, then forgotten: the raw token.
NEW_TOKEN_KEY = "couples_new_token"


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["action"] == "create":
                request.session[NEW_TOKEN_KEY] = ApiToken.issue(request.user)
            else:
                ApiToken.objects.filter(user=request.user).delete()
                messages.info(request, "Your API token is revoked. It no longer works.")
            return redirect("couples-api-token")
        status = 400
    context = {
        "token": ApiToken.objects.filter(user=request.user).first(),
        "new_token": request.session.pop(NEW_TOKEN_KEY, None),
    }
    return render(request, "api/api_token.html", context, status=status)
