"""nbgrader's exchange, plus a receipt when a learner fetches a module.

nbgrader's file-system exchange records submissions and feedback but not
fetches, so an instructor cannot tell who has started a module. With this
plugin in the learners' nbgrader configuration::

    c.ExchangeFactory.fetch_assignment = "course.exchange.ExchangeFetchAssignment"

each fetch also drops an empty file ``<student>+<module>+<time>`` into
``<exchange>/<course>/fetched/``, a folder that ``course release`` creates
write-only for learners, like nbgrader's own ``inbound/``: a learner can add a
receipt but not list anyone's. ``course status`` counts them. Without the plugin
everything works as in plain nbgrader and the count says "not recorded".
"""

from __future__ import annotations

import os

from nbgrader.exchange.default import ExchangeFetchAssignment as _NbgraderFetchAssignment
from nbgrader.utils import get_username

#: The exchange folder (inside ``<exchange>/<course>/``) that holds the fetch receipts.
RECEIPTS = "fetched"


class ExchangeFetchAssignment(_NbgraderFetchAssignment):
    """nbgrader's ``fetch_assignment`` that also leaves a receipt for the instructor (never fails because of it)."""

    def copy_files(self):
        super().copy_files()
        student = self.coursedir.student_id if self.coursedir.student_id != "*" else get_username()
        folder = os.path.join(self.root, self.coursedir.course_id, RECEIPTS)
        receipt = os.path.join(folder, f"{student}+{self.coursedir.assignment_id}+{self.timestamp}")
        try:
            with open(receipt, "x"):
                pass
        except OSError as error:  # an exchange without the receipts folder: plain nbgrader behaviour
            self.log.debug("no fetch receipt left in %s (%s)", folder, error)
