"""A mock of the TensorFlow Developer Certificate exam: five timed tasks, scored 0-5 from saved model files.

``course exam start`` creates an exam folder with five starter files (scripts with TODOs,
and the same as notebooks); the learner saves one model file per task; ``course exam
score`` measures each file on hidden data in a sandboxed process and maps the figure to
a score out of 5 (:mod:`.tasks`); ``course exam status`` shows the time left and the best
score of each task.
"""

from .session import Exam, ExamError
from .tasks import TASKS, Task, task

__all__ = ["TASKS", "Exam", "ExamError", "Task", "task"]
