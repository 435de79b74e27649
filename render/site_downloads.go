package render

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/rulecat/rulecat/analyze/attack"
)

// download is one file on the downloads page.
type download struct {
	Path, Title, Note string
}

// downloads lists the ATT&CK Navigator layer of every domain of matrices
// (those the matrix page shows) and the analysis JSON, and the page
// offering them.
func (b *builder) downloads(matrices []matrix) []job {
	var files []download
	var jobs []job
	if ad := b.site.Attack; ad != nil {
		rules := map[string][]layerRule{}
		for id, t := range b.techniques {
			for r := range t.rules {
				rules[id] = append(rules[id], layerRule{Name: r.Name, Path: r.Path})
			}
		}
		for _, m := range matrices {
			dom := attack.Domain(m.Key)
			p := "downloads/navigator-" + strings.TrimSuffix(m.Key, "-attack") + ".json"
			layer := navigatorLayer(ad, dom, b.siteName(), rules, b.site.BaseURL)
			files = append(files, download{Path: p, Title: "ATT&CK Navigator layer, " + m.Domain,
				Note: plural(len(layer.Techniques), "technique") + "; open it in ATT&CK Navigator with “Open Existing Layer”."})
			jobs = append(jobs, jsonJob(p, layer))
		}
	}
	if ca := b.site.Analysis; ca != nil {
		p := "downloads/analysis.json"
		files = append(files, download{Path: p, Title: "Analysis of the catalog (JSON)",
			Note: "The output of “rulecat analyze --format json”: parameters, stages, indicators with corpus counts, output fields, tables and lookbacks of every query."})
		jobs = append(jobs, job{path: p, stream: func(w io.Writer) error {
			return WriteAnalysisJSON(w, ca)
		}})
	}
	linked := b.site.BaseURL != ""
	jobs = append(jobs, b.html("downloads.html", "downloads.html", "Downloads", "downloads", struct {
		Files  []download
		Linked bool
	}{files, linked}))
	return jobs
}

func jsonJob(p string, v any) job {
	return job{path: p, write: func(w *bytes.Buffer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}}
}
