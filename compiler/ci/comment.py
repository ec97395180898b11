#!/usr/bin/env python3
"""compiler/ci/comment.py — the GitHub Action's comment step.

In: the pull-request event (GITHUB_EVENT_PATH), the repository (GITHUB_REPOSITORY), the API
(GITHUB_API_URL, GITHUB_TOKEN), the specs (HBMOD_PATHS, default "."), hbmod on PATH.
Out: one comment on the pull request holding `hbmod diff --base <base commit> --format markdown`,
created the first time and updated in place after that (found by a hidden marker), so a pull
request never collects a comment per push. No change and no earlier comment: nothing is posted.

Only the Python standard library is used, so it runs on any runner.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

MARKER = "<!-- hbmod diff -->"


def api(method, path, body=None):
    """Calls the GitHub REST API; the decoded JSON answer."""
    url = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/") + path
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/vnd.github+json")
    request.add_header("Authorization", "Bearer " + os.environ["GITHUB_TOKEN"])
    request.add_header("X-GitHub-Api-Version", "2022-11-28")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    return json.loads(text) if text else None


def existing_comment(repository, number):
    """The id of the comment this script posted before, if any (all pages are searched)."""
    page = 1
    while True:
        comments = api("GET", f"/repos/{repository}/issues/{number}/comments?per_page=100&page={page}")
        for comment in comments or []:
            if MARKER in (comment.get("body") or ""):
                return comment["id"]
        if not comments or len(comments) < 100:
            return None
        page += 1


def main():
    with open(os.environ["GITHUB_EVENT_PATH"], encoding="utf-8") as handle:
        event = json.load(handle)
    pull = event.get("pull_request")
    if not pull:
        print("hbmod: not a pull request; no comment")
        return 0
    number = pull["number"]
    base = pull["base"]["sha"]
    repository = os.environ["GITHUB_REPOSITORY"]
    paths = os.environ.get("HBMOD_PATHS", ".").split() or ["."]
    diff = subprocess.run(
        ["hbmod", "diff", "--base", base, "--format", "markdown", *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    if diff.returncode not in (0, 1):
        sys.stderr.write(diff.stderr)
        print(f"::error::hbmod diff failed (exit {diff.returncode}); is the base commit fetched? (actions/checkout with fetch-depth: 0)")
        return 1
    body = MARKER + "\n" + diff.stdout
    comment = existing_comment(repository, number)
    if diff.returncode == 0 and comment is None:
        print("hbmod: the generated Terraform does not change; no comment")
        return 0
    if comment is None:
        api("POST", f"/repos/{repository}/issues/{number}/comments", {"body": body})
        print(f"hbmod: commented on #{number}")
    else:
        api("PATCH", f"/repos/{repository}/issues/comments/{comment}", {"body": body})
        print(f"hbmod: updated comment {comment} on #{number}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except urllib.error.HTTPError as error:
        print(f"::error::GitHub API: {error.code} {error.reason} for {error.url}")
        sys.exit(1)
    except KeyError as missing:
        print(f"::error::hbmod comment: {missing} is not set; run it from the hbmod action on a pull_request event")
        sys.exit(1)
