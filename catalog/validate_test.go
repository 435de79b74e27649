package catalog

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestValidateGood checks that well-formed files of every kind pass.
func TestValidateGood(t *testing.T) {
	for _, f := range []string{"analytic.yaml"} {
		r, _ := loadFixture(t, f)
		if len(r.Diagnostics) != 0 {
			t.Errorf("%s: unexpected %v", f, r.Diagnostics)
		}
	}
	for name, src := range map[string]string{
		"hunting":     "id: 0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab\nname: Hunt\ndescription: d\nrequiredDataConnectors: []\ntactics:\n  - Initial access\nrelevantTechniques:\n  - T1078\nquery: T\n",
		"nrt":         "id: 0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab\nname: N\ndescription: d\nseverity: high\nrequiredDataConnectors: []\nquery: T\nkind: NRT\n",
		"exploration": "Id: 0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab\nDisplayName: E\nInputEntityType: Ip\nQueryPeriodBefore: 6h\nquery: T\n",
		"parser":      "Parser:\n  Title: P\nParserName: vimX\nParserParams:\n  - Name: starttime\n    Type: datetime\nParserQuery: T\n",
		"empty keys":  "id: 0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab\nname: N\ndescription: d\nseverity: Low\nrequiredDataConnectors: []\ntactics:\nrelevantTechniques:\nquery: T\nkind: NRT\n",
	} {
		r := LoadBytes(name+".yaml", []byte(src))[0]
		if len(r.Diagnostics) != 0 {
			t.Errorf("%s: unexpected %v", name, r.Diagnostics)
		}
	}
}

