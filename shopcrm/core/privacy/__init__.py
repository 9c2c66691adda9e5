"""What a customer may ask of the shop: consent per channel, their data, to be forgotten.

- :mod:`.consent` — each marketing channel's answer, with its history; ``do_not_contact`` is
  their sum (every channel withdrawn);
- :mod:`.person_export` — everything the shop holds about one customer, for a "send me my
  data" request;
- :mod:`.erasure` — "forget me": the person's data removed for good, their visits, loyalty
  and vouchers kept anonymously (:mod:`.wiping` makes sure nothing is left in the files);
- :mod:`.blocks` — what survives an erasure: salted hashes of the phone and email, so an
  import can flag the person (:func:`.blocks.is_blocked`);
- :mod:`.journal` — the erasures kept outside the database, so a restore re-applies them.
"""
