"""The audit log: who among the staff read or changed what, and when."""
