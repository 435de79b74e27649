package render

import (
	"testing"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// loadAttack loads the embedded ATT&CK data.
func loadAttack(t testing.TB) *attack.Data {
	t.Helper()
	ad, err := attack.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ad
}

// siteFor is the Site of a loaded catalog as `rulecat build` makes it: with
// the embedded ATT&CK data and table schemas, the lint findings of every
// check and the analysis of every query.
func siteFor(t testing.TB, cat *catalog.Catalog) *Site {
	t.Helper()
	ad := loadAttack(t)
	schema, err := tables.Load()
	if err != nil {
		t.Fatal(err)
	}
	checks := analyze.Checks()
	env := analyze.NewEnv(cat, ad, schema)
	return &Site{Catalog: cat, Attack: ad, Checks: checks,
		Lint: analyze.Lint(env, checks, nil), Analysis: analyze.AnalyzeCatalog(cat, schema)}
}

// sampleSite is the site of the sample catalog in rules/.
func sampleSite(t testing.TB) *Site {
	t.Helper()
	cat, err := catalog.Load([]string{"../rules"}, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return siteFor(t, cat)
}

func (s *Site) buildInto(t testing.TB, dir string) {
	t.Helper()
	if err := s.Build(dir); err != nil {
		t.Fatalf("Build: %v", err)
	}
}
