package render

import (
	"cmp"
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze/attack"
)

// Layer is an ATT&CK Navigator layer in layer format 4.5: the catalog's
// coverage of one domain, each technique scored by the number of rules that
// cover it.
type Layer struct {
	Name        string           `json:"name"`
	Versions    LayerVersions    `json:"versions"`
	Domain      string           `json:"domain"`
	Description string           `json:"description"`
	Sorting     int              `json:"sorting"`
	Layout      LayerLayout      `json:"layout"`
	HideDisable bool             `json:"hideDisabled"`
	Techniques  []LayerTechnique `json:"techniques"`
	Gradient    LayerGradient    `json:"gradient"`
	Legend      []LayerLegend    `json:"legendItems"`
	Metadata    []LayerMetadata  `json:"metadata,omitempty"`
}

// LayerVersions says which ATT&CK, Navigator and layer format a layer is for.
type LayerVersions struct {
	Attack    string `json:"attack,omitempty"`
	Navigator string `json:"navigator"`
	Layer     string `json:"layer"`
}

// LayerLayout is how Navigator draws the matrix.
type LayerLayout struct {
	Layout              string `json:"layout"`
	ShowID              bool   `json:"showID"`
	ShowName            bool   `json:"showName"`
	ShowAggregateScores bool   `json:"showAggregateScores"`
	AggregateFunction   string `json:"aggregateFunction"`
	ExpandedSubs        string `json:"expandedSubtechniques"`
}

// LayerTechnique scores one technique under one of its tactics.
type LayerTechnique struct {
	TechniqueID string          `json:"techniqueID"`
	Tactic      string          `json:"tactic,omitempty"`
	Score       int             `json:"score"`
	Comment     string          `json:"comment,omitempty"`
	Enabled     bool            `json:"enabled"`
	Metadata    []LayerMetadata `json:"metadata,omitempty"`
	Links       []LayerLink     `json:"links,omitempty"`
	ShowSubs    bool            `json:"showSubtechniques,omitempty"`
}

// LayerGradient maps scores to colours.
type LayerGradient struct {
	Colors   []string `json:"colors"`
	MinValue int      `json:"minValue"`
	MaxValue int      `json:"maxValue"`
}

// LayerLegend is one entry of the layer's legend.
type LayerLegend struct {
	Label string `json:"label"`
	Color string `json:"color"`
}

// LayerMetadata is a name and value shown in a technique's tooltip.
type LayerMetadata struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// LayerLink is a link in a technique's context menu; Navigator requires an
// absolute URL.
type LayerLink struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// navigatorVersion is the Navigator release the layers are written for
// (format 4.5 needs at least 4.9.0).
const navigatorVersion = "5.1.0"

// layerRule is a rule as a layer mentions it.
type layerRule struct {
	Name, Path string
}

// navigatorLayer builds the layer of one domain from the rules covering each
// technique id (sub-techniques under their own id; a technique's score also
// counts the rules that only list one of its sub-techniques, as the matrix
// page does). Navigator only follows absolute links, and a site that may be
// opened from file:// has none; so rules appear as metadata (their names)
// and get links only when baseURL, the absolute URL of the site's root, is
// known.
func navigatorLayer(ad *attack.Data, dom attack.Domain, title string, rules map[string][]layerRule, baseURL string) *Layer {
	l := &Layer{
		Name:        title + " (" + domainName(dom) + ")",
		Versions:    LayerVersions{Attack: ad.Version(), Navigator: navigatorVersion, Layer: "4.5"},
		Domain:      string(dom),
		Description: "Techniques covered by the rules of the catalog; the score is the number of rules.",
		Sorting:     3,
		Layout: LayerLayout{Layout: "side", ShowID: true, ShowName: true, AggregateFunction: "max",
			ExpandedSubs: "annotated"},
		Techniques: []LayerTechnique{},
		Legend: []LayerLegend{
			{Label: "1 rule", Color: "#dbe9f8"},
			{Label: "most rules", Color: "#2f74c0"},
		},
	}
	// A parent's score counts rules listing any of its sub-techniques.
	all := map[string][]layerRule{}
	for id, rs := range rules {
		at, ok := ad.Technique(id)
		if !ok || at.Domain != dom {
			continue
		}
		all[id] = append(all[id], rs...)
		if p := at.Parent(); p != id {
			all[p] = append(all[p], rs...)
		}
	}
	maxScore := 1
	ids := make([]string, 0, len(all))
	for id, rs := range all {
		slices.SortFunc(rs, func(a, b layerRule) int { return cmp.Compare(a.Path, b.Path) })
		all[id] = slices.Compact(rs)
		maxScore = max(maxScore, len(all[id]))
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		at, _ := ad.Technique(id)
		rs := all[id]
		var meta []LayerMetadata
		var links []LayerLink
		byName := slices.Clone(rs)
		slices.SortStableFunc(byName, func(a, b layerRule) int { return strings.Compare(a.Name, b.Name) })
		for _, r := range byName {
			meta = append(meta, LayerMetadata{Name: "rule", Value: r.Name})
			if baseURL != "" {
				links = append(links, LayerLink{Label: r.Name, URL: strings.TrimSuffix(baseURL, "/") + "/" + r.Path})
			}
		}
		for _, tac := range at.Tactics {
			l.Techniques = append(l.Techniques, LayerTechnique{
				TechniqueID: id, Tactic: tac, Score: len(rs), Enabled: true,
				Comment:  plural(len(rs), "rule"),
				Metadata: meta, Links: links,
				ShowSubs: !at.IsSub() && hasSub(all, id),
			})
		}
	}
	l.Gradient = LayerGradient{Colors: []string{"#dbe9f8", "#2f74c0"}, MinValue: 0, MaxValue: maxScore}
	if maxScore == 1 {
		l.Gradient.Colors = []string{"#ffffff", "#2f74c0"}
	}
	l.Metadata = []LayerMetadata{{Name: "generator", Value: "rulecat"}}
	return l
}

func hasSub(all map[string][]layerRule, id string) bool {
	for k := range all {
		if strings.HasPrefix(k, id+".") {
			return true
		}
	}
	return false
}
