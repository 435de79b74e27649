package main

import (
	"testing"

	"github.com/spf13/cobra"
)

func TestWhereFlag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string // error text; "" for none
	}{
		{nil, ""},
		{[]string{"--where", "severity >= Medium"}, ""},
		{[]string{"--where", "severity =="}, "--where: column 12: expected a value after \"==\"\n  severity ==\n             ^"},
		{[]string{"--where", "tactics == X"}, "--where: column 1: unknown attribute \"tactics\"; did you mean \"tactic\"\n  tactics == X\n  ^"},
	}
	for _, tt := range tests {
		cmd := &cobra.Command{Use: "x"}
		w := addWhereFlag(cmd)
		if err := cmd.ParseFlags(tt.args); err != nil {
			t.Fatal(err)
		}
		_, err := w.selector()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("selector() with %q = %q, want %q", tt.args, got, tt.want)
		}
	}
}
