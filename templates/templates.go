// Package templates holds the documentation site's HTML templates and the
// static files (CSS, JavaScript, the vendored MiniSearch library and its
// licence) that every site carries. render parses them once with
// html/template.
package templates

import "embed"

// FS holds every *.html template and the static/ directory.
//
//go:embed *.html static
var FS embed.FS
