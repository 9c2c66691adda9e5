"""``python -m shopcrm``: the same as the ``shopcrm`` command."""

import sys

from shopcrm.cli import main

sys.exit(main())
