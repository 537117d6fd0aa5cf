"""nbgrader configuration of a learner on the course server (JupyterHub puts this folder on JUPYTER_CONFIG_PATH).

The Assignments panel fetches from and submits to the course's exchange, and leaves a fetch receipt
for ``course status`` (course/exchange.py). The Validate button runs the notebook as grading does:
with TensorFlow's start-up messages silenced in the kernel only, and the course's cell timeout.
"""

import os

from course.instructor import settings
from course.instructor.sandbox import GradingKernelManager

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = settings.COURSE_ID
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
c.ExchangeFactory.fetch_assignment = "course.exchange.ExchangeFetchAssignment"
c.Execute.kernel_manager_class = GradingKernelManager
c.Execute.timeout = 600
