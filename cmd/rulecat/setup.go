package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// addGlobalFlags adds the flags every command that reads a catalog shares.
func addGlobalFlags(root *cobra.Command) {
	f := root.PersistentFlags()
	f.String("config", "", "config file (default: "+analyze.ConfigName+" in the working directory or the nearest parent)")
	f.String("attack", "", "ATT&CK STIX bundle to use instead of the embedded data for its domains (e.g. a newer enterprise-attack.json)")
	f.String("attack-version", "", "the ATT&CK release of the --attack bundle (e.g. 19.0), named in messages; needed when the bundle has no x-mitre-collection object, as the official per-domain bundles have none")
	f.String("schemas", "", "extra table schemas: a JSON file or a folder of them (tables.json format or Sentinel CustomTables)")
}

// flagString reads a string flag of cmd or of its parents.
func flagString(cmd *cobra.Command, name string) string {
	if f := cmd.Flag(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// loadConfig reads --config FILE, or else the nearest .rulecat.yaml above
// the working directory; nil when there is none.
func loadConfig(cmd *cobra.Command) (*analyze.Config, error) {
	name := flagString(cmd, "config")
	if name == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("find config: %w", err)
		}
		found, ok := analyze.FindConfig(wd)
		if !ok {
			return nil, nil
		}
		name = found
		if rel, err := filepath.Rel(wd, found); err == nil {
			name = rel // findings in the config read like any other path
		}
	}
	return analyze.LoadConfig(name, configOptions())
}

// configOptions accepts the ids of every check and compiles `where:` with
// the selector language of --where.
func configOptions() analyze.ConfigOptions {
	return analyze.ConfigOptions{
		Known: analyze.KnownCheck,
		Compile: func(expr string) (analyze.Selector, error) {
			s, err := analyze.CompileSelector(expr)
			if err != nil {
				return nil, err // not a typed nil in the interface
			}
			return s, nil
		},
	}
}

// loadEnv reads the config, the catalog under paths (minus the config's
// excludes) and the reference data (--attack, --schemas), and returns the
// config and the Env checks run in. Every error is one the command cannot
// go on from.
func loadEnv(cmd *cobra.Command, paths []string) (*analyze.Config, *analyze.Env, error) {
	cfg, err := loadConfig(cmd)
	if err != nil {
		return nil, nil, err
	}
	var att *attack.Data
	if f := flagString(cmd, "attack"); f != "" {
		att, err = attack.LoadFile(f, flagString(cmd, "attack-version"))
	} else {
		att, err = attack.Load()
	}
	if err != nil {
		return nil, nil, err
	}
	var tab *tables.Schema
	if f := flagString(cmd, "schemas"); f != "" {
		tab, err = tables.LoadFile(f)
	} else {
		tab, err = tables.Load()
	}
	if err != nil {
		return nil, nil, err
	}
	opts := catalog.Options{}
	if cfg != nil && len(cfg.Exclude) > 0 {
		opts.Exclude = cfg.Excluded
	}
	cat, err := catalog.Load(paths, opts)
	if err != nil {
		return nil, nil, err
	}
	return cfg, analyze.NewEnv(cat, att, tab), nil
}

// loadSelected is how stats, analyze and build begin: it compiles --where
// (a bad expression fails before the catalog is read), loads the Env for
// paths (def when none are given; see loadEnv), and lets the selector see
// the Env's ATT&CK data. The selector is nil when --where is unset.
func loadSelected(cmd *cobra.Command, paths []string, def string, where *whereFlag) (*analyze.Config, *analyze.Env, *analyze.RuleSelector, error) {
	if len(paths) == 0 {
		paths = []string{def}
	}
	sel, err := where.selector()
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, env, err := loadEnv(cmd, paths)
	if err != nil {
		return nil, nil, nil, err
	}
	sel.UseAttack(env.Attack)
	return cfg, env, sel, nil
}
