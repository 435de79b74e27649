package catalog

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Options tune Load.
type Options struct {
	// Exclude, when set, drops every file or directory for which it returns
	// true. It is given the slash-separated path as reached from the command
	// line, so "rules/old" or "rules/old/x.yaml".
	Exclude func(path string) bool
	// NoValidate turns off JSON-Schema validation of YAML rules.
	NoValidate bool
}

// Load finds the rule files under paths and decodes them into a Catalog.
// Each path is a file or a directory; directories are walked recursively,
// skipping hidden files and directories and directories named "site", and
// picking files by extension (see FormatOf). A file given explicitly is always read.
// Files are decoded on a bounded worker pool; rules come out sorted by path
// and the result never depends on scheduling. A problem in a file is a
// Diagnostic in its Rule; the only error is a path that does not exist.
// Options.Exclude applies to what the walk finds, not to the paths given.
func Load(paths []string, opts Options) (*Catalog, error) {
	var files []string
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	dirErrs := map[string]error{} // directories the walk could not list
	for _, p := range paths {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("load rules: %w", err)
		}
		name := filepath.ToSlash(filepath.Clean(p))
		if err != nil || !fi.IsDir() {
			// A path that exists but cannot be examined is read like a
			// file, which reports it as file-unreadable.
			add(name)
			continue
		}
		found, errs := walk(name, opts.Exclude)
		maps.Copy(dirErrs, errs)
		for _, f := range found {
			add(f)
		}
	}
	slices.Sort(files)

	v := newValidator(opts)
	out := make([][]*Rule, len(files))
	// GOMAXPROCS workers take the files in turn, each writing its own
	// slots. A goroutine per file would grow a fresh stack to the depth of
	// the YAML parser for every file, which cost a twentieth of a load.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				f := files[i]
				if err, ok := dirErrs[f]; ok {
					out[i] = []*Rule{unreadable(f, "cannot read directory", err)}
					continue
				}
				out[i] = loadFile(f, v)
			}
		})
	}
	wg.Wait()

	c := &Catalog{Files: len(files)}
	for _, rs := range out {
		c.Rules = append(c.Rules, rs...)
	}
	return c, nil
}

// walk lists the rule files under dir in lexical order. It follows symbolic
// links to files but not to directories, so it never loops. A directory it
// cannot list is listed too, with its error in errs, so that a subtree is
// never left out without a word.
func walk(dir string, exclude func(string) bool) (files []string, errs map[string]error) {
	errs = map[string]error{}
	var visit func(dir string)
	visit = func(dir string) {
		entries, err := os.ReadDir(filepath.FromSlash(dir))
		if err != nil {
			files = append(files, dir)
			errs[dir] = err
			return
		}
		for _, e := range entries {
			name := e.Name()
			p := path.Join(dir, name)
			if exclude != nil && exclude(p) {
				continue
			}
			typ := e.Type()
			if typ&fs.ModeSymlink != 0 {
				fi, err := os.Stat(filepath.FromSlash(p))
				if err != nil || fi.IsDir() {
					continue // dangling link, or a directory link that could loop
				}
				typ = fi.Mode().Type()
			}
			switch {
			case typ.IsDir():
				if strings.HasPrefix(name, ".") || name == "site" {
					continue
				}
				visit(p)
			case typ.IsRegular():
				// Hidden files are tool config (.rulecat.yaml,
				// .pre-commit-config.yaml), not rules.
				if !strings.HasPrefix(name, ".") && ruleFile(p) {
					files = append(files, p)
				}
			}
		}
	}
	visit(dir)
	return files, errs
}

// FormatOf returns the format a file is read as, from its extension (in any
// case): .yaml and .yml are YAML rules, .md and .markdown markdown pages, and
// .kql, .csl and .kusto bare queries. ok is false for any other extension.
func FormatOf(name string) (f Format, ok bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml":
		return FormatYAML, true
	case ".md", ".markdown":
		return FormatMarkdown, true
	case ".kql", ".csl", ".kusto":
		return FormatKQL, true
	}
	return "", false
}

// ruleFile reports whether a directory walk picks up file p: a file with a
// rule extension, or a file with no extension at all whose first line looks
// like a YAML key (Sentinel's repository holds a few rules saved without
// ".yaml"). Other extensions, .txt included, are only read when named
// explicitly on the command line.
func ruleFile(p string) bool {
	if _, ok := FormatOf(p); ok {
		return true
	}
	if path.Ext(p) != "" {
		return false
	}
	f, err := os.Open(filepath.FromSlash(p))
	if err != nil {
		return true // let loadFile report it
	}
	defer f.Close()
	var buf [512]byte
	n, _ := f.Read(buf[:])
	return looksLikeYAML(TrimBOM(buf[:n]))
}

// looksLikeYAML reports whether the first significant line of src is a
// "key:" line.
func looksLikeYAML(src []byte) bool {
	for line := range bytes.Lines(src) {
		s := strings.TrimSpace(string(line))
		if s == "" || strings.HasPrefix(s, "#") || s == "---" {
			continue
		}
		k, _, ok := strings.Cut(s, ":")
		return ok && yamlKey.MatchString(k)
	}
	return false
}

