"""Validates wellcheck's FHIR output with fhir.resources (pydantic models of FHIR R4B,
which shares R4's Questionnaire, QuestionnaireResponse, Observation and Bundle).

Usage: validate.py FILE...   Each file holds one resource. A Bundle's entries are validated
one by one as well. Before anything else the script checks that the validator rejects a
resource that is plainly wrong, so a silently permissive install cannot pass.
"""
import importlib
import json
import sys


def model_for(resource_type):
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def validate(resource, where):
    resource_type = resource.get("resourceType")
    if not resource_type:
        raise ValueError(f"{where}: no resourceType")
    model_for(resource_type).model_validate(resource)
    if resource_type == "Bundle":
        for index, entry in enumerate(resource.get("entry", [])):
            validate(entry["resource"], f"{where} entry[{index}]")


def self_test():
    broken = {"resourceType": "Questionnaire", "status": "not-a-status", "item": [{"linkId": "a"}]}
    try:
        validate(broken, "self-test")
    except Exception:
        return
    sys.exit("validate.py: the validator accepted an invalid Questionnaire; refusing to vouch for anything")


def main(paths):
    self_test()
    failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            resource = json.load(handle)
        try:
            validate(resource, path)
        except Exception as error:  # report every file, then fail
            failures += 1
            print(f"INVALID {path}: {error}")
    print(f"fhir.resources: {len(paths) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
