"""The windows of a customer's consent and privacy requests, and of the shop's export."""
