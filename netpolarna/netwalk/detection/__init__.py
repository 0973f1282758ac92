"""Detection: stored messages folded into their thread's escalation state, scored and explained."""
