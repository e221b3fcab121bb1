"""The Slack door: `/mlplan`, @mlplan and DMs answered in threads, replies revise the plan.

The only package that imports slack_bolt (the `slack` extra). Over HTTP it is mounted in
the API app at /slack/events (`mount_slack`); `mlplan slack --socket` runs it over Socket
Mode (`run_socket_mode`). See docs/slack.md.
"""

from mlplan.adapters.slack.app import build_slack_app
from mlplan.adapters.slack.http import mount_slack
from mlplan.adapters.slack.socket import run_socket_mode

__all__ = ["build_slack_app", "mount_slack", "run_socket_mode"]
