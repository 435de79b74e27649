package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/tables"
)

// TestMatrixCoverageMatchesStatistics checks that the ATT&CK page's
// "N of M techniques covered" gives the statistics' figures.
func TestMatrixCoverageMatchesStatistics(t *testing.T) {
	t.Parallel()
	s := sampleSite(t)
	schema, err := tables.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := analyze.ComputeStats(s.Catalog, s.Analysis, analyze.StatsOptions{Attack: s.Attack, Tables: schema})
	dir := t.TempDir()
	s.buildInto(t, dir)
	page := string(tree(t, dir)["attack.html"])
	want := fmt.Sprintf("<p class=\"lede\">%d of %d techniques covered", st.Attack.Covered, st.Attack.Techniques)
	if !strings.Contains(page, want) {
		i := strings.Index(page, `<p class="lede">`)
		t.Errorf("attack.html says %.60q, want %q", page[max(i, 0):], want)
	}
}
