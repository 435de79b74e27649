package analyze

import "github.com/rulecat/rulecat/catalog"

// reportLoaded returns a Run that reports the diagnostics catalog.Load
// attached to the rule under the pass's check id. Load-time checks (schema,
// unknown-key, yaml-syntax, file-*) find their problems while the file is
// decoded, once; their Check values give them documentation, a severity the
// config can change, and a place in every report.
func reportLoaded(p *Pass) {
	for _, d := range p.Rule.Diagnostics {
		if d.Check == p.Check.ID {
			d.Severity = p.Check.Severity
			p.Report(d)
		}
	}
}

func schemaCheck() *Check {
	return &Check{
		ID:       "schema",
		Severity: catalog.Error,
		Title:    "rule file does not follow the Sentinel rule schema",
		Doc: "Sentinel rejects an analytic rule whose fields are missing, mistyped or out of range, and its " +
			"repository's pull-request checks reject the file before that. rulecat validates every YAML rule " +
			"file against a JSON Schema for its kind — analytic rules (`kind: Scheduled` or `NRT`), hunting " +
			"queries (no `kind`, looser), entity exploration queries and ASIM parsers — and adds the checks a " +
			"schema cannot express.\n\n" +
			"For analytic rules that means: `id` is a GUID; `name` at most 256 characters and `description` " +
			"at most 5000; `severity` one of Informational, Low, Medium, High; `query` 1 to 10000 characters; " +
			"`queryFrequency` and `queryPeriod` written `5m`, `1h`, `1d` or `[d.]hh:mm:ss`, between 5 minutes " +
			"and 14 days, the period no shorter than the frequency, and a period of 2 days or more only with a " +
			"frequency of at least 1 hour; `triggerOperator` gt, lt, eq, ne (or GreaterThan, ...) and " +
			"`triggerThreshold` 0 to 10000; `version` like 1.0.0; `requiredDataConnectors` entries with " +
			"`connectorId` and `dataTypes`; 1 to 10 `entityMappings` of 1 to 3 `fieldMappings` each, whose " +
			"identifiers are valid for the entity type and not repeated; at most 20 `customDetails` with keys " +
			"of 1 to 20 letters, digits or underscores mapped to column names; at most 3 `{{column}}` " +
			"placeholders per `alertDetailsOverride` format; `eventGroupingSettings.aggregationKind` " +
			"SingleAlert or AlertPerResult. Enumerations are compared ignoring case, as Sentinel does. A " +
			"key with no value counts as absent.\n\n" +
			"Fix the field the message names; it points at the offending key.",
		Bad: "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\ndescription: Finds sign-ins from Tor exit nodes.\n" +
			"severity: Critical\nrequiredDataConnectors: []\nqueryFrequency: 1h\nqueryPeriod: 1h\n" +
			"triggerOperator: gt\ntriggerThreshold: 0\nquery: |\n  SigninLogs\n  | take 10\nkind: Scheduled\n",
		Good: "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\ndescription: Finds sign-ins from Tor exit nodes.\n" +
			"severity: High\nrequiredDataConnectors: []\nqueryFrequency: 1h\nqueryPeriod: 1h\n" +
			"triggerOperator: gt\ntriggerThreshold: 0\nquery: |\n  SigninLogs\n  | take 10\nkind: Scheduled\n",
		Run: reportLoaded,
	}
}
