"""The instructor's side of the course: a thin layer over nbgrader for running a cohort.

Modules:
    settings        the grading environment and the files notebooks leave behind (one place for both)
    nbgrader_api    the course directory, reached through nbgrader's Python API
    preprocessors   nbgrader preprocessors: skip untouched notebooks, feedback without hidden tests
    roster          import and list the learners
    cohort          autograde every submission with a progress bar; the cohort's status
    grades          the gradebook as pandas tables: grades and the per-skill picture
    export          grades.csv, skills.csv, the skills heat map and the HTML report
    learners        simulated learners with their own accounts, homes and nbgrader config
    demo            the main job: a simulated cohort through the whole journey

Nothing here is imported by the notebooks. The course directory is always passed
in (see :mod:`course.coursedir`), never derived from where the package lives.
"""
