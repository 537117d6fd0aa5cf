"""Command line of the course: ``python -m course COMMAND`` (or ``course COMMAND``).

Instructors (run in the course directory, or pass --course-dir or set COURSE_DIR):
    roster import FILE       add the learners of a CSV file (id, first_name, last_name, email)
    roster list              list the learners
    release [MODULE ...]     build the student copy and release it to the exchange
    collect [MODULE ...]     collect the learners' submissions from the exchange
    autograde [MODULE ...]   autograde every collected submission (--student ID to pick learners,
                             --workers N to grade N at a time, --scheduler ADDRESS to use a Dask cluster)
    feedback [MODULE ...]    generate and release feedback (no hidden tests in it)
    export                   grades.csv, skills.csv, the skills heat map and report.html
    status                   per module: released, fetched, submitted, collected, graded, feedback
    report                   the grade table and the per-skill picture, in the terminal
    demo                     the main job: a simulated cohort through the whole journey

Learners and maintainers:
    exam start|status|score  a mock certificate exam: five timed tasks, scored 0-5 from saved models
    datasets                 list the shipped datasets with provenance and licence
    fetch NAME               download the canonical, full version of a dataset (online only)
    skills                   check the skills map and list skills not yet covered

Bad input (an unknown module or learner, an unusable exchange, a roster with
errors) gets one line on stderr and exit status 2, and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import coursedir, data, skills


def _course(args):
    from .instructor.nbgrader_api import Course

    return Course(coursedir.find(args.course_dir))


def cmd_roster(args) -> int:
    from .instructor import roster

    course = _course(args)
    if args.action == "import":
        table = roster.import_file(course, Path(args.file))
        print(f"imported {len(table)} learner(s) from {args.file}; the roster now has "
              f"{len(roster.listing(course))}")
        return 0
    table = roster.listing(course)
    print(table.to_string(index=False) if len(table) else "the roster is empty: `course roster import FILE.csv`")
    return 0


def cmd_release(args) -> int:

    course = _course(args)
    modules = course.check_modules(args.modules)
    if not args.build_only:
        course.check_exchange()
    for module in modules:
        course.generate(module).expect(f"building the student copy of {module}")
        print(f"release/{module}: {', '.join(course.notebooks(module, 'release'))}")
        if args.build_only:
            continue
        course.release(module).expect(f"releasing {module}")
        print(f"  released to {course.exchange_root / course.course_id / 'outbound' / module}")
    return 0


def cmd_collect(args) -> int:

    course = _course(args)
    for module in course.check_modules(args.modules):
        course.collect(module).expect(f"collecting {module}")
        print(f"{module}: {len(course.submitted_students(module))} submission(s) in submitted/")
    return 0


def limits_line(course) -> str:
    """One line saying which limits and sandbox guarantees hold for the kernels that grading starts here."""
    from .instructor import limits, sandbox

    execute = course.config.get("CourseExecute", {})
    held = limits.guarantees(execute.get("memory_limit", 0), execute.get("file_size_limit", 0),
                             execute.get("process_limit", 0), execute.get("cpu_limit", 0))
    if execute.get("sandbox"):
        held |= sandbox.guarantees()
    else:
        held["sandbox"] = "off (not configured: graded code runs with your rights and can read what you can read)"
    held["held-out data"] = heldout_line(course)
    return "limits of graded kernels: " + "; ".join(f"{name} {state}" for name, state in held.items())


def heldout_line(course) -> str:
    """Whether graded code can read the held-out data: only in notebooks whose test cells read it themselves."""
    import nbformat

    from .instructor.preprocessors import reads_heldout

    notebooks = sorted(course.root.glob("source/*/*.ipynb"))
    reading = [f"{n.parent.name}/{n.stem}" for n in notebooks if reads_heldout(nbformat.read(n, as_version=4))]
    if not reading:
        return "hidden (hidden tests measure models through the trusted scorer)"
    return (f"hidden in {len(notebooks) - len(reading)} notebooks (measured through the trusted scorer), readable "
            f"(read-only) by graded code in {len(reading)} whose hidden tests still read it themselves")


def cmd_autograde(args) -> int:
    from .instructor import cohort, grades

    course = _course(args)
    modules = course.check_modules(args.modules)
    modules = [m for m in modules if course.submitted_students(m)] if not args.modules else modules
    if not modules or not any(course.submitted_students(m) for m in modules):
        print("no collected submission to grade: run `course collect` first", file=sys.stderr)
        return 1
    print(limits_line(course))
    start = time.perf_counter()
    results = cohort.autograde(course, modules, args.student or (), progress=not args.no_progress,
                               workers=args.workers, scheduler=args.scheduler)
    failed = [r for r in results if not r.ok]
    cells = grades.cell_grades(course)
    cells = cells[cells["module"].isin(modules)]
    print(grades.grade_table(cells))
    print(f"\ngraded {len(results)} notebook(s) in {time.perf_counter() - start:.0f} s"
          + (f"; {len(failed)} could not be graded and score 0:" if failed else ""))
    for r in failed:
        print(f"  {r.student} {r.module}/{r.notebook}: {r.problem.splitlines()[0]}")
    return 1 if failed else 0


def cmd_feedback(args) -> int:
    from .instructor import cohort

    course = _course(args)
    released = cohort.feedback(course, course.check_modules(args.modules))
    for module, count in released.items():
        print(f"{module}: feedback released to {count} learner(s)")
    return 0


def cmd_export(args) -> int:
    from .instructor import export

    course = _course(args)
    paths = export.export(course, Path(args.out) if args.out else course.root / "reports")
    for name, path in paths.items():
        print(f"{name}: {path}")
    return 0


def cmd_status(args) -> int:
    from .instructor import cohort

    table = cohort.status(_course(args))
    table["fetched"] = table["fetched"].map(lambda n: "not recorded" if n is None else n)
    print(table.to_string(index=False))
    return 0


def cmd_report(args) -> int:
    from .instructor import grades

    cells = grades.cell_grades(_course(args))
    if cells.empty:
        print("the gradebook has no grades yet: run `course autograde` first", file=sys.stderr)
        return 1
    print(grades.grade_table(cells))
    print()
    print(grades.skills_table(cells))
    return 0


def cmd_demo(args) -> int:
    from .instructor import demo, grades

    source = coursedir.find(args.course_dir)
    folder = Path(args.folder).resolve() if args.folder else source / "cohort-demo"
    result = demo.run(source, folder, args.modules or None, progress=not args.no_progress, workers=args.workers)
    print("\nGrades (points per notebook and module):\n")
    print(grades.grade_table(result["cells"]))
    print("\nSkills (share of each skill's points):\n")
    print(grades.skills_table(result["cells"]))
    print("\nStatus:\n")
    print(result["status"].to_string(index=False))
    print("\nWhere to look:")
    for name, path in result["paths"].items():
        print(f"  {name}: {path}")
    for learner, pages in result["feedback"].items():
        folders = sorted({str(p.parent.parent) for p in pages})
        print(f"  feedback of {learner} ({len(pages)} pages): {', '.join(folders)}")
    scores = result["scores"]
    print("\nEach learner's grade against what their work must earn:")
    for row in scores.itertuples(index=False):
        print(f"  {row.student:10s} {row.module:26s} {row.score:5g} / expected {row.expected:5g}"
              f"  {'ok' if row.as_expected else 'NOT AS EXPECTED'}")
    print("\nAutograde time per learner and module (s):\n")
    print(result["grading_seconds"].to_string())
    print("\nTime per step (s): " + ", ".join(f"{name} {seconds:.0f}" for name, seconds in
                                             result["durations"].items()))
    print(f"The whole journey took {result['seconds']:.0f} s "
          f"({'separate Unix users' if result['unix_users'] else 'one Unix user, nbgrader student ids'}).")
    return 0 if scores["as_expected"].all() else 1


def cmd_exam(args) -> int:
    from .exam import Exam, ExamError, tasks

    exam = Exam(Path(args.folder))
    try:
        if args.action == "start":
            exam.start()
            print(f"exam started in {exam.folder.resolve()}: {len(tasks.TASKS)} tasks, "
                  f"{tasks.MINUTES // 60} hours from now")
            for each in tasks.TASKS:
                print(f"  task {each.number}: {each.title} ({each.stem}.py or .ipynb -> {each.stem}.keras)")
            print("save each model in that folder, then run `course exam score` (as often as you like)")
            return 0
        if args.action == "score":
            attempts = exam.score(args.tasks)
            for row in attempts.itertuples():
                each = tasks.task(row.task)
                shown = f"{row.figure} {row.value:.4g}" if row.message == "" else row.message
                print(f"task {row.task} ({each.name}): {row.score}/5  {shown}")
        left = exam.time_left()
        minutes = int(abs(left.total_seconds()) // 60)
        print(f"time left: {minutes // 60} h {minutes % 60:02d} min" if left.total_seconds() >= 0
              else f"time is up ({minutes // 60} h {minutes % 60:02d} min ago): later scores are marked late")
        best = exam.best()
        if args.action == "status":
            for row in best.itertuples():
                print(f"task {row.task} ({row.name}): best {row.best}/5 in {row.tries} tries  "
                      f"[{tasks.task(row.task).rule()}]")
        total, passed = exam.passed()
        print(f"total (best of each task): {total}/{5 * len(tasks.TASKS)}: {'pass' if passed else 'not a pass yet'} "
              f"({tasks.PASS_SHARE:.0%} passes)")
        return 0
    except (ExamError, KeyError) as error:
        print(f"error: {str(error).strip(chr(39))}", file=sys.stderr)
        return 2


def cmd_datasets(args) -> int:
    for name in data.names():
        entry = data.info(name)
        print(f"{name}: {entry.title}\n  files: {', '.join(entry.files)}\n  licence: {entry.licence}\n"
              f"  source: {entry.source}\n  online: {entry.canonical.get('url') or '-'}"
              f"{' (TFDS: ' + entry.canonical['tfds'] + ')' if entry.canonical.get('tfds') else ''}\n")
    return 0


def cmd_fetch(args) -> int:
    target = data.fetch(args.name, force=args.force)
    print(f"saved {target}")
    return 0


def cmd_skills(args) -> int:
    found = skills.problems(coursedir.find(args.course_dir))
    for problem in found:
        print("problem:", problem)
    all_skills = skills.load()
    graded = sum(bool(s.graded_by) for s in all_skills)
    taught = sum(bool(s.taught_in) for s in all_skills)
    print(f"{len(all_skills)} skills: {taught} taught, {graded} auto-graded")
    for s in all_skills:
        if not s.taught_in:
            print(f"  not yet taught: {s.id} {s.text} (planned for {s.module})")
    by_skill = skills.exam_tasks()
    print(f"the mock exam (course exam) exercises {sum(bool(n) for n in by_skill.values())} of them:")
    for s in all_skills:
        numbers = by_skill.get(s.id, [])
        print(f"  {s.id:<6} {'tasks ' + ' '.join(map(str, numbers)) if numbers else 'no task':<16} {s.text}")
    return 1 if found else 0


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="course", description=__doc__.splitlines()[0],
                                  formatter_class=argparse.RawDescriptionHelpFormatter,
                                  epilog="\n".join(__doc__.splitlines()[2:]))
    top.add_argument("--course-dir", help="the course directory (default: $COURSE_DIR, or the one you are in)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, func, text, modules=False):
        p = sub.add_parser(name, help=text, description=text)
        if modules:
            p.add_argument("modules", nargs="*", metavar="MODULE", help="modules (default: all)")
        p.set_defaults(func=func)
        return p

    p = command("roster", cmd_roster, "import or list the learners")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("import", help="add learners from a CSV file").add_argument("file")
    actions.add_parser("list", help="list the learners")
    command("release", cmd_release, "build the student copy and release it", modules=True).add_argument(
        "--build-only", action="store_true", help="only rebuild release/ (for maintainers), do not release")
    command("collect", cmd_collect, "collect submissions from the exchange", modules=True)
    p = command("autograde", cmd_autograde, "autograde every collected submission", modules=True)
    p.add_argument("--student", action="append", metavar="ID", help="only this learner (repeatable)")
    p.add_argument("--workers", type=_positive, default=1, metavar="N",
                   help="grade N submissions at a time, on a local Dask cluster (default: 1, here)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="grade on the Dask cluster of this scheduler (e.g. tcp://10.0.0.5:8786)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    command("feedback", cmd_feedback, "generate and release feedback", modules=True)
    command("export", cmd_export, "write grades.csv, skills.csv, the heat map and report.html").add_argument(
        "--out", help="folder for the files (default: reports/ in the course directory)")
    command("status", cmd_status, "where each module stands")
    command("report", cmd_report, "grade table and skills picture")
    p = command("demo", cmd_demo, "the main job: a simulated cohort, end to end", modules=True)
    p.add_argument("--folder", help="where to build the demo (default: cohort-demo/ in the course directory)")
    p.add_argument("--workers", type=_positive, metavar="N",
                   help="grade N submissions at a time (default: one per core, at most 4)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p = command("exam", cmd_exam, "a mock certificate exam: start it, see its status, score your models")
    p.add_argument("--folder", default="exam", help="the exam folder (default: exam/ in the current folder)")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("start", help="create the exam folder with the five starters and start the clock")
    actions.add_parser("status", help="time left and each task's best score")
    actions.add_parser("score", help="score the saved models").add_argument(
        "tasks", nargs="*", metavar="TASK", help="task numbers or names (default: all five)")
    command("datasets", cmd_datasets, "list shipped datasets")
    p = command("fetch", cmd_fetch, "download a dataset's canonical version")
    p.add_argument("name", choices=data.names())
    p.add_argument("--force", action="store_true", help="download again even if cached")
    command("skills", cmd_skills, "check the skills map")
    return top


def main(argv: list[str] | None = None) -> int:
    from .instructor.nbgrader_api import CourseError

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (CourseError, coursedir.CourseDirError, data.DatasetError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
