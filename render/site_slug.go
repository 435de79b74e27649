package render

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// maxSlug bounds a slug's length so page names stay well under file-system
// limits even with a hash suffix.
const maxSlug = 64

// slug turns any text into a file-name-safe name: lower-case ASCII letters,
// digits and single hyphens, never empty, never "." or "..", never a name
// Windows reserves for a device, never longer than maxSlug bytes. It is the
// only way site file names are made from rule content, so nothing a rule says
// can leave the output directory or make the site impossible to check out.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > maxSlug {
		out = strings.TrimRight(out[:maxSlug], "-")
	}
	if out == "" {
		return "x"
	}
	if windowsDevice(out) {
		// "con.html" cannot be created on Windows; "con-page.html" can.
		// A rule whose name slugs to "con-page" itself shares the base
		// and uniqueSlugs tells the two apart.
		return out + "-page"
	}
	return out
}

// windowsDevice reports whether slug s (which holds no ".", so no extension)
// is a device name Windows reserves whatever the extension and case: CON,
// PRN, AUX, NUL, COM0-9 and LPT0-9.
func windowsDevice(s string) bool {
	switch s {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(s) == 4 && (s[:3] == "com" || s[:3] == "lpt") && s[3] >= '0' && s[3] <= '9'
}

// shortHash returns the first 8 hex digits of the SHA-256 of s: a stable
// suffix that tells apart pages whose names slug to the same text.
func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}

// uniqueSlugs gives each item its base slug, except that every item whose
// base is shared with another item, or reserved, gets a short hash of its key
// (for a rule: its file path and position in the file) appended, and a
// counter only if even that collides. The result does not depend on the
// order of the items, so a page keeps its name when others are added.
func uniqueSlugs(bases, keys []string, reserved ...string) []string {
	n := map[string]int{}
	for _, b := range bases {
		n[b]++
	}
	for _, r := range reserved {
		n[r] += 2
	}
	used := map[string]bool{}
	for b, c := range n {
		if c == 1 {
			used[b] = true
		}
	}
	out := make([]string, len(bases))
	for i, b := range bases {
		if n[b] == 1 {
			out[i] = b
			continue
		}
		name := b + "-" + shortHash(keys[i])
		for j := 2; used[name]; j++ {
			name = b + "-" + shortHash(keys[i]) + "-" + strconv.Itoa(j)
		}
		used[name] = true
		out[i] = name
	}
	return out
}
