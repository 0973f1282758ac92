"""What analytics reads from other domains: one module per source domain, models only.

When a domain moves its models, the import in its module here is the one line to change.
"""
