"""The doors: CLI (and later HTTP API and Slack). Parse input, call PlanService, format output."""
