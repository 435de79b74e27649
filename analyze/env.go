package analyze

import (
	"slices"
	"strconv"
	"strings"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// NewEnv returns the Env checks run in: the catalog, the reference data
// (either may be nil; the checks that need it then stay silent), the
// catalog-wide Index and the query analysis of every rule, built here once
// so that checks only read them.
func NewEnv(cat *catalog.Catalog, att *attack.Data, tab *tables.Schema) *Env {
	e := &Env{Catalog: cat, Attack: att, Tables: tab, Index: NewCatalogIndex(cat)}
	if cat != nil {
		e.Analysis = AnalyzeCatalog(cat, tab)
		e.byRule = e.Analysis.ByRule()
	}
	return e
}

// CatalogIndex is a catalog-wide view of rules by id, by name and by file,
// for the checks that compare a rule with the others (duplicate-id, ...).
// It is built before checks run and only read afterwards.
type CatalogIndex struct {
	byID   map[string][]*catalog.Rule // lower-cased id (ids are GUIDs, whose case means nothing)
	byName map[string][]*catalog.Rule // name with surrounding space trimmed; names derived from file names left out
	byFold map[string][]string        // lower-cased path → the distinct spellings of it
}

// NewCatalogIndex indexes the rules of cat (nil gives an empty index).
func NewCatalogIndex(cat *catalog.Catalog) *CatalogIndex {
	x := &CatalogIndex{
		byID:   make(map[string][]*catalog.Rule),
		byName: make(map[string][]*catalog.Rule),
		byFold: make(map[string][]string),
	}
	if cat == nil {
		return x
	}
	for _, r := range cat.Rules {
		if k := idKey(r.ID.Text); k != "" {
			x.byID[k] = append(x.byID[k], r)
		}
		if k := strings.TrimSpace(r.Name.Text); k != "" && !derivedName(r) {
			x.byName[k] = append(x.byName[k], r)
		}
		k := strings.ToLower(r.File)
		if !slices.Contains(x.byFold[k], r.File) {
			x.byFold[k] = append(x.byFold[k], r.File)
		}
	}
	return x
}

// derivedName reports whether the rule's name was made up by the loader
// from the file name (a bare query file, a markdown page without a title)
// rather than written in the rule.
func derivedName(r *catalog.Rule) bool {
	return r.Format == catalog.FormatKQL || (r.Format == catalog.FormatMarkdown && r.Name.Span.EndLine == 0)
}

func idKey(id string) string { return strings.ToLower(strings.TrimSpace(id)) }

// RulesWithID returns the rules whose id is id, ignoring case, in catalog
// order.
func (x *CatalogIndex) RulesWithID(id string) []*catalog.Rule {
	return slices.Clone(x.byID[idKey(id)])
}

// RulesWithName returns the rules named name, in catalog order, leaving
// out the rules whose name the loader derived from their file name.
func (x *CatalogIndex) RulesWithName(name string) []*catalog.Rule {
	return slices.Clone(x.byName[strings.TrimSpace(name)])
}

// FilesFolding returns the distinct file paths of the catalog that equal
// file when case is ignored (file itself included), sorted.
func (x *CatalogIndex) FilesFolding(file string) []string {
	fs := slices.Clone(x.byFold[strings.ToLower(file)])
	slices.Sort(fs)
	return fs
}

// otherFiles lists, for a message, the files of rules other than those in
// file itself: at most three, then how many more.
func otherFiles(rules []*catalog.Rule, file string) (string, bool) {
	var files []string
	for _, r := range rules {
		if r.File != file && !slices.Contains(files, r.File) {
			files = append(files, r.File)
		}
	}
	return listFiles(files)
}

// listFiles joins file names for a message: sorted, at most three, then
// "and N more".
func listFiles(files []string) (string, bool) {
	if len(files) == 0 {
		return "", false
	}
	files = slices.Sorted(slices.Values(files))
	const show = 3
	s := strings.Join(files[:min(show, len(files))], ", ")
	if n := len(files) - show; n > 0 {
		s += ", and " + strconv.Itoa(n) + " more"
	}
	return s, true
}
