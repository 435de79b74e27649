package schema

import (
	"encoding/json"
	"io/fs"
	"testing"
)

// TestFiles checks that every embedded schema is JSON whose $id ends with
// its own file name, which is how the schemas refer to each other.
func TestFiles(t *testing.T) {
	files, err := fs.Glob(FS, "*.json")
	if err != nil || len(files) != 5 {
		t.Fatalf("embedded schemas %q, %v; want 5", files, err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(FS, f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			ID     string `json:"$id"`
			Schema string `json:"$schema"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if doc.ID != "https://rulecat.dev/schema/"+f || doc.Schema != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $id %q, $schema %q", f, doc.ID, doc.Schema)
		}
	}
}
