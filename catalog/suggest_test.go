package catalog

import "testing"

func TestClosest(t *testing.T) {
	t.Parallel()
	columns := []string{"IPAddress", "UserPrincipalName", "Total", "_ResourceId"}
	tables := []string{"SecurityEvent", "SigninLogs", "AuditLogs", "Syslog", "DeviceEvents", "DeviceInfo"}
	tests := []struct {
		name  string
		cands []string
		want  string
		ok    bool
	}{
		{"SecurityEvents", tables, "SecurityEvent", true},
		{"SiginLogs", tables, "SigninLogs", true},
		{"signinlogs", tables, "SigninLogs", true}, // case only: first, whatever the distance
		{"SigninLogs", tables, "", false},          // nothing to correct
		{"Sysl", tables, "", false},                // 2 edits in 4 letters
		{"Syslo", tables, "Syslog", true},
		{"DeviceEvent", tables, "DeviceEvents", true},
		{"DeviceInfos", tables, "DeviceInfo", true},
		{"CompletelyBogus", tables, "", false},
		{"ab", []string{"ac", "ab_"}, "ac", true}, // tie at 1 edit: the earliest
		{"ab", []string{"ab_", "ac"}, "ab_", true},
		{"x", nil, "", false},
		{"", []string{"a"}, "a", true},
		{"Acount", []string{"TimeGenerated", "Computer", "Account"}, "Account", true},
		{"IpAddress", columns, "IPAddress", true},
		{"UserPrincipleName", columns, "UserPrincipalName", true},
		{"Tota", columns, "Total", true},
		{"Location", columns, "", false},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.name, tt.cands)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Closest(%q, %q) = %q, %v, want %q, %v", tt.name, tt.cands, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"Abc", "abc", 1}, // case-sensitive
		{"SecurityEvent", "SecurityEvents", 1},
		{"disabel", "disable", 1}, // a swap of adjacent letters is one edit
		{"ab", "ba", 1},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a swapped pair
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := EditDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}