// yamlKey is what a top-level key of a rule file looks like.
var yamlKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// loadFile reads and decodes one file into its rules (always at least one).
func loadFile(name string, v *validator) []*Rule {
	src, err := os.ReadFile(filepath.FromSlash(name))
	if err != nil {
		return []*Rule{unreadable(name, "cannot read file", err)}
	}
	return decode(name, src, v)
}

// utf8BOM is the UTF-8 byte order mark some editors put at the start of a
// file.
var utf8BOM = []byte("\uFEFF")

// TrimBOM returns src without its leading UTF-8 byte order mark, if any. The
// loader reads every rule file through it, so positions in a Rule and its
// Diagnostics count from the first byte after the mark; a reader of the same
// file that turns those positions into something else (SARIF's UTF-16
// columns) must do the same.
func TrimBOM(src []byte) []byte {
	return bytes.TrimPrefix(src, utf8BOM)
}

// unreadable is the rule standing for a file or directory that could not be
// read, with one file-unreadable diagnostic.
func unreadable(name, what string, err error) *Rule {
	r := brokenRule(name, formatFor(name, nil), nil)
	nameAfterFile(r)
	msg := what
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg += ": " + pe.Err.Error() // the path is the diagnostic's own
	}
	r.Diagnostics = append(r.Diagnostics, fileDiag(name, 1, 1, "file-unreadable", msg))
	return r
}

// formatFor picks the format of a file: by extension, else YAML when the
// text looks like YAML, else a bare query.
func formatFor(name string, src []byte) Format {
	if f, ok := FormatOf(name); ok {
		return f
	}
	if looksLikeYAML(src) {
		return FormatYAML
	}
	return FormatKQL
}

// LoadBytes decodes src as the rule file name (its format chosen from the
// extension as in Load) and returns its rules with their diagnostics,
// validating YAML rules against the schemas. It never fails: problems are
// Diagnostics.
func LoadBytes(name string, src []byte) []*Rule {
	return decode(name, src, newValidator(Options{}))
}

// decode checks that src is a text file and hands it to its format's decoder.
// A leading UTF-8 byte order mark is dropped here, once for every format, so
// that columns on line 1 are those an editor shows and no decoder sees it;
// and a rule left without a name is named after its file here, for every
// format and every way decoding can fail.
func decode(name string, src []byte, v *validator) []*Rule {
	src = TrimBOM(src)
	format := formatFor(name, src)
	var r *Rule
	if d, ok := checkText(name, src); !ok {
		r = brokenRule(name, format, src)
		r.Diagnostics = append(r.Diagnostics, d)
	} else {
		switch format {
		case FormatYAML:
			r = decodeYAML(name, src, v)
		case FormatMarkdown:
			r = decodeMarkdown(name, src)
		default:
			r = decodeKQL(name, src)
		}
		r.Diagnostics = SortDiagnostics(r.Diagnostics)
	}
	nameAfterFile(r)
	return []*Rule{r}
}

// checkText reports the first reason src is not a usable text file: empty,
// binary (a NUL byte) or not UTF-8.
func checkText(name string, src []byte) (Diagnostic, bool) {
	if len(bytes.TrimSpace(src)) == 0 {
		return fileDiag(name, 1, 1, "file-empty", "file is empty"), false
	}
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return fileDiag(name, 1, 1, "file-encoding", "file is UTF-16; save it as UTF-8"), false
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := NewLines(src).Position(i)
		return fileDiag(name, line, col, "file-encoding", "file is binary; found a NUL byte"), false
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		line, col := NewLines(src).Position(i)
		return fileDiag(name, line, col, "file-encoding", fmt.Sprintf("file is not valid UTF-8; found byte 0x%02x", src[i])), false
	}
	return Diagnostic{}, true
}

// brokenRule is the rule standing for a file that could not be decoded.
func brokenRule(name string, format Format, src []byte) *Rule {
	return &Rule{File: name, Format: format, Lines: NewLines(src)}
}

// nameAfterFile names a rule that has no name (none in the file, or an empty
// or non-text one, which the schema reports) after its file, so that it is
// still counted and listed: at its name field when it has one, else at the
// start of the file.
func nameAfterFile(r *Rule) {
	if r.Name.Text == "" {
		r.Name = Value{Text: baseName(r.File), Span: cmp.Or(r.Name.Span, Span{Line: 1, Col: 1})}
	}
}

// baseName is the file name without directory and extension.
func baseName(name string) string {
	b := path.Base(name)
	if ext := path.Ext(b); ext != "" && ext != b {
		b = strings.TrimSuffix(b, ext)
	}
	return b
}

// fileDiag is an error-severity load-time diagnostic.
func fileDiag(name string, line, col int, check, msg string) Diagnostic {
	return Diagnostic{File: name, Line: line, Col: col, Severity: Error, Check: check, Message: msg}
}
