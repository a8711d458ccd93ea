"""The integrator REST API, API keys and outbound webhooks. Built in issue #6."""