// TestValidateBad edits the good analytic rule in one place each and checks
// the one diagnostic that must come out.
func TestValidateBad(t *testing.T) {
	good, err := os.ReadFile("testdata/load/analytic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new string
		want           string // "line:col: check: message"
	}{
		{"id", "id: 0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab", "id: 42-x",
			`1:1: schema: id "42-x" is not a GUID like 01234567-89ab-cdef-0123-456789abcdef`},
		{"missing id", "id: 0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab\n", "",
			`1:1: schema: missing required key "id"`},
		{"empty severity", "severity: Medium", "severity:",
			`5:1: schema: required key "severity" has no value`},
		{"severity", "severity: Medium", "severity: Critical",
			`5:1: schema: severity "Critical" is not one of Informational, Low, Medium, High`},
		{"kind", "kind: Scheduled", "kind: Batch",
			`45:1: schema: kind "Batch" is not one of Scheduled, NRT`},
		{"long name", "name: Many failed sign-ins from one address", "name: " + strings.Repeat("n", 257),
			`2:1: schema: "name" is 257 characters long; at most 256 allowed`},
		{"long description", "  Finds addresses with many failed sign-ins.", "  " + strings.Repeat("d", 5001),
			`3:1: schema: "description" is 5002 characters long; at most 5000 allowed`},
		{"long query", "  | where Failures > 20", "  | where Failures > 20" + strings.Repeat(" ", 10000),
			`19:1: schema: "query" is 10137 characters long; at most 10000 allowed`},
		{"frequency format", "queryFrequency: 1h", "queryFrequency: 1w",
			`10:1: schema: queryFrequency "1w" is not a duration like 5m, 1h, 1d or 1.00:00:00`},
		{"frequency too short", "queryFrequency: 1h", "queryFrequency: 2m",
			`10:1: schema: queryFrequency "2m" is shorter than the minimum of 5 minutes`},
		{"period too long", "queryPeriod: 1d", "queryPeriod: 15.00:00:00",
			`11:1: schema: queryPeriod "15.00:00:00" is longer than the maximum of 14 days`},
		{"period shorter than frequency", "queryPeriod: 1d", "queryPeriod: 30m",
			`11:1: schema: queryPeriod "30m" is shorter than queryFrequency "1h"`},
		{"long period needs hourly", "queryFrequency: 1h\nqueryPeriod: 1d", "queryFrequency: 30m\nqueryPeriod: 2d",
			`10:1: schema: queryFrequency "30m" must be at least 1h when queryPeriod is 2 days or more`},
		{"missing frequency", "queryFrequency: 1h\n", "",
			`1:1: schema: missing required key "queryFrequency"`},
		{"operator", "triggerOperator: gt", "triggerOperator: greater",
			`12:1: schema: triggerOperator "greater" is not one of GreaterThan, LessThan, Equal, NotEqual, gt, lt, eq, ne`},
		{"threshold", "triggerThreshold: 0", "triggerThreshold: 10001",
			`13:1: schema: "triggerThreshold" is 10001; the maximum is 10000`},
		{"threshold type", "triggerThreshold: 0", "triggerThreshold: zero",
			`13:1: schema: "triggerThreshold" must be a whole number, found text`},
		{"version", "version: 1.0.0", "version: 1.0",
			`44:1: schema: "version" must be text, found a number`},
		{"version format", "version: 1.0.0", "version: v1",
			`44:1: schema: version "v1" is not a version like 1.0.0`},
		{"tactic", "  - CredentialAccess", "  - Credential Stuffing",
			`15:5: schema: tactic "Credential Stuffing" is not one of Reconnaissance, ResourceDevelopment, InitialAccess, Execution, Persistence, PrivilegeEscalation, DefenseEvasion, CredentialAccess, Discovery, LateralMovement, Collection, Exfiltration, CommandAndControl, Impact, PreAttack, ImpairProcessControl, InhibitResponseFunction`},
		{"technique", "  - T1110.003", "  - T1110.3",
			`18:5: schema: technique "T1110.3" is not an ATT&CK technique id like T1078 or T1078.004`},
		{"connector without data types", "    dataTypes:\n      - SigninLogs\n", "",
			`7:5: schema: missing required key "dataTypes" in requiredDataConnectors[0]`},
		{"entity type", "entityType: IP", "entityType: Address",
			`25:5: schema: entityType "Address" is not one of Account, Host, IP, URL, DNS, File, FileHash, Process, AzureResource, CloudApplication, Malware, RegistryKey, RegistryValue, SecurityGroup, Mailbox, MailCluster, MailMessage, SubmissionMail, IoTDevice`},
		{"identifier", "identifier: FullName", "identifier: Address",
			`31:9: schema: identifier "Address" is not valid for entity type "Account"; expected one of Name, FullName, NTDomain, DnsDomain, UPNSuffix, Sid, AadTenantId, AadUserId, PUID, IsDomainJoined, DisplayName, ObjectGuid, CloudAppAccountId`},
		{"identifier twice", "        columnName: Account\n", "        columnName: Account\n      - identifier: fullname\n        columnName: Account\n",
			`33:9: schema: identifier "fullname" is mapped twice in the same entity mapping`},
		{"misspelled identifier key", "      - identifier: Address\n        columnName: IPAddress", "      - identifer: Address\n        columnName: IPAddress",
			`27:9: schema: missing required key "identifier" in entityMappings[0].fieldMappings[0]|27:9: schema: unknown key "identifer" in entityMappings[0].fieldMappings[0]; did you mean "identifier"`},
		{"too many field mappings", "        columnName: Account\n", "        columnName: Account\n      - identifier: Name\n        columnName: A\n      - identifier: NTDomain\n        columnName: B\n      - identifier: Sid\n        columnName: C\n",
			`30:5: schema: "entityMappings[1].fieldMappings" has 4 entries; at most 3 allowed`},
		{"custom detail key", "  Failures: Failures", "  Failed-Count: Failures",
			`34:3: schema: custom detail key "Failed-Count" must be 1 to 20 letters, digits or underscores`},
		{"custom detail value", "  Failures: Failures", "  Failures: count of failures",
			`34:3: schema: custom detail "Failures" maps to "count of failures", which is not a column name`},
		{"placeholders", `"{{Failures}} failed sign-ins from {{IPAddress}}"`, `"{{a}} {{b}} {{c}} {{d}}"`,
			`36:3: schema: alertDisplayNameFormat has 4 {{placeholders}}; at most 3 allowed`},
		{"aggregation", "aggregationKind: AlertPerResult", "aggregationKind: PerResult",
			`38:3: schema: aggregationKind "PerResult" is not one of SingleAlert, AlertPerResult`},
		{"nested unknown key", "aggregationKind: AlertPerResult", "agregationKind: AlertPerResult",
			`38:3: schema: unknown key "agregationKind" in eventGroupingSettings; did you mean "aggregationKind"`},
		{"unknown key", "queryFrequency: 1h", "queryFrequency: 1h\nqueryFrequncy: 1h",
			`11:1: unknown-key: unknown key "queryFrequncy"; did you mean "queryFrequency"`},
		{"unknown key singular", "relevantTechniques:", "relevantTechnique:\nrelevantTechniques:",
			`16:1: unknown-key: unknown key "relevantTechnique"; did you mean "relevantTechniques"`},
		{"unknown key far", "kind: Scheduled", "kind: Scheduled\nowner: someone",
			`46:1: unknown-key: unknown key "owner"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(string(good), tt.old) {
				t.Fatalf("fixture has no %q", tt.old)
			}
			src := strings.Replace(string(good), tt.old, tt.new, 1)
			r := LoadBytes("r.yaml", []byte(src))[0]
			var got []string
			for _, d := range r.Diagnostics {
				got = append(got, fmt.Sprintf("%d:%d: %s: %s", d.Line, d.Col, d.Check, d.Message))
				if d.Message != strings.TrimSuffix(d.Message, ".") {
					t.Errorf("message ends with a period: %q", d.Message)
				}
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.ReplaceAll(g, "|", "\n"), strings.ReplaceAll(tt.want, "|", "\n"))
			}
		})
	}
}

func TestSchemasCompile(t *testing.T) {
	if v := newValidator(Options{}); v.err != nil {
		t.Fatal(v.err)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"queryFrequency", "queryPeriod", "relevantTechniques", "tags", "tactics"}
	for _, tt := range []struct{ in, want string }{
		{"queryFrequncy", "queryFrequency"}, {"relevantTechnique", "relevantTechniques"},
		{"Tags", "tags"}, {"tactic", "tactics"}, {"owner", ""}, {"q", ""},
	} {
		if got := suggest(tt.in, known); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
