package indextest

import (
	"encoding/json"
	"os"
)

// SetMetaFormat rewrites the generation meta.json at path as a version of briefsearch writing
// index format would have (meta.json is the one file a generation's checksums leave out): what
// a test of an upgrade, or of a replica of another version, starts from. The other fields stay.
func SetMetaFormat(path string, format int) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	m["format"] = format
	if data, err = json.Marshal(m); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
