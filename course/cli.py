"""Command line of the course: ``python -m course COMMAND`` (or ``course COMMAND``).

Commands:
    grade              the main job: release every module, autograde a reference and
                       a blank submission, print the grade table and the skills picture
    release [MODULE]   rebuild the student copy in release/
    autograde MODULE   autograde every submission in submitted/*/MODULE, one by one
    report             print grades and the per-skill picture from gradebook.db
    datasets           list the shipped datasets with provenance and licence
    fetch NAME         download the canonical, full version of a dataset (online only)
    skills             check the skills map and list skills not yet covered
"""

from __future__ import annotations

import argparse
import sys
import time

from . import data, grading, skills

ROOT = data.COURSE_ROOT


def cmd_grade(args) -> int:
    start = time.perf_counter()
    runs = grading.make_demo(ROOT, args.modules or None)
    rows = grading.grades(ROOT)
    print()
    print(grading.grade_table(rows))
    print()
    print(skills.skills_table(rows))
    per_module = grading.totals(rows)
    verdicts = []
    for module in args.modules or grading.modules(ROOT):
        ref, blank = per_module.get((module, "reference")), per_module.get((module, "blank"))
        good = ref is not None and ref[0] == ref[1] and blank is not None and blank[0] == 0
        verdicts.append(good)
        print(f"{module}: reference {ref[0] if ref else '?'}/{ref[1] if ref else '?'}, "
              f"blank {blank[0] if blank else '?'}: {'as expected' if good else 'NOT as expected'}")
    failed = [r for r in runs if not r.ok]
    print(f"\nAutograded {len(runs)} submissions in {time.perf_counter() - start:.0f} s; "
          f"feedback is in feedback/, graded notebooks in autograded/.")
    return 0 if all(verdicts) and not failed else 1


def cmd_release(args) -> int:
    for module in args.modules or grading.modules(ROOT):
        folder = grading.generate_release(ROOT, module)
        print(f"release/{module}:", ", ".join(p.name for p in grading.notebooks(folder)))
    return 0


def cmd_autograde(args) -> int:
    students = sorted(p.parent.name for p in (ROOT / "submitted").glob(f"*/{args.module}") if p.is_dir())
    if not students:
        print(f"no submissions in submitted/*/{args.module}: collect them first (nbgrader collect {args.module})")
        return 1
    failed = []
    for student in students:
        run = grading.autograde(ROOT, args.module, student)
        print(f"{student}: {'graded' if run.ok else 'FAILED (see below)'} in {run.seconds:.0f} s", flush=True)
        if not run.ok:
            print(run.log[-2000:])
            failed.append(student)
        grading.generate_feedback(ROOT, args.module, student)
    print(grading.grade_table([g for g in grading.grades(ROOT) if g.module == args.module]))
    if failed:
        print(f"{len(failed)} submission(s) could not be graded: {', '.join(failed)}")
    return 1 if failed else 0


def cmd_report(args) -> int:
    rows = grading.grades(ROOT)
    if not rows:
        print("the gradebook has no grades yet: run `python -m course grade` or `autograde MODULE`")
        return 1
    print(grading.grade_table(rows))
    print()
    print(skills.skills_table(rows))
    return 0


def cmd_datasets(args) -> int:
    for name in data.names():
        entry = data.info(name)
        print(f"{name}: {entry.title}\n  files: {', '.join(entry.files)}\n  licence: {entry.licence}\n"
              f"  source: {entry.source}\n  online: {entry.canonical.get('url') or '-'}"
              f"{' (TFDS: ' + entry.canonical['tfds'] + ')' if entry.canonical.get('tfds') else ''}\n")
    return 0


def cmd_fetch(args) -> int:
    try:
        target = data.fetch(args.name, force=args.force)
    except data.DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"saved {target}")
    return 0


def cmd_skills(args) -> int:
    found = skills.problems(ROOT)
    for problem in found:
        print("problem:", problem)
    all_skills = skills.load()
    graded = sum(bool(s.graded_by) for s in all_skills)
    taught = sum(bool(s.taught_in) for s in all_skills)
    print(f"{len(all_skills)} skills: {taught} taught, {graded} auto-graded")
    for s in all_skills:
        if not s.taught_in:
            print(f"  not yet taught: {s.id} {s.text} (planned for {s.module})")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("grade", help="release, autograde reference and blank submissions, report")
    p.add_argument("modules", nargs="*")
    p.set_defaults(func=cmd_grade)
    p = sub.add_parser("release", help="rebuild the student copy")
    p.add_argument("modules", nargs="*")
    p.set_defaults(func=cmd_release)
    p = sub.add_parser("autograde", help="autograde every collected submission of a module")
    p.add_argument("module")
    p.set_defaults(func=cmd_autograde)
    sub.add_parser("report", help="grade table and skills picture").set_defaults(func=cmd_report)
    sub.add_parser("datasets", help="list shipped datasets").set_defaults(func=cmd_datasets)
    p = sub.add_parser("fetch", help="download a dataset's canonical version")
    p.add_argument("name", choices=data.names())
    p.add_argument("--force", action="store_true", help="download again even if cached")
    p.set_defaults(func=cmd_fetch)
    sub.add_parser("skills", help="check the skills map").set_defaults(func=cmd_skills)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
