package ingest

// What a generation remembers of the archive it was built from (sources.json among its extra
// files): every file's size, modification time and, once read, its briefing's id and hash, or
// why it was rejected. A later build trusts a file whose size and time are unchanged, so an
// unchanged PDF is never extracted again.

import (
	"encoding/json"
	"errors"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"briefsearch/archive"
	"briefsearch/archive/forms"
	"briefsearch/index"
)

// SourcesFile is the generation's record of its archive.
const SourcesFile = "sources.json"

// readerVersion changes whenever reading a form changes what a file yields: a generation
// read by another version is rebuilt in full.
const readerVersion = 1

// readerFingerprint is readerVersion and the program's revision, when it was built from a
// version-controlled tree: a new program re-reads everything once.
func readerFingerprint() string {
	fp := []string{"reader-" + strconv.Itoa(readerVersion)}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" && s.Value == "true" {
				fp = append(fp, s.Key+"="+s.Value)
			}
		}
	}
	return strings.Join(fp, " ")
}

// sourceState is sources.json.
type sourceState struct {
	Reader  string      `json:"reader"`  // readerFingerprint of the build
	Lexicon string      `json:"lexicon"` // Lexicon.fingerprint of the build
	Files   []fileState `json:"files"`
}

// fileState is what one build saw of one file.
type fileState struct {
	Rel     string     `json:"path"`
	Size    int64      `json:"size"`
	ModTime int64      `json:"mtime_ns"`
	ID      string     `json:"id,omitempty"`   // the briefing read from it
	Hash    string     `json:"hash,omitempty"` // of the file
	Form    forms.Form `json:"form,omitempty"`
	Line    int        `json:"line,omitempty"`   // of a rejection
	Reason  string     `json:"reason,omitempty"` // why it is not a briefing
}

// matches reports whether f is the file this state was taken from, unchanged.
func (s fileState) matches(f forms.File) bool {
	return s.Rel == f.Rel && s.Size == f.Size && s.ModTime == f.ModTime.UnixNano()
}

// rejection is the state's rejection, naming the file as the scan names it.
func (s fileState) rejection(f forms.File) *archive.ParseError {
	return &archive.ParseError{File: f.Path, Line: s.Line, Reason: s.Reason}
}

// stateOf records what reading f gave.
func stateOf(rd forms.Read) fileState {
	s := fileState{Rel: rd.File.Rel, Size: rd.File.Size, ModTime: rd.File.ModTime.UnixNano()}
	if rd.Err != nil {
		var pe *archive.ParseError
		if errors.As(rd.Err, &pe) {
			s.Line, s.Reason = pe.Line, pe.Reason
		} else {
			s.Reason = rd.Err.Error()
		}
		return s
	}
	s.ID, s.Hash, s.Form = rd.Briefing.ID, rd.Briefing.Hash, rd.Form
	return s
}

// readSources reads the sources.json of the generation in dir; missing or unreadable, it is
// nil (the next build reads every file).
func readSources(dir string) *sourceState {
	b, err := os.ReadFile(index.ExtraPath(dir, SourcesFile))
	if err != nil {
		return nil
	}
	var s sourceState
	if json.Unmarshal(b, &s) != nil {
		return nil
	}
	return &s
}

// encodeSources is the sources.json of a build.
func encodeSources(reader, lexicon string, states map[string]fileState) ([]byte, error) {
	s := sourceState{Reader: reader, Lexicon: lexicon, Files: make([]fileState, 0, len(states))}
	for _, st := range states {
		s.Files = append(s.Files, st)
	}
	slices.SortFunc(s.Files, func(a, b fileState) int { return strings.Compare(a.Rel, b.Rel) })
	return json.MarshalIndent(s, "", " ")
}
