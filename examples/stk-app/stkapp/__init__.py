"""stk-app: an example stk project."""
