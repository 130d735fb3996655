// Package lexicon holds the gazetteer and the glossary that ship with briefsearch, embedded in
// the binary: what an installed binary uses when no file of its own is configured.
package lexicon

import (
	"bytes"
	_ "embed"
)

// Names of the shipped files, as errors and snapshots name them.
const (
	GazetteerName = "builtin:gazetteer.yaml"
	GlossaryName  = "builtin:glossary.yaml"
)

//go:embed gazetteer.yaml
var gazetteer []byte

//go:embed glossary.yaml
var glossary []byte

// Gazetteer returns the shipped gazetteer (a copy: callers may keep or change it).
func Gazetteer() []byte { return bytes.Clone(gazetteer) }

// Glossary returns the shipped glossary (a copy).
func Glossary() []byte { return bytes.Clone(glossary) }
