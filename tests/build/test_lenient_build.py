"""The build writes what the platform accepts; the specification is held by `validate` and `lint`, with rule ids."""

import json

from generator.cli import main

INVALID_TYPE = """\
operationId: GetWidget
method: get
path: /widgets/{widgetId}
parameters:
  - name: widgetId
    in: path
    required: true
    type: text
responses:
  "200":
    description: The widget
"""


def test_a_swagger_violation_is_a_build_warning_and_a_validate_error(minimal_project, runner, monkeypatch):
    (minimal_project / "connector" / "operations" / "GetWidget.yaml").write_text(INVALID_TYPE, "utf-8")
    monkeypatch.chdir(minimal_project)
    built = runner.invoke(main, ["build", ".", "--out", "out"])
    assert built.exit_code == 0, built.output
    expected = ("connector/operations/GetWidget.yaml:8:11: {} swagger-schema not valid Swagger 2.0: "
                "'text' is not one of ['string', 'number', 'boolean', 'integer', 'array']")
    assert expected.format("warning") in built.output
    written = json.loads((minimal_project / "out" / "apiDefinition.swagger.json").read_text("utf-8"))
    assert written["paths"]["/widgets/{widgetId}"]["get"]["parameters"][0]["type"] == "text"
    validated = runner.invoke(main, ["validate", "."])
    assert validated.exit_code == 1
    assert expected.format("error") in validated.output
