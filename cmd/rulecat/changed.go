package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// git runs git with args in the working directory and returns its output;
// a failure carries git's own message.
func git(args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	c := exec.Command("git", args...)
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		var ee *exec.ExitError
		if errors.As(err, &ee) && msg != "" {
			return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
		}
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return stdout.Bytes(), nil
}

// gitTopLevel returns the root of the git work tree holding the working
// directory.
func gitTopLevel() (string, error) {
	out, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	return filepath.FromSlash(strings.TrimSpace(string(out))), nil
}

// changedFiles returns a predicate that accepts the files (as reached from
// the command line) changed since ref: those a pull request changes
// (ref...HEAD), plus uncommitted and untracked ones.
func changedFiles(ref string) (func(string) bool, error) {
	root, err := gitTopLevel()
	if err != nil {
		return nil, fmt.Errorf("--changed-since: %w", err)
	}
	changed := map[string]bool{}
	for _, args := range [][]string{
		{"diff", "--name-only", "--no-renames", "-z", ref + "...HEAD", "--"},
		{"diff", "--name-only", "--no-renames", "-z", "HEAD", "--"},
		{"ls-files", "--full-name", "--others", "--exclude-standard", "-z", ":/"}, // ":/": the whole work tree, whatever the working directory
	} {
		out, err := git(args...)
		if err != nil {
			return nil, fmt.Errorf("--changed-since: %w", err)
		}
		for name := range strings.SplitSeq(string(out), "\x00") {
			if name != "" {
				changed[name] = true
			}
		}
	}
	// Resolve symbolic links in the root (macOS's /var → /private/var) so
	// that paths made absolute from the working directory compare equal.
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("--changed-since: %w", err)
	}
	if w, err := filepath.EvalSymlinks(wd); err == nil {
		wd = w
	}
	return func(file string) bool {
		p := filepath.FromSlash(file)
		if !filepath.IsAbs(p) {
			p = filepath.Join(wd, p)
		}
		rel, err := filepath.Rel(root, p)
		return err == nil && changed[filepath.ToSlash(rel)]
	}, nil
}
